import { isListingInForce } from '../policies/blacklist';
import { listingCheckOf, type CheckResult } from '../policies/partner-checks';
import type { BlacklistSource } from '../policies/vocabulary';
import type { BlacklistModel } from '../src/models/blacklist.model';
import { isDuplicateKey } from '../src/models/duplicate-key';

export interface Listing {
  creditCode: string;
  reason: string;
  listedBy: string;
  source: BlacklistSource;
  until?: Date;
  incidentId?: string;
  partnerId?: string;
}

/**
 * Lists a credit code unless an entry in force lists it already (then that entry stands and `listed` is
 * false); an entry whose term ended is replaced. The unique index on the code decides between two listings
 * at once; repeating a listing changes nothing.
 */
export async function listCode(
  blacklist: typeof BlacklistModel,
  listing: Listing,
  now: Date,
): Promise<{ listed: boolean; entry: Record<string, unknown> }> {
  const current = await blacklist.findOne({ creditCode: listing.creditCode }).lean<Record<string, unknown>>();
  if (current && isListingInForce(current as { until?: Date }, now)) return { listed: false, entry: current };
  if (current) {
    // Its term ended: the new listing takes its place (the store's one entry per code).
    const { until, incidentId, partnerId, ...rest } = listing;
    await blacklist.updateOne(
      { _id: current._id, updatedAt: current.updatedAt as Date },
      {
        $set: {
          ...rest,
          ...(until ? { until } : {}),
          ...(incidentId ? { incidentId } : {}),
          ...(partnerId ? { partnerId } : {}),
        },
        $unset: {
          ...(until ? {} : { until: 1 }),
          ...(incidentId ? {} : { incidentId: 1 }),
          ...(partnerId ? {} : { partnerId: 1 }),
        },
      },
    );
  } else {
    try {
      await blacklist.create(listing);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  const entry = (await blacklist.findOne({ creditCode: listing.creditCode }).lean<Record<string, unknown>>())!;
  const ours = entry.reason === listing.reason && entry.listedBy === listing.listedBy;
  return { listed: ours, entry };
}

/** The internal blacklist (不良名单): the check every vetting runs, and the listing a blacklisting makes. */
export function createBlacklistActivities(deps: { blacklist: typeof BlacklistModel; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    /** An entry refuses the partner while it is in force (no end, or its end still ahead). */
    async checkInternalBlacklist(input: { creditCode: string }): Promise<CheckResult> {
      const entry = await deps.blacklist.findOne({ creditCode: input.creditCode }).lean();
      const listed = entry && isListingInForce(entry, now()) ? [{ list: 'internal', reason: entry.reason }] : [];
      return listingCheckOf('internal_blacklist', listed);
    },

    /** Puts the credit code on the internal blacklist; listing it again changes nothing. */
    async listOnInternalBlacklist(input: { creditCode: string; reason: string; listedBy: string }): Promise<void> {
      await listCode(deps.blacklist, { ...input, source: 'partner_blacklisting' }, now());
    },
  };
}

export type BlacklistActivities = ReturnType<typeof createBlacklistActivities>;
