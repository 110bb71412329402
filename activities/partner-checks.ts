import {
  certificationCheckOf,
  creditCodeCheckOf,
  dataLocationCheckOf,
  type CertificationClaim,
  type CheckResult,
} from '../policies/partner-checks';

/**
 * The automated checks of a nominated partner that need no outside source, one activity each (the
 * internal blacklist is in blacklist.ts, the outside lists in external-lists.ts). Reads only.
 */
export function createPartnerCheckActivities() {
  return {
    async checkCreditCode(input: { creditCode: string }): Promise<CheckResult> {
      return creditCodeCheckOf(input.creditCode);
    },

    async checkCertifications(input: { certifications: CertificationClaim[]; asOf: string }): Promise<CheckResult> {
      return certificationCheckOf(input.certifications, new Date(input.asOf));
    },

    async checkDataLocations(input: { dataLocations: string[] }): Promise<CheckResult> {
      return dataLocationCheckOf(input.dataLocations);
    },
  };
}

export type PartnerCheckActivities = ReturnType<typeof createPartnerCheckActivities>;
