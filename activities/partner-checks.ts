import type { BlacklistModel } from '../src/models/blacklist.model';
import { creditCodeVerdict } from '../policies/credit-code';

export interface ScreeningResult {
  passed: boolean;
  /** Why the partner failed; empty when it passed. */
  reasons: string[];
}

/** The automated checks a nominated partner goes through before review. Reads only. */
export function createPartnerCheckActivities(deps: { blacklist: typeof BlacklistModel }) {
  return {
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
