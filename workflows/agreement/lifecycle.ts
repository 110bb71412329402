/**
 * A sharing agreement, from draft to closed (S1, S4, S6, S7, S12): `agreement-<id>`, the one writer of
 * the agreement. The handlers (handlers.ts) only check and hand over what people send; the story below
 * moves the agreement: drafting and submission; the approval stages the rules route it through, each
 * with its working-day deadline, reminder and escalation; the regulator's decision on core data; the
 * provision record, the regulator filing and the grant of access; supervision while it runs (usage
 * reports, violations, recertification, amendments, suspension and resumption); and its end — by its
 * end date or by any trigger, access removed once — with the partner's deletion attestation awaited.
 */
import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { stageDeadlinesFor, regulatorFollowUpAfter } from '../../policies/agreement-deadlines';
import { nextAfterStageApproval } from '../../policies/agreement-decisions';
import { decisionSnapshotOf, type AgreementEvaluation } from '../../policies/decision-snapshot';
import type { Claims } from '../../policies/abilities';
import type { ApprovalStage } from '../../policies/vocabulary';
import { endOfShanghaiDay } from '../../policies/calendar';
import { nowIso, nowMs } from '../clock';
import { EntityRun, Inbox, type Drop } from '../kit/entity-run';
import {
  agreementStatusKey,
  partnerIdKey,
  requestingUnitKey,
  effectiveGradeKey,
  endsAtKey,
} from '../search-attributes';
import { registerHandlers } from './handlers';
import type { AgreementLifecycleInput, AgreementSummary, Draft } from './messages';
import {
  CALENDAR,
  SYSTEM,
  evaluate,
  notify,
  partnerFactArrived,
  record,
  snapshots,
  takeContent,
  type ReviewAct,
  type Sharing,
} from './sharing';
import type { AgreementState } from './state';
import { INCIDENT_ANSWERS_PATCH, answerIncident, awaitAttestation, provision, revoke, supervise } from './supervision';

/** A draft nobody submits stays a draft; its run checks this often whether to continue as new. */
const IDLE_CHECK = '30 days';

export async function agreementLifecycle(input: AgreementLifecycleInput): Promise<AgreementSummary> {
  const sharing = sharingOf(input);
  registerHandlers(sharing);
  const { state } = sharing;
  if (input.draft) {
    const { evaluation } = await evaluate(sharing, state.request);
    takeContent(sharing, evaluation);
    await record(sharing, input.draft.requester, 'agreement.drafted');
  }

  while (!isOver(state)) {
    await nextStep(sharing);
    if (workflowInfo().continueAsNewSuggested) await continueWith(sharing);
  }
  sharing.run.finish();
  await condition(allHandlersFinished);
  return summaryOf(state);
}

/** What comes next for the agreement as it stands. */
async function nextStep(sharing: Sharing): Promise<void> {
  switch (sharing.state.status) {
    case 'draft':
    case 'returned':
      return await awaitSubmission(sharing);
    case 'submitted':
    case 'in_review':
    case 'awaiting_regulator':
      return await awaitApproval(sharing);
    case 'approved':
      return await provision(sharing);
    case 'active':
    case 'suspended':
      return await supervise(sharing);
    case 'revoking':
      return await revoke(sharing, sharing.state.ending!.trigger);
    case 'revoked':
    case 'expired':
      return await awaitAttestation(sharing);
    default:
      return;
  }
}

const isOver = (state: AgreementState) =>
  state.status === 'rejected' || state.status === 'withdrawn' || state.status === 'closed';

/** A draft (or a returned request) is edited until its requester submits it, or withdraws it. */
async function awaitSubmission(sharing: Sharing): Promise<void> {
  const { state, run, inbox } = sharing;
  const arrived = () => inbox.draft.has() || partnerFactArrived(sharing)();
  if (!(await run.wait(arrived, IDLE_CHECK))) return;
  if (sharing.facts.length > 0) return await endBeforeApproval(sharing);
  const act = inbox.draft.take()!;
  if (act.kind === 'withdraw') return await withdraw(sharing, act.input.actor, act.input.reason);
  if (act.kind === 'edit') {
    const { input } = act;
    Object.assign(state, {
      request: input.request,
      records: input.records,
      ...(input.title ? { title: input.title } : {}),
    });
    const { evaluation } = await evaluate(sharing, state.request);
    takeContent(sharing, evaluation);
    takeTerm(state);
    await record(sharing, input.actor, 'agreement.edited');
    return;
  }
  // Submitted: the rules, read afresh, refuse it with every reason at once, or route it.
  const { context, evaluation } = await evaluate(sharing, state.request);
  if (evaluation.refusals.length > 0) {
    inbox.draft.refuse(notApprovable(evaluation.refusals));
    return;
  }
  takeContent(sharing, evaluation);
  takeTerm(state);
  const round = (state.review?.round ?? roundsSoFar(state)) + 1;
  state.route = evaluation.route;
  const review = startReview(sharing, 'request', round, evaluation);
  state.status = 'in_review';
  await storeSnapshot(sharing, context, evaluation, { kind: 'submission', by: act.input.actor.sub });
  await record(sharing, act.input.actor, 'agreement.submitted', {
    why: { code: 'agreement.routed', params: { stages: review.stages.join(',') } },
  });
  await notifyApprovers(sharing, 'stage_opened');
}

