import { listingCheckOf, type CheckResult } from '../policies/partner-checks';
import type { BlacklistModel } from '../src/models/blacklist.model';

/** The internal blacklist (不良名单): the check every vetting runs, and the listing a blacklisting makes. */
export function createBlacklistActivities(deps: { blacklist: typeof BlacklistModel }) {
  return {
    async checkInternalBlacklist(input: { creditCode: string }): Promise<CheckResult> {
      const entry = await deps.blacklist.findOne({ creditCode: input.creditCode }).lean();
      return listingCheckOf('internal_blacklist', entry ? [{ list: 'internal', reason: entry.reason }] : []);
    },

    /** Puts the credit code on the internal blacklist; listing it again changes nothing. */
    async listOnInternalBlacklist(input: { creditCode: string; reason: string; listedBy: string }): Promise<void> {
      await deps.blacklist.updateOne({ creditCode: input.creditCode }, { $setOnInsert: input }, { upsert: true });
    },
  };
}

export type BlacklistActivities = ReturnType<typeof createBlacklistActivities>;
