import type { Claims } from '../policies/abilities';
import { appendAuditEvent } from '../src/audit/audit-log';
import type { BlacklistModel } from '../src/models/blacklist.model';
import type { PartnerModel } from '../src/models/partner.model';
import type { PartnerStatus, ReviewOutcome } from '../policies/vocabulary';
import type { PartnerState } from '../workflows/partner-lifecycle.messages';

/** The fields of the partner document that only the workflow writes, and may be absent. */
const OPTIONAL_FIELDS = [
  'nominatingUnit',
  'stage',
  'questionnaire',
  'riskTier',
  'riskScore',
  'riskReasons',
  'riskRulesVersion',
  'clearance',
  'decision',
  'dueAt',
  'validFrom',
  'validUntil',
  'revettingFrom',
  'blacklisting',
] as const;

/** The store's projection of the workflow's state. */
function projectionOf(state: PartnerState): Record<string, unknown> {
  const { risk } = state;
  return {
    nominatedBy: state.nominatedBy,
    nominatingUnit: state.nominatingUnit,
    certifications: state.certifications,
    dataLocations: state.dataLocations,
    status: state.status,
    stage: state.stage,
    round: state.round,
    version: state.version,
    checks: state.checks,
    questionnaire: state.questionnaire,
    riskTier: risk?.tier,
    riskScore: risk?.score,
    riskReasons: risk?.reasons,
    riskRulesVersion: risk?.rulesVersion,
    clearance: risk?.clearance,
    approvals: state.approvals,
    informationRequests: state.informationRequests,
    decision: state.decision,
    dueAt: state.dueAt,
    escalations: state.escalations,
    validFrom: state.validFrom,
    validUntil: state.validUntil,
    revettingFrom: state.revettingFrom,
    blacklisting: state.blacklisting,
  };
}

export interface PartnerAudit {
  actor: Claims;
  /** `partner.approved`, `partner.questionnaire_answered`, … */
  action: string;
  reason?: string;
  ruleVersion: string;
}

/** The first version's record (partner-lifecycle.v1). */
export interface PartnerStateRecord {
  partnerId: string;
  version: number;
  status: PartnerStatus;
  checkReasons: string[];
  decision?: { outcome: ReviewOutcome; reviewer: string; reason?: string };
  audit?: { actor: Claims; previousStatus: PartnerStatus; reason?: string; ruleVersion: string };
}

export function createPartnerStoreActivities(deps: {
  partners: typeof PartnerModel;
  blacklist: typeof BlacklistModel;
}) {
  return {
    /**
     * Appends the transition's audit event, then writes the partner's projection. Both are keyed by
     * the version: a retry, or a stale write of an older version, adds and changes nothing.
     */
    async recordPartner(input: { state: PartnerState; audit: PartnerAudit }): Promise<void> {
      const { state, audit } = input;
      const previous = await deps.partners.findById(state.partnerId, { status: 1, stage: 1 }).lean();
      await appendAuditEvent({
        eventKey: `partner:${state.partnerId}:v${state.version}`,
        actor: audit.actor,
        action: audit.action,
        subject: { type: 'Partner', id: state.partnerId },
        before: previous ? { status: previous.status, ...(previous.stage ? { stage: previous.stage } : {}) } : {},
        after: { status: state.status, ...(state.stage ? { stage: state.stage } : {}) },
        ...(audit.reason ? { reason: audit.reason } : {}),
        ruleVersion: audit.ruleVersion,
      });
      const projection = projectionOf(state);
      const $set: Record<string, unknown> = {};
      const $unset: Record<string, 1> = {};
      for (const [field, value] of Object.entries(projection)) {
        if (value !== undefined) $set[field] = value;
        else if ((OPTIONAL_FIELDS as readonly string[]).includes(field)) $unset[field] = 1;
      }
      await deps.partners.updateOne(
        { _id: state.partnerId, version: { $lt: state.version } },
        { $set, ...(Object.keys($unset).length ? { $unset } : {}) },
      );
    },

    /** Puts the credit code on the internal blacklist; listing it again changes nothing. */
    async listOnInternalBlacklist(input: { creditCode: string; reason: string; listedBy: string }): Promise<void> {
      await deps.blacklist.updateOne({ creditCode: input.creditCode }, { $setOnInsert: input }, { upsert: true });
    },

    /** The first version's write (partner-lifecycle.v1); kept for the workflows it started. */
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