/**
 * The approval stages of the request, in the order the rules gave them: each stage's approver decides
 * (approve, reject, or return for changes) by its deadline in working days, or it escalates; core data
 * then waits for the regulator's decision (R12). The last approval reads the rules afresh.
 */
async function awaitApproval(sharing: Sharing): Promise<void> {
  const { state, run, inbox } = sharing;
  const review = state.review!;
  const next = review.remindAt ? Math.min(ms(review.remindAt), ms(review.dueAt)) : ms(review.dueAt);
  const arrived = () => inbox.review.has() || inbox.draft.has() || partnerFactArrived(sharing)();
  if (!(await run.until(arrived, next))) return await remindOrEscalate(sharing);
  if (sharing.facts.length > 0) return await endBeforeApproval(sharing);
  const draftAct = inbox.draft.take();
  if (draftAct) {
    // Only a withdrawal reaches a request in review (its validator refuses the rest).
    if (draftAct.kind === 'withdraw') return await withdraw(sharing, draftAct.input.actor, draftAct.input.reason);
    return;
  }
  await decide(sharing, inbox.review.take()!);
}

/** A stage's (or the regulator's) decision: recorded with the snapshot it was made on, and acted on. */
export async function decide(sharing: Sharing, act: ReviewAct): Promise<void> {
  const { state, inbox } = sharing;
  const review = state.review!;
  const { input } = act;
  const stage = act.kind === 'stage' ? act.input.stage : 'regulator';
  const scope = review.kind === 'amendment' ? state.amendment!.proposed : state.request;
  const { context, evaluation } = await evaluate(sharing, scope);
  const final =
    input.outcome === 'approve' && (act.kind === 'regulator' || nextAfterStageApproval(review) === 'approved');
  if (final) {
    // The last approval: the request must still be approvable, with every record on file.
    const blockers = [...evaluation.refusals, ...evaluation.approvalBlockers];
    if (blockers.length > 0) {
      inbox.review.refuse(notApprovable(blockers));
      return;
    }
  }
  const key = await storeSnapshot(sharing, context, evaluation, {
    kind: review.kind === 'amendment' ? 'amendment' : act.kind === 'regulator' ? 'regulator' : 'stage',
    by: input.actor.sub,
    ...(act.kind === 'stage' ? { stage: act.input.stage } : {}),
    outcome: input.outcome,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(act.kind === 'regulator' ? { reference: act.input.reference } : {}),
  });
  state.decisions.push({
    kind: review.kind,
    round: review.round,
    stage,
    outcome: input.outcome,
    by: input.actor.sub,
    at: nowIso(),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(act.kind === 'regulator' ? { reference: act.input.reference } : {}),
    snapshotKey: key,
  });
  const because = input.reason ? { reason: input.reason } : {};
  if (review.kind === 'amendment') return await decideAmendment(sharing, act, evaluation);

  if (input.outcome === 'reject') {
    endReview(state);
    state.status = 'rejected';
    state.ending = {
      trigger: 'rejected',
      at: nowIso(),
      by: input.actor.sub,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    await record(
      sharing,
      input.actor,
      act.kind === 'regulator' ? 'agreement.regulator_rejected' : 'agreement.rejected',
      because,
    );
    await notify(sharing, 'rejected', state.requestedBy, 'agreement.rejected');
    return;
  }
  if (input.outcome === 'return') {
    endReview(state);
    state.status = 'returned';
    await record(sharing, input.actor, 'agreement.returned', because);
    await notify(sharing, 'returned', state.requestedBy, 'agreement.returned');
    return;
  }
  const next = nextAfterStageApproval(review);
  if (next === 'approved') {
    endReview(state);
    state.status = 'approved';
    state.approved = state.request;
    await record(
      sharing,
      input.actor,
      act.kind === 'regulator' ? 'agreement.regulator_approved' : 'agreement.approved',
      because,
    );
    await notify(sharing, 'approved', state.requestedBy, 'agreement.approved');
    return;
  }
  if (next === 'regulator') {
    awaitRegulator(sharing);
    state.status = 'awaiting_regulator';
    await record(sharing, input.actor, 'agreement.awaiting_regulator', because);
    return;
  }
  openStage(sharing, next);
  await record(sharing, input.actor, 'agreement.stage_approved', {
    ...because,
    why: { code: 'agreement.stage_approved', params: { stage, next } },
  });
  await notifyApprovers(sharing, 'stage_opened');
}

/** An amendment's decision: approved, the amended scope replaces the one that runs (with access granted again). */
async function decideAmendment(sharing: Sharing, act: ReviewAct, evaluation: AgreementEvaluation): Promise<void> {
  const { state } = sharing;
  const review = state.review!;
  const { input } = act;
  const because = input.reason ? { reason: input.reason } : {};
  if (input.outcome !== 'approve') {
    endReview(state);
    delete state.amendment;
    await record(
      sharing,
      input.actor,
      input.outcome === 'return' ? 'agreement.amendment_returned' : 'agreement.amendment_rejected',
      because,
    );
    await notify(sharing, 'amendment_declined', state.requestedBy, 'agreement.amendment_declined');
    return;
  }
  const next = nextAfterStageApproval(review);
  if (next === 'regulator') {
    awaitRegulator(sharing);
    await record(sharing, input.actor, 'agreement.stage_approved', because);
    return;
  }
  if (next !== 'approved') {
    openStage(sharing, next);
    await record(sharing, input.actor, 'agreement.stage_approved', {
      ...because,
      why: { code: 'agreement.stage_approved', params: { stage: review.current, next } },
    });
    await notifyApprovers(sharing, 'stage_opened');
    return;
  }
  // The amended scope now runs: a new provision record (and filing), and access granted for it.
  const proposed = state.amendment!.proposed;
  endReview(state);
  delete state.amendment;
  state.request = proposed;
  state.approved = proposed;
  state.route = evaluation.route;
  takeContent(sharing, evaluation);
  takeTerm(state);
  await record(sharing, input.actor, 'agreement.amendment_approved', because);
  await notify(sharing, 'amendment_approved', state.requestedBy, 'agreement.amendment_approved');
  sharing.amended = true;
}

/** The stage's reminder came due (the approver is reminded), or its deadline (it escalates). */
export async function remindOrEscalate(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  const review = state.review!;
  if (review.remindAt && nowMs() >= ms(review.remindAt) && nowMs() < ms(review.dueAt)) {
    delete review.remindAt;
    await notifyApprovers(sharing, 'stage_reminder');
    return;
  }
  review.escalations += 1;
  const stage = review.current;
  if (stage === 'regulator') {
    review.dueAt = regulatorFollowUpAfter({
      since: new Date(nowMs()),
      params: sharing.params,
      calendar: CALENDAR,
    }).toISOString();
    state.dueAt = review.dueAt;
    await record(sharing, SYSTEM, 'agreement.regulator_follow_up', {
      why: { code: 'agreement.regulator_follow_up', params: { times: review.escalations } },
    });
    await notify(sharing, `regulator_follow_up_${review.escalations}`, 'role:dso', 'agreement.regulator_follow_up');
    return;
  }
  const deadlines = stageDeadlinesFor({
    stage,
    openedAt: new Date(nowMs()),
    params: sharing.params,
    calendar: CALENDAR,
  });
  review.dueAt = deadlines.dueAt.toISOString();
  state.dueAt = review.dueAt;
  await record(sharing, SYSTEM, 'agreement.stage_overdue', {
    why: {
      code: 'agreement.stage_overdue',
      params: { stage, escalations: review.escalations, to: deadlines.escalateTo },
    },
  });
  const to = deadlines.escalateTo === 'dso' ? 'role:dso' : 'role:first_responsible_person';
  await notify(sharing, `stage_overdue_${stage}_${review.escalations}`, to, 'agreement.stage_overdue', { stage });
}

/** A review of a request or an amendment along the route the rules gave it, its first stage open. */
export function startReview(
  sharing: Sharing,
  kind: 'request' | 'amendment',
  round: number,
  evaluation: Pick<AgreementEvaluation, 'route'>,
): NonNullable<AgreementState['review']> {
  const { stages, regulatorReview } = evaluation.route;
  const first = stages[0]!.stage;
  const review: NonNullable<AgreementState['review']> = {
    kind,
    round,
    stages: stages.map((s) => s.stage),
    awaitsRegulator: regulatorReview !== null,
    current: first,
    openedAt: nowIso(),
    dueAt: nowIso(),
    escalations: 0,
  };
  sharing.state.review = review;
  openStage(sharing, first);
  return review;
}

/** After the last stage, the regulator's decision on core data: the DSO follows it up by its deadline. */
function awaitRegulator(sharing: Sharing): void {
  const review = sharing.state.review!;
  review.current = 'regulator';
  review.openedAt = nowIso();
  delete review.remindAt;
  review.dueAt = regulatorFollowUpAfter({
    since: new Date(nowMs()),
    params: sharing.params,
    calendar: CALENDAR,
  }).toISOString();
  takeAwaiting(sharing.state, 'role:dso', review.dueAt);
}

/** Opens a stage of the review: its deadline and reminder from now, and who must act. */
export function openStage(sharing: Sharing, stage: ApprovalStage): void {
  const { state } = sharing;
  const review = state.review!;
  const deadlines = stageDeadlinesFor({
    stage,
    openedAt: new Date(nowMs()),
    params: sharing.params,
    calendar: CALENDAR,
  });
  Object.assign(review, {
    current: stage,
    openedAt: nowIso(),
    remindAt: deadlines.remindAt.toISOString(),
    dueAt: deadlines.dueAt.toISOString(),
    escalations: 0,
  });
  takeAwaiting(state, awaitingOf(state, stage), review.dueAt);
}

/** Who a stage waits for, as the lists and My work look it up: the unit head of the unit, or a role. */
export function awaitingOf(state: AgreementState, stage: ApprovalStage | 'regulator'): string {
  if (stage === 'unit_head') return `unit_head:${state.requestingUnit}`;
  if (stage === 'regulator') return 'role:dso';
  return `role:${stage === 'security_review' ? 'security_reviewer' : stage}`;
}

export function takeAwaiting(state: AgreementState, awaiting: string | undefined, dueAt: string | undefined): void {
  if (awaiting) state.awaiting = awaiting;
  else delete state.awaiting;
  if (dueAt) state.dueAt = dueAt;
  else delete state.dueAt;
}

async function notifyApprovers(sharing: Sharing, what: string): Promise<void> {
  const { state } = sharing;
  const review = state.review!;
  const recipient = review.current === 'unit_head' ? 'role:unit_head' : awaitingOf(state, review.current);
  await notify(sharing, `${what}_${review.kind}_${review.round}_${review.current}`, recipient, `agreement.${what}`, {
    stage: review.current,
  });
}

function endReview(state: AgreementState): void {
  state.review = null;
  takeAwaiting(state, undefined, undefined);
}

const roundsSoFar = (state: AgreementState) =>
  state.decisions.filter((d) => d.kind === 'request').reduce((top, d) => Math.max(top, d.round), 0);

/**
 * Before approval nothing flows, so no outside fact holds anything; only a partner's blacklisting ends the
 * request (a lapse is refused by the last approval, which reads the partner afresh).
 */
async function endBeforeApproval(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  const outside = sharing.facts.shift()!;
  // An incident finds nothing flowing to contain: it is told so.
  if (outside.kind === 'incident' && patched(INCIDENT_ANSWERS_PATCH)) return await answerIncident(state, outside.fact);
  if (outside.kind !== 'partner' || outside.fact.cause !== 'blacklisted') return;
  const { fact } = outside;
  endReview(state);
  state.status = 'rejected';
  const why = { code: 'agreement.partner_blacklisted' as const, params: {} };
  const words = fact.reason ? { reason: fact.reason } : {};
  state.ending = { trigger: 'partner_blacklisted', at: nowIso(), by: SYSTEM.sub, ...words, why };
  dropPending(sharing, {
    code: 'agreement.not_in_review',
    message: 'the partner was blacklisted',
    params: { status: 'rejected' },
  });
  await record(sharing, SYSTEM, 'agreement.rejected', { why, ...words });
  await notify(sharing, 'partner_blacklisted', state.requestedBy, 'agreement.partner_blacklisted');
}

async function withdraw(sharing: Sharing, actor: Claims, reason: string): Promise<void> {
  const { state } = sharing;
  endReview(state);
  state.status = 'withdrawn';
  state.ending = { trigger: 'withdrawn', at: nowIso(), by: actor.sub, reason };
  dropPending(sharing, {
    code: 'agreement.not_in_review',
    message: 'the request was withdrawn',
    params: { status: 'withdrawn' },
  });
  await record(sharing, actor, 'agreement.withdrawn', { reason });
}

/** The story will not take what was handed to it: those updates fail with `refusal`. */
export function dropPending(sharing: Sharing, refusal: Drop): void {
  for (const box of Object.values(sharing.inbox) as Inbox<unknown>[]) box.drop(refusal);
}

/** A request the rules refuse, with every reason at once. */
export function notApprovable(reasons: AgreementEvaluation['refusals']): Drop {
  return {
    code: 'agreement.not_approvable',
    message: `the request cannot be approved: ${reasons.map((r) => r.message).join('; ')}`,
    params: { count: reasons.length },
    reasons: reasons.map((r) => ({
      code: r.code,
      params: r.params as Record<string, string | number>,
      message: r.message,
    })),
  };
}

/** Stores what a decision was made on; the key is the decision's. */
async function storeSnapshot(
  sharing: Sharing,
  context: Parameters<typeof decisionSnapshotOf>[0]['context'],
  evaluation: AgreementEvaluation,
  decision: Parameters<typeof decisionSnapshotOf>[0]['decision'],
): Promise<string> {
  const { state } = sharing;
  void evaluation;
  const key = `snapshot:${state.id}:${state.decisions.length + 1}:${decision.kind}`;
  const scope = state.review?.kind === 'amendment' && state.amendment ? state.amendment.proposed : state.request;
  await snapshots.recordDecisionSnapshot({
    key,
    agreementId: state.id,
    snapshot: decisionSnapshotOf({ request: scope, context, decision }),
  });
  return key;
}

/** The term of the request as instants: from the start of its first day to the end of its last (Shanghai). */
export function takeTerm(state: AgreementState): void {
  state.startsAt = new Date(Date.parse(`${state.request.startDate}T00:00:00+08:00`)).toISOString();
  state.endsAt = endOfShanghaiDay(state.request.endDate).toISOString();
}

/** Continue-as-new with the state, once every update in flight has been answered. */
async function continueWith(sharing: Sharing): Promise<never> {
  sharing.run.finish();
  await condition(allHandlersFinished);
  return await continueAsNew<typeof agreementLifecycle>({ carried: sharing.state, params: sharing.params });
}

function sharingOf(input: AgreementLifecycleInput): Sharing {
  const state = input.carried ?? firstStateOf(input.draft);
  return {
    run: new EntityRun({
      entity: 'Agreement',
      state,
      summaryOf: (s) => ({
        status: s.status,
        ...(s.review ? { stage: s.review.current } : {}),
        ...(s.suspension ? { suspension: s.suspension.cause } : {}),
        granted: s.access.granted,
      }),
      searchAttributesOf: (s) => [
        { key: agreementStatusKey, value: s.status },
        { key: partnerIdKey, value: s.partnerId },
        { key: requestingUnitKey, value: s.requestingUnit },
        { key: effectiveGradeKey, value: s.effectiveGrade },
        { key: endsAtKey, value: new Date(s.endsAt) },
      ],
    }),
    state,
    params: input.params ?? input.draft!.params,
    inbox: {
      draft: new Inbox(),
      review: new Inbox(),
      usage: new Inbox(),
      resume: new Inbox(),
      recertify: new Inbox(),
      amend: new Inbox(),
      filing: new Inbox(),
      ending: new Inbox(),
      attestation: new Inbox(),
    },
    facts: [],
    seenFacts: new Set(),
    amended: false,
  };
}

function firstStateOf(draft: Draft): AgreementState {
  const at = nowIso();
  const state: AgreementState = {
    id: draft.agreementId,
    version: 0,
    createdAt: at,
    updatedAt: at,
    requestId: draft.requestId,
    title: draft.title,
    requestingUnit: draft.requester.unit ?? '',
    requestedBy: draft.requester.sub,
    partnerId: draft.request.partnerId,
    partnerName: draft.partnerName,
    status: 'draft',
    request: draft.request,
    records: draft.records,
    effectiveGrade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    crossBorder: draft.request.crossBorder,
    startsAt: at,
    endsAt: at,
    review: null,
    decisions: [],
    access: { granted: false, grants: 0, revokes: 0 },
    usage: { periods: [], received: { records: 0, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 } },
    violations: [],
  };
  takeTerm(state);
  return state;
}

export function summaryOf(state: AgreementState): AgreementSummary {
  return {
    id: state.id,
    version: state.version,
    status: state.status,
    effectiveGrade: state.effectiveGrade,
    ...(state.review ? { stage: state.review.current } : {}),
    granted: state.access.granted,
    ...(state.awaiting ? { awaiting: state.awaiting } : {}),
    ...(state.dueAt ? { dueAt: state.dueAt } : {}),
    ...(state.attestation ? { attestation: state.attestation.status } : {}),
  };
}

export const ms = (instant: string | undefined) => new Date(instant!).getTime();
