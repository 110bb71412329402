/**
 * The writes of a rectification workflow on its findings: each step read, applied by the pure rule
 * (policies/rectification-steps.ts) and recorded as the finding's next version with its audit event by
 * the entity recorder. The workflow is the findings' one writer and takes one step at a time, so the
 * read-modify-write never races; a retried step finds its key among the finding's steps and adds nothing.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Claims } from '../policies/abilities';
import type { AuditAction, AuditReason } from '../policies/audit-actions';
import type { Parameters } from '../policies/parameters';
import { findingAfter, type FindingAct } from '../policies/rectification-steps';
import type { findingEntity } from '../src/entities/finding';
import type { FindingState } from '../workflows/rectification/state';
import { trackedOf, type TrackedFinding } from '../workflows/rectification/messages';
import { createEntityStoreActivities } from './entity-store';

/** The audit action of each step, and the system's reason where the system takes it. */
const ACTION_OF: Record<FindingAct['kind'], AuditAction> = {
  evidence: 'finding.evidence_submitted',
  verify: 'finding.verified',
  send_back: 'finding.sent_back',
  escalate: 'finding.escalated',
  close: 'finding.closed',
  revoke: 'finding.revoked',
};

function whyOf(act: FindingAct, before: FindingState): AuditReason | undefined {
  if (act.kind === 'close') return { code: 'finding.cause_gone', params: { period: act.period } };
  if (act.kind === 'escalate' || act.kind === 'revoke')
    return { code: 'finding.overdue', params: { dueAt: before.dueAt } };
  return undefined;
}

/** What the audit trail's before/after show of a finding. */
export const findingSummaryOf = (s: FindingState) => ({
  status: s.status,
  ...(s.escalated ? { escalated: true } : {}),
  ...(s.closure ? { closure: s.closure.reason } : {}),
});

export function createFindingActivities(deps: { findings: typeof findingEntity; parameters: () => Parameters }) {
  const { findings } = deps;
  const { recordEntity } = createEntityStoreActivities();

  async function stateOf(id: string): Promise<FindingState> {
    const document = await findings.model.findById(id).lean<Record<string, unknown>>();
    if (!document) throw ApplicationFailure.nonRetryable(`no finding ${id}`, 'resource.not_found', { id });
    return findings.stateOf(document);
  }

  /** Applies the act to one finding and records the result; answers with the finding as it now is. */
  async function apply(id: string, act: FindingAct, actor: Claims): Promise<FindingState> {
    const before = await stateOf(id);
    const next = findingAfter(before, act);
    if (!next) return before;
    next.version = before.version + 1;
    next.updatedAt = act.at;
    const reason = act.kind === 'send_back' ? act.reason : act.kind === 'verify' ? act.reason : undefined;
    const why = whyOf(act, before);
    await recordEntity({
      entity: 'Finding',
      state: next as FindingState & Record<string, unknown>,
      before: findingSummaryOf(before),
      after: findingSummaryOf(next),
      audit: {
        actor,
        action: ACTION_OF[act.kind],
        ...(reason !== undefined ? { reason } : {}),
        ...(why ? { why } : {}),
        ruleVersion: before.ruleSetVersion,
      },
    });
    return next;
  }

  return {
    /** The findings a run raised for one owner unit, as its rectification tracks them, and the rectification parameters. */
    async loadRectification(input: { period: string; ownerUnit: string }): Promise<{
      findings: TrackedFinding[];
      rectification: Parameters['rectification'];
    }> {
      const documents = await findings.model
        .find({ period: input.period, ownerUnit: input.ownerUnit })
        .lean<Record<string, unknown>[]>();
      return {
        findings: documents
          .map((d) => trackedOf(findings.stateOf(d)))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        rectification: deps.parameters().rectification,
      };
    },

    /** One person's step on one finding (evidence, verification, send-back): the finding as it now is. */
    async applyFindingAct(input: { findingId: string; act: FindingAct; actor: Claims }): Promise<FindingState> {
      return await apply(input.findingId, input.act, input.actor);
    },

    /** One system step on many findings (escalate, close, revoke), heartbeating; what each now is. */
    async applyFindingActs(input: { findingIds: string[]; act: FindingAct; actor: Claims }): Promise<TrackedFinding[]> {
      const done = (Context.current().info.heartbeatDetails as TrackedFinding[] | undefined) ?? [];
      const out = [...done];
      for (const id of input.findingIds.slice(done.length)) {
        out.push(trackedOf(await apply(id, input.act, input.actor)));
        Context.current().heartbeat(out);
      }
      return out;
    },
  };
}

export type FindingActivities = ReturnType<typeof createFindingActivities>;
