import type { BlacklistModel } from '../src/models/blacklist.model';
import { creditCodeVerdict } from '../policies/credit-code';
import {
  certificationCheckOf,
  creditCodeCheckOf,
  dataLocationCheckOf,
  listingCheckOf,
  type CertificationClaim,
  type CheckResult,
} from '../policies/partner-checks';
import type { ExternalListConnector } from './external-lists';

export interface ScreeningResult {
  passed: boolean;
  /** Why the partner failed; empty when it passed. */
  reasons: string[];
}

/** The automated checks a nominated partner goes through before review, one activity each. Reads only. */
export function createPartnerCheckActivities(deps: {
  blacklist: typeof BlacklistModel;
  externalLists: readonly ExternalListConnector[];
}) {
  return {
    async checkCreditCode(input: { creditCode: string }): Promise<CheckResult> {
      return creditCodeCheckOf(input.creditCode);
    },

    async checkInternalBlacklist(input: { creditCode: string }): Promise<CheckResult> {
      const entry = await deps.blacklist.findOne({ creditCode: input.creditCode }).lean();
      return listingCheckOf('internal_blacklist', entry ? [{ list: 'internal', reason: entry.reason }] : []);
    },

    async checkExternalLists(input: { creditCode: string }): Promise<CheckResult> {
      const listings = await Promise.all(deps.externalLists.map((c) => c.listingsOf(input.creditCode)));
      return listingCheckOf('external_lists', listings.flat());
    },

    async checkCertifications(input: { certifications: CertificationClaim[]; asOf: string }): Promise<CheckResult> {
      return certificationCheckOf(input.certifications, new Date(input.asOf));
    },

    async checkDataLocations(input: { dataLocations: string[] }): Promise<CheckResult> {
      return dataLocationCheckOf(input.dataLocations);
    },

    /** The first version's single screening (partner-lifecycle.v1); kept for the workflows it started. */
    async screenPartner(input: { creditCode: string }): Promise<ScreeningResult> {
      const reasons: string[] = [];
      const verdict = creditCodeVerdict(input.creditCode);
      if (!verdict.valid) reasons.push(`credit_code.${verdict.reason}`);
      const listed = await deps.blacklist.findOne({ creditCode: input.creditCode }).lean();
      if (listed) reasons.push('blacklisted');
      return { passed: reasons.length === 0, reasons };
    },
  };
}
