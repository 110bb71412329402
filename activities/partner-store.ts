import type { Claims } from '../policies/abilities';
import { appendAuditEvent } from '../src/audit/audit-log';
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
  /** Who moved the partner and why; written to the audit trail before the state. */
  audit?: { actor: Claims; previousStatus: PartnerStatus; reason?: string; ruleVersion: string };
}

export function createPartnerStoreActivities(deps: { partners: typeof PartnerModel }) {
  return {
    /**
     * Appends the transition's audit event, then writes the partner's projection. Both are keyed by
     * the version: a retry, or a stale write of an older version, adds and changes nothing.
     */
    async recordPartnerState(record: PartnerStateRecord): Promise<void> {
      const { partnerId, version, status, checkReasons, decision, audit } = record;
      if (audit) {
        await appendAuditEvent({
          eventKey: `partner:${partnerId}:v${version}`,
          actor: audit.actor,
          action: `partner.${status}`,
          subject: { type: 'Partner', id: partnerId },
          before: { status: audit.previousStatus },
          after: { status, ...(checkReasons.length ? { checkReasons } : {}) },
          ...(audit.reason ? { reason: audit.reason } : {}),
          ruleVersion: audit.ruleVersion,
        });
      }
      await deps.partners.updateOne(
        { _id: partnerId, version: { $lt: version } },
        { $set: { version, status, checkReasons, ...(decision ? { decision } : {}) } },
      );
    },
  };
}
