import type { PartnerModel } from '../src/models/partner.model';
import type { ReviewDecision } from '../policies/partner-review';
import type { PartnerStatus } from '../policies/vocabulary';

export interface PartnerStateRecord {
  partnerId: string;
  /** The workflow's transition counter: a write never overwrites a newer one. */
  version: number;
  status: PartnerStatus;
  checkReasons: string[];
  decision?: ReviewDecision;
}

export function createPartnerStoreActivities(deps: { partners: typeof PartnerModel }) {
  return {
    /** Writes the partner's projection; a retry or a stale write of an older version changes nothing. */
    async recordPartnerState(record: PartnerStateRecord): Promise<void> {
      const { partnerId, version, status, checkReasons, decision } = record;
      await deps.partners.updateOne(
        { _id: partnerId, version: { $lt: version } },
        { $set: { version, status, checkReasons, ...(decision ? { decision } : {}) } },
      );
    },
  };
}
