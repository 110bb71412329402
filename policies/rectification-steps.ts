/**
 * How a finding moves while it is rectified (整改, issue 14 point 3), and who may move it: the owner unit
 * submits evidence; a security reviewer verifies it or sends it back with a reason (nobody verifies
 * evidence they submitted); past its deadline it escalates to the DSO; a re-inspection that no longer
 * finds its cause closes it; an overdue critical finding ends with its agreement revoked. Each step carries
 * a key: the same step applied twice is one step (a retried activity, a repeated request). The API and the
 * rectification workflow's validators refuse the same way. Pure.
 */
import { subject } from '@casl/ability';
import type { FindingState } from '../workflows/rectification/state';
import { SOD_REASONS, defineAbilityFor, type Claims } from './abilities';
import type { Refusal } from './errors';
import type { FindingStatus } from './vocabulary';

export type FindingAct =
  | { kind: 'evidence'; key: string; by: string; at: string; text: string }
  | { kind: 'verify'; key: string; by: string; at: string; reason?: string }
  | { kind: 'send_back'; key: string; by: string; at: string; reason: string }
  | { kind: 'escalate'; key: string; by: string; at: string }
  | { kind: 'close'; key: string; by: string; at: string; period: string }
  | { kind: 'revoke'; key: string; by: string; at: string };

/** Rectification is owed: the owner may submit evidence, the deadline runs. */
export const OWED_STATUSES: readonly FindingStatus[] = ['open', 'escalated'];
/** Not over: a re-inspection may still close it. */
export const UNRESOLVED_STATUSES: readonly FindingStatus[] = ['open', 'rectifying', 'escalated'];

/** Whether the act would change the finding now (not applied before, and the finding is where it applies). */
export function appliesTo(state: FindingState, act: FindingAct): boolean {
  if (state.steps.some((s) => s.key === act.key)) return false;
  switch (act.kind) {
    case 'evidence':
      return OWED_STATUSES.includes(state.status);
    case 'verify':
    case 'send_back':
      return state.status === 'rectifying';
    case 'escalate':
      return !state.escalated && UNRESOLVED_STATUSES.includes(state.status);
    case 'close':
      return UNRESOLVED_STATUSES.includes(state.status);
    case 'revoke':
      // Evidence awaiting verification holds the revocation: the owner did its part.
      return OWED_STATUSES.includes(state.status);
  }
}

/** The finding after the act (a new object), or null when the act does not apply or was applied already. */
export function findingAfter(state: FindingState, act: FindingAct): FindingState | null {
  if (!appliesTo(state, act)) return null;
  const next: FindingState = structuredClone(state);
  const step = { key: act.key, by: act.by, at: act.at };
  switch (act.kind) {
    case 'evidence':
      next.status = 'rectifying';
      next.evidenceBy = act.by;
      next.steps.push({ ...step, kind: 'evidence', text: act.text });
      break;
    case 'verify':
      next.status = 'verified';
      delete next.evidenceBy;
      next.closure = { reason: 'verified', at: act.at, by: act.by };
      next.steps.push({ ...step, kind: 'verified', ...(act.reason ? { text: act.reason } : {}) });
      break;
    case 'send_back':
      next.status = next.escalated ? 'escalated' : 'open';
      delete next.evidenceBy;
      next.steps.push({ ...step, kind: 'sent_back', text: act.reason });
      break;
    case 'escalate':
      next.escalated = true;
      if (next.status === 'open') next.status = 'escalated';
      next.steps.push({ ...step, kind: 'escalated' });
      break;
    case 'close':
      next.status = 'closed';
      next.live = false;
      delete next.evidenceBy;
      next.closure = { reason: 'cause_gone', at: act.at, by: act.by, period: act.period };
      next.steps.push({ ...step, kind: 'closed', period: act.period });
      break;
    case 'revoke':
      next.status = 'closed';
      next.live = false;
      next.closure = { reason: 'agreement_revoked', at: act.at, by: act.by };
      next.steps.push({ ...step, kind: 'revoked' });
      break;
  }
  return next;
}

/** The CASL subject of a finding: the fields its rules' conditions read. */
export function findingSubjectOf(state: Pick<FindingState, 'id' | 'ownerUnit' | 'status' | 'evidenceBy'>) {
  return subject('Finding', {
    _id: state.id,
    ownerUnit: state.ownerUnit,
    status: state.status,
    ...(state.evidenceBy !== undefined ? { evidenceBy: state.evidenceBy } : {}),
  });
}

function mayRefusal(
  actor: Claims,
  action: 'update' | 'verify',
  state: Parameters<typeof findingSubjectOf>[0],
): Refusal | null {
  const ability = defineAbilityFor(actor);
  const target = findingSubjectOf(state);
  if (ability.can(action, target)) return null;
  const why = ability.relevantRuleFor(action, target)?.reason;
  if (why === SOD_REASONS.ownEvidence) {
    return { code: 'finding.own_evidence', message: why, params: {} } satisfies Refusal;
  }
  if (why === SOD_REASONS.auditor) {
    return { code: 'auth.auditor_read_only', message: why, params: {} } satisfies Refusal;
  }
  return {
    code: 'auth.forbidden',
    message: why ?? `${actor.sub} may not ${action} this finding`,
    params: { action },
  } satisfies Refusal;
}

const notAt = (state: Pick<FindingState, 'status'>, code: 'finding.not_open' | 'finding.not_awaiting_verification') =>
  ({
    code,
    message:
      code === 'finding.not_open'
        ? `the finding is ${state.status}: no evidence is owed`
        : `the finding is ${state.status}: no evidence awaits verification`,
    params: { status: state.status },
  }) satisfies Refusal;

/** Why the actor may not submit evidence for the finding now, or null: the owner unit's people, while rectification is owed. */
export function evidenceRefusalFor(
  state: Pick<FindingState, 'id' | 'ownerUnit' | 'status' | 'evidenceBy'>,
  actor: Claims,
): Refusal | null {
  return (
    mayRefusal(actor, 'update', state) ??
    (OWED_STATUSES.includes(state.status) ? null : notAt(state, 'finding.not_open'))
  );
}

/**
 * Why the actor may not verify (or send back) the evidence now, or null: a security reviewer who did not
 * submit it, while it awaits verification; a send-back states its reason.
 */
export function verificationRefusalFor(
  state: Pick<FindingState, 'id' | 'ownerUnit' | 'status' | 'evidenceBy'>,
  actor: Claims,
  decision: { outcome: 'verify' | 'send_back'; reason?: string },
): Refusal | null {
  const refused = mayRefusal(actor, 'verify', state);
  if (refused) return refused;
  if (state.status !== 'rectifying') return notAt(state, 'finding.not_awaiting_verification');
  if (decision.outcome === 'send_back' && !decision.reason?.trim()) {
    return { code: 'finding.reason_required', message: 'a send-back states its reason', params: {} };
  }
  return null;
}
