/**
 * A partner's vetting, from nomination to lapse (S2, S6, S9): `partner-<id>`, the one writer of the
 * partner. The handlers only check and hand over what people send; the story below moves the partner:
 * automated checks, the questionnaire with its reminders, the risk assessment, the review (the DSO too
 * for a high tier) with escalation, validity and re-vetting, lapse, re-nomination. A blacklisting
 * interrupts whatever the story is doing, at any time, for good.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgreementSignalActivities } from '../../activities/agreements';
import type { BlacklistActivities } from '../../activities/blacklist';
import type { ExternalListActivities } from '../../activities/external-lists';
import type { NotifyActivities } from '../../activities/notify';
import type { PartnerCheckActivities } from '../../activities/partner-checks';
import type { QuestionnaireActivities } from '../../activities/questionnaires';
import type { Claims } from '../../policies/abilities';
import type { AuditAction, AuditReason } from '../../policies/audit-actions';
import type { Refusal } from '../../policies/errors';
import { screeningVerdictOf, type CheckReason } from '../../policies/partner-checks';
import {
  PARTNER_RULES_VERSION,
  RENOMINABLE_STATUSES,
  blacklistRefusalFor,
  informationRequestRefusalFor,
  isRepeatedDecision,
  nextAfterApproval,
  partnerReplyRefusalFor,
  renominationRefusalFor,
  reviewRefusalFor,
  validityOf,
  type ReviewDecision,
} from '../../policies/partner-review';
import { answerProblemsOf, type Questionnaire } from '../../policies/questionnaire';
import type { PartnerStatus, PartnerWithdrawalCause, ReviewStage, VettingStage } from '../../policies/vocabulary';
import { nowIso, nowMs } from '../clock';
import { EntityRun, Inbox } from '../kit/entity-run';
import { nominatingUnitKey, partnerStatusKey, partnerTierKey, partnerValidUntilKey } from '../search-attributes';
import {
  blacklistUpdate,
  decideUpdate,
  nominateUpdate,
  provideInformationUpdate,
  renominateUpdate,
  requestInformationUpdate,
  statusQuery,
  submitAnswersUpdate,
  type AnswersInput,
  type BlacklistInput,
  type InformationRequestInput,
  type InformationResponseInput,
  type Nomination,
  type PartnerLifecycleInput,
  type PartnerState,
  type PartnerSummary,
  type RenominationInput,
} from './messages';

const checks = proxyActivities<PartnerCheckActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
/** Outside lists answer slowly at times; a listing is never a reason to retry. */
const lists = proxyActivities<ExternalListActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes' },
});
const questionnaires = proxyActivities<QuestionnaireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['questionnaire.not_found'] },
});
const notifications = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
const blacklist = proxyActivities<BlacklistActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
/** Telling every agreement of a partner pages through them, heartbeating; a retry resumes. */
const agreements = proxyActivities<AgreementSignalActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

const DAY_MS = 24 * 3600 * 1000;
/** Reminders of an unanswered questionnaire go out this many days before it is due. */
export const QUESTIONNAIRE_REMINDER_DAYS = [7, 2] as const;
/** A rejected, expired or lapsed partner's run waits this long between checks for continue-as-new. */
const IDLE_CHECK = '30 days';
/** A re-vetting must end by the validity's end; its guard fires this much later, never at the same instant. */
const GUARD_AFTER_END_MS = 1000;

/** The actor of the transitions the workflow makes on its own. */
const SYSTEM: Claims = { sub: 'system:partner-lifecycle', roles: ['system'] };

/** A person's step that moves the review: a decision, or a question to the partner. */
type ReviewAct = { kind: 'decide'; decision: ReviewDecision } | { kind: 'ask'; request: InformationRequestInput };

/** Everything the handlers and the story share. */
interface Vetting {
  run: EntityRun<PartnerState>;
  state: PartnerState;
  inbox: {
    answers: Inbox<AnswersInput>;
    review: Inbox<ReviewAct>;
    reply: Inbox<InformationResponseInput>;
    renomination: Inbox<RenominationInput>;
  };
  /** The DSO's blacklisting, once sent: it interrupts the story. */
  blacklisting?: BlacklistInput;
  questionnaireVersion: string;
  questionnaire?: Questionnaire;
}

export async function partnerLifecycle(input: PartnerLifecycleInput): Promise<PartnerSummary> {
  const vetting = vettingOf(input);
  registerHandlers(vetting);
  const { state } = vetting;
  if (input.nomination) await record(vetting, input.nomination.nominator, 'partner.nominated');

  while (state.status !== 'blacklisted') {
    const handOn = await unlessBlacklisted(vetting, () => nextStep(vetting));
    if (vetting.blacklisting) await blacklistPartner(vetting, vetting.blacklisting);
    else if (handOn || workflowInfo().continueAsNewSuggested) await continueWith(vetting);
  }
  vetting.run.finish();
  await condition(allHandlersFinished);
  return summaryOf(state);
}

/**
 * What comes next for the partner as it stands. True when the run should continue as new (a
 * re-vetting approved: a new period, a fresh history).
 */
async function nextStep(vetting: Vetting): Promise<boolean> {
  const { state } = vetting;
  if (state.status === 'nominated') {
    await vet(vetting); // the first vetting, or the next after a re-nomination
    return false;
  }
  if (state.status === 'approved') {
    // Sleeps until re-vetting is due.
    await vetting.run.until(() => false, ms(state.revettingFrom));
    await moveTo(vetting, { status: 'revetting', stage: 'checks' }, SYSTEM, 'partner.revetting_started', {
      why: { code: 'partner.revetting_due' },
    });
    await vet(vetting);
    return state.status === 'approved';
  }
  // Rejected, expired or lapsed: nothing flows to the partner; a re-nomination may come.
  if (await vetting.run.wait(vetting.inbox.renomination.has, IDLE_CHECK)) {
    await renominated(vetting, vetting.inbox.renomination.take()!);
  }
  return false;
}

/**
 * One vetting round: checks, questionnaire, risk assessment, review. A first round ends approved,
 * rejected or expired; a re-vetting must be approved before the current validity ends, or the
 * partner lapses — even when an outside list or a person never answers.
 */
async function vet(vetting: Vetting): Promise<void> {
  const { state } = vetting;
  const hardEnd = state.status === 'revetting' ? ms(state.validUntil) : undefined;
  // The standing assessment and decision stay until this round replaces them: a partner in
  // re-vetting is still approved until its validity ends.
  Object.assign(state, { approvals: [], informationRequests: [], escalations: 0 });
  try {
    const outcome = await beforeEnd(() => vetRound(vetting, hardEnd), hardEnd);
    if (outcome === 'ended') await lapse(vetting);
  } finally {
    dropPending(vetting, {
      code: 'partner.not_in_review',
      message: `the partner is ${state.status}: its vetting round is over`,
      params: { status: state.status },
    });
  }
}

async function vetRound(vetting: Vetting, hardEnd: number | undefined): Promise<void> {
  const { state } = vetting;
  const revetting = state.status === 'revetting';
  const refusal = await runChecks(vetting);
  if (refusal.length > 0) {
    await endRound(vetting, SYSTEM, { why: { code: 'partner.checks_refused', params: paramsOfRefusal(refusal) } });
    return;
  }
  if (!(await awaitQuestionnaire(vetting, hardEnd))) {
    if (revetting) return await lapse(vetting);
    await moveTo(vetting, { status: 'expired' }, SYSTEM, 'partner.expired', {
      why: { code: 'partner.questionnaire_unanswered' },
    });
    return;
  }
  await assessRisk(vetting);
  for (;;) {
    const act = await awaitReview(vetting, hardEnd);
    if (act === 'ended') return await lapse(vetting);
    if (act === 'unanswered') {
      await moveTo(vetting, { status: 'expired' }, SYSTEM, 'partner.expired', {
        why: { code: 'partner.information_unanswered' },
      });
      return;
    }
    const { decision } = act;
    const reason = reasonOf(decision);
    if (decision.outcome === 'reject') {
      state.decision = { outcome: 'reject', by: decision.actor.sub, at: nowIso(), ...reason };
      return await endRound(vetting, decision.actor, reason);
    }
    if (await listedSinceChecks(vetting)) return;
    const stage = state.stage as ReviewStage;
    state.approvals.push({ stage, by: decision.actor.sub, at: nowIso(), ...reason });
    if (nextAfterApproval(stage, state.riskTier!) === 'dso_review') {
      await enterStage(vetting, 'dso_review', vetting.state.periods.reviewDays, decision.actor, {
        action: 'partner.approval_recorded',
        ...reason,
      });
      continue;
    }
    state.decision = { outcome: 'approve', by: decision.actor.sub, at: nowIso(), ...reason };
    return await approve(vetting, decision.actor, reason);
  }
}

/**
 * From this change on an approval reads the internal blacklist afresh: a code listed since the checks (by the
 * DSO, or at an incident's closure) refuses the approval and ends the round rejected. Histories recorded
 * before it replay as they ran.
 */
export const BLACKLIST_AT_APPROVAL_PATCH = 'blacklist-read-at-approval';

/** True when the code was listed since the checks: the approval is refused and the round ends rejected. */
async function listedSinceChecks(vetting: Vetting): Promise<boolean> {
  if (!patched(BLACKLIST_AT_APPROVAL_PATCH)) return false;
  const { state } = vetting;
  const listing = await blacklist.checkInternalBlacklist({ creditCode: state.creditCode });
  if (listing.outcome !== 'fail') return false;
  vetting.inbox.review.refuse({
    code: 'partner.blacklisted',
    message: `credit code ${state.creditCode} is on the internal blacklist: the partner cannot be approved`,
    params: { creditCode: state.creditCode },
  });
  await endRound(vetting, SYSTEM, { why: { code: 'partner.checks_refused', params: { reasons: 'check.listed' } } });
  return true;
}

/** The five checks in parallel; what refuses the partner, empty when nothing does. */
async function runChecks(vetting: Vetting): Promise<CheckReason[]> {
  const { state } = vetting;
  // A re-vetting entered its checks with its start.
  if (state.status === 'nominated') {
    await moveTo(vetting, { status: 'vetting', stage: 'checks' }, SYSTEM, 'partner.vetting_started', {
      why: { code: 'partner.checks_started' },
    });
  }
  const asOf = nowIso();
  state.checks = await Promise.all([
    checks.checkCreditCode({ creditCode: state.creditCode }),
    blacklist.checkInternalBlacklist({ creditCode: state.creditCode }),
    lists.checkExternalLists({ creditCode: state.creditCode }),
    checks.checkCertifications({ certifications: state.certifications, asOf }),
    checks.checkDataLocations({ dataLocations: state.dataLocations }),
  ]);
  return screeningVerdictOf(state.checks).reasons;
}

/** Sends the questionnaire and waits for the answers, reminding the partner as the deadline nears. */
async function awaitQuestionnaire(vetting: Vetting, hardEnd: number | undefined): Promise<boolean> {
  const { state, run, inbox } = vetting;
  // A first vetting uses the version sent at nomination; a re-vetting the latest one published.
  vetting.questionnaire = await questionnaires.loadQuestionnaire(
    state.round > 1 ? {} : { version: vetting.questionnaireVersion },
  );
  vetting.questionnaireVersion = vetting.questionnaire.version;
  const sentAt = nowMs();
  const dueAt = Math.min(sentAt + state.periods.questionnaireDays * DAY_MS, hardEnd ?? Infinity);
  state.questionnaire = { version: vetting.questionnaireVersion, sentAt: iso(sentAt), dueAt: iso(dueAt) };
  await setStage(vetting, 'questionnaire', dueAt, SYSTEM, { action: 'partner.questionnaire_sent' });
  await notifyPartner(vetting, 'questionnaire_sent', 'partner.questionnaire_requested');

  const reminders = QUESTIONNAIRE_REMINDER_DAYS.map((days) => dueAt - days * DAY_MS).filter((at) => at > sentAt);
  let answered = false;
  for (const [index, at] of reminders.entries()) {
    answered = await run.until(inbox.answers.has, at);
    if (answered) break;
    await notifyPartner(vetting, `questionnaire_reminder_${index + 1}`, 'partner.questionnaire_reminder');
  }
  answered ||= await run.until(inbox.answers.has, dueAt);
  if (!answered && hardEnd !== undefined && dueAt < hardEnd) {
    // A re-vetting keeps waiting until the validity ends, with the reviewers told that it is late.
    await escalate(vetting, 'partner.questionnaire_overdue');
    answered = await run.until(inbox.answers.has, hardEnd);
  }
  if (!answered) return false;
  const { answers, actor } = inbox.answers.take()!;
  state.questionnaire = { ...state.questionnaire, answers, answeredBy: actor.sub, answeredAt: nowIso() };
  await record(vetting, actor, 'partner.questionnaire_answered');
  return true;
}

/** Scores the answers; the review starts with the tier, score and clearance the reviewers see. */
async function assessRisk(vetting: Vetting): Promise<void> {
  const { state } = vetting;
  const risk = await questionnaires.assessPartnerRisk({
    certifications: state.certifications,
    dataLocations: state.dataLocations,
    answers: state.questionnaire!.answers!,
    questionnaireVersion: state.questionnaire!.version,
    asOf: nowIso(),
  });
  Object.assign(state, {
    riskScore: risk.score,
    riskTier: risk.tier,
    riskReasons: risk.reasons,
    riskRulesVersion: risk.rulesVersion,
    clearance: risk.clearance,
  });
  await enterStage(vetting, 'review', state.periods.reviewDays, SYSTEM, {
    action: 'partner.risk_assessed',
    why: {
      code: 'partner.risk_assessed',
      params: { score: risk.score, tier: risk.tier, clearance: risk.clearance, rules: risk.rulesVersion },
    },
  });
}

/**
 * Waits for the review stage's decision, escalating to the DSO each time it is overdue. A reviewer may
 * ask the partner a question first: the review then waits for its answer. `ended` when a re-vetting
 * reaches the validity's end; `unanswered` when a first vetting's question is not answered in time.
 */
async function awaitReview(
  vetting: Vetting,
  hardEnd: number | undefined,
): Promise<{ kind: 'decide'; decision: ReviewDecision } | 'ended' | 'unanswered'> {
  const { state, run, inbox } = vetting;
  for (;;) {
    const until = Math.min(ms(state.dueAt), hardEnd ?? Infinity);
    if (!(await run.wait(inbox.review.has, Math.max(until - nowMs(), 1)))) {
      if (hardEnd !== undefined && nowMs() >= hardEnd) return 'ended';
      await escalate(vetting, 'partner.review_overdue');
      continue;
    }
    const act = inbox.review.take()!;
    if (act.kind === 'decide') return act;
    const answered = await askPartner(vetting, act.request, hardEnd);
    if (answered !== 'answered') return answered;
  }
}

/** A reviewer's question: the partner has the question period to answer, then the review resumes. */
async function askPartner(
  vetting: Vetting,
  { question, actor }: InformationRequestInput,
  hardEnd: number | undefined,
): Promise<'answered' | 'ended' | 'unanswered'> {
  const { state, run, inbox } = vetting;
  const revetting = state.status === 'revetting';
  state.informationRequests.push({ question, askedBy: actor.sub, askedAt: nowIso() });
  state.returnTo = state.stage as ReviewStage;
  await enterStage(vetting, 'more_information', state.periods.questionnaireDays, actor, {
    action: 'partner.information_requested',
    reason: question,
  });
  const asked = state.informationRequests.length;
  await notifyPartner(vetting, `information_requested_${asked}`, 'partner.information_requested');
  for (;;) {
    const until = Math.min(ms(state.dueAt), hardEnd ?? Infinity);
    if (await run.wait(inbox.reply.has, Math.max(until - nowMs(), 1))) break;
    if (hardEnd !== undefined && nowMs() >= hardEnd) return 'ended';
    if (!revetting) return 'unanswered';
    await escalate(vetting, 'partner.information_overdue');
  }
  const { answer, actor: partnerUser } = inbox.reply.take()!;
  Object.assign(state.informationRequests[asked - 1]!, {
    answer,
    answeredBy: partnerUser.sub,
    answeredAt: nowIso(),
  });
  const returnTo = state.returnTo ?? 'review';
  delete state.returnTo;
  await enterStage(vetting, returnTo, state.periods.reviewDays, partnerUser, {
    action: 'partner.information_provided',
  });
  return 'answered';
}

async function approve(vetting: Vetting, actor: Claims, reason: { reason?: string }): Promise<void> {
  const { state } = vetting;
  const validity = validityOf({
    approvedAt: new Date(nowMs()),
    ...(state.validUntil && state.status === 'revetting' ? { previousValidUntil: new Date(state.validUntil) } : {}),
    months: state.periods.validityMonths,
    leadDays: state.periods.revettingLeadDays,
  });
  Object.assign(state, validity);
  await moveTo(vetting, { status: 'approved' }, actor, 'partner.approved', reason);
  await notifyNominator(vetting, 'approved');
}

/** Ends a round without approval; a partner that was approved (a re-vetting) takes its agreements with it. */
async function endRound(
  vetting: Vetting,
  actor: Claims,
  because: { reason?: string; why?: AuditReason },
): Promise<void> {
  const revetting = vetting.state.status === 'revetting';
  await moveTo(vetting, { status: 'rejected' }, actor, 'partner.rejected', because);
  if (revetting) await withdraw(vetting, 'rejected_on_revetting', because.reason);
  await notifyNominator(vetting, 'rejected');
}

async function lapse(vetting: Vetting): Promise<void> {
  await moveTo(vetting, { status: 'lapsed' }, SYSTEM, 'partner.lapsed', {
    why: { code: 'partner.revetting_not_approved' },
  });
  await withdraw(vetting, 'lapsed');
}

async function renominated(vetting: Vetting, input: RenominationInput): Promise<void> {
  const { state } = vetting;
  const { actor } = input;
  Object.assign(state, {
    certifications: input.certifications ?? state.certifications,
    dataLocations: input.dataLocations ?? state.dataLocations,
    nominatedBy: actor.sub,
    round: state.round + 1,
  });
  if (actor.unit) state.nominatingUnit = actor.unit;
  else delete state.nominatingUnit;
  await moveTo(vetting, { status: 'nominated' }, actor, 'partner.renominated', { reason: input.reason });
}

/** The DSO's blacklisting: final. The code is listed, and an approved partner's agreements are told. */
async function blacklistPartner(vetting: Vetting, { reason, actor }: BlacklistInput): Promise<void> {
  const { state } = vetting;
  const wasApproved = state.status === 'approved' || state.status === 'revetting';
  state.blacklisting = { by: actor.sub, at: nowIso(), reason };
  await moveTo(vetting, { status: 'blacklisted' }, actor, 'partner.blacklisted', { reason });
  await blacklist.listOnInternalBlacklist({ creditCode: state.creditCode, reason, listedBy: actor.sub });
  if (wasApproved) await withdraw(vetting, 'blacklisted', reason);
}

/**
 * Tells every open agreement of the partner that it may no longer receive data: the cause says why,
 * `reason` carries a person's own words when a person gave them.
 */
async function withdraw(vetting: Vetting, cause: PartnerWithdrawalCause, reason?: string): Promise<void> {
  const { state } = vetting;
  await agreements.tellAgreementsOfPartner({
    key: `partner:${state.id}:r${state.round}:${cause}`,
    partnerId: state.id,
    cause,
    ...(reason ? { reason } : {}),
    at: nowIso(),
  });
}

async function escalate(vetting: Vetting, action: AuditAction): Promise<void> {
  const { state } = vetting;
  state.escalations += 1;
  state.dueAt = iso(dueWithin(state, state.periods.reviewDays));
  await record(vetting, SYSTEM, action, {
    why: { code: 'partner.escalated', params: { escalations: state.escalations } },
  });
  await notifications.notify({
    key: `partner:${state.id}:r${state.round}:escalation:${state.escalations}`,
    recipient: 'role:dso',
    template: action,
    params: { ...paramsOf(state), stage: state.stage ?? '', escalations: String(state.escalations) },
    subject: { type: 'Partner', id: state.id },
    dueAt: state.dueAt,
  });
}

async function notifyPartner(vetting: Vetting, what: string, template: string): Promise<void> {
  const { state } = vetting;
  if (!inRound(state)) return;
  await notifications.notify({
    key: `partner:${state.id}:r${state.round}:${what}`,
    recipient: `partner:${state.id}`,
    template,
    params: paramsOf(state),
    subject: { type: 'Partner', id: state.id },
    ...(state.dueAt ? { dueAt: state.dueAt } : {}),
  });
}

/** Runs recorded before the nominator was told the outcome (issue 16) send no such notification. */
export const NOMINATOR_OUTCOME_PATCH = 'partner-nominator-outcome';

/** The nominator hears how its nomination (or the partner's re-vetting) ended, in My work. */
async function notifyNominator(vetting: Vetting, outcome: 'approved' | 'rejected'): Promise<void> {
  if (!patched(NOMINATOR_OUTCOME_PATCH)) return;
  const { state } = vetting;
  await notifications.notify({
    key: `partner:${state.id}:r${state.round}:outcome`,
    recipient: state.nominatedBy,
    template: `partner.nomination_${outcome}`,
    params: paramsOf(state),
    subject: { type: 'Partner', id: state.id },
  });
}

/** What a notification names the partner by. */
const paramsOf = (state: PartnerState): Record<string, string> => ({ partnerId: state.id, legalName: state.legalName });

interface Because {
  action: AuditAction;
  reason?: string;
  why?: AuditReason;
}

/** Enters a stage of the round, due `days` from now (in a re-vetting, never after the validity's end). */
async function enterStage(
  vetting: Vetting,
  stage: VettingStage,
  days: number,
  actor: Claims,
  because: Because,
): Promise<void> {
  await setStage(vetting, stage, dueWithin(vetting.state, days), actor, because);
}

async function setStage(
  vetting: Vetting,
  stage: VettingStage,
  dueAt: number | undefined,
  actor: Claims,
  because: Because,
): Promise<void> {
  const { state } = vetting;
  state.stage = stage;
  if (dueAt === undefined) delete state.dueAt;
  else state.dueAt = iso(dueAt);
  await record(vetting, actor, because.action, because);
}

/** Moves to a new status (and stage), then records it. */
async function moveTo(
  vetting: Vetting,
  to: { status: PartnerStatus; stage?: VettingStage },
  actor: Claims,
  action: AuditAction,
  because: Omit<Because, 'action'> = {},
): Promise<void> {
  const { state } = vetting;
  state.status = to.status;
  if (to.stage) state.stage = to.stage;
  else delete state.stage;
  if (!inRound(state)) delete state.dueAt;
  if (to.status === 'revetting') state.round += 1;
  await record(vetting, actor, action, because);
}

async function record(
  vetting: Vetting,
  actor: Claims,
  action: AuditAction,
  because: Omit<Because, 'action'> = {},
): Promise<void> {
  await vetting.run.record({
    actor,
    action,
    ...(because.reason !== undefined ? { reason: because.reason } : {}),
    ...(because.why ? { why: because.why } : {}),
    ruleVersion: PARTNER_RULES_VERSION,
  });
}

function registerHandlers(vetting: Vetting): void {
  const { state, run, inbox } = vetting;
  const refuse = (refusal: Refusal | null) => {
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code, refusal.params ?? {});
  };
  const notBusy = (box: Inbox<unknown>) =>
    refuse(
      box.busy
        ? { code: 'entity.busy', message: 'another step of this partner is being recorded; try again', params: {} }
        : null,
    );
  const notDecided = () =>
    refuse(
      inbox.review.busy
        ? { code: 'partner.already_decided', message: 'another decision on this partner is being recorded', params: {} }
        : null,
    );
  const notBlacklisting = () =>
    refuse(
      vetting.blacklisting
        ? { code: 'partner.blacklisted', message: 'the partner is being blacklisted', params: {} }
        : null,
    );

  setHandler(statusQuery, () => summaryOf(state));

  setHandler(nominateUpdate, async () => await run.storedAtLeast(1), {
    validator: ({ requestId }) => {
      if (requestId === state.requestId) return;
      const again = RENOMINABLE_STATUSES.includes(state.status)
        ? `; nominate it again with POST /api/partners/${state.id}/renomination`
        : '';
      refuse({
        code: 'partner.already_nominated',
        message: `a partner with credit code ${state.creditCode} was nominated on ${state.createdAt.slice(0, 10)} and is ${state.status}${again}`,
        params: {
          partnerId: state.id,
          creditCode: state.creditCode,
          status: state.status,
          nominatedAt: state.createdAt,
        },
      });
    },
  });

  setHandler(
    decideUpdate,
    async (decision) => {
      if (isRepeatedDecision(state, decision)) return await run.settled();
      return await run.settled(inbox.review.put({ kind: 'decide', decision }));
    },
    {
      validator: (decision) => {
        if (isRepeatedDecision(state, decision)) return;
        notBlacklisting();
        refuse(reviewRefusalFor(state, decision));
        notDecided();
      },
    },
  );

  setHandler(submitAnswersUpdate, async (input) => await run.settled(inbox.answers.put(input)), {
    validator: ({ answers, actor }) => {
      notBlacklisting();
      refuse(partnerReplyRefusalFor(state, actor, 'questionnaire'));
      if (state.questionnaire?.answers !== undefined || inbox.answers.busy) {
        refuse({
          code: 'partner.not_awaiting_answers',
          message: 'the questionnaire was answered already',
          params: { status: state.status },
        });
      }
      const problems = vetting.questionnaire ? answerProblemsOf(vetting.questionnaire, answers) : [];
      if (problems.length > 0) {
        refuse({
          code: 'partner.answers_invalid',
          message: `the answers are incomplete or unknown: ${problems.map((p) => `${p.question}: ${p.problem}`).join('; ')}`,
          params: { questions: problems.map((p) => p.question).join(',') },
        });
      }
    },
  });

  setHandler(
    requestInformationUpdate,
    async (request) => await run.settled(inbox.review.put({ kind: 'ask', request })),
    {
      validator: ({ actor }) => {
        notBlacklisting();
        refuse(informationRequestRefusalFor(state, actor));
        notDecided();
      },
    },
  );

  setHandler(provideInformationUpdate, async (input) => await run.settled(inbox.reply.put(input)), {
    validator: ({ actor }) => {
      notBlacklisting();
      refuse(partnerReplyRefusalFor(state, actor, 'more_information'));
      notBusy(inbox.reply);
    },
  });

  setHandler(renominateUpdate, async (input) => await run.settled(inbox.renomination.put(input)), {
    validator: ({ actor }) => {
      notBlacklisting();
      refuse(renominationRefusalFor(state, actor));
      notBusy(inbox.renomination);
    },
  });

  setHandler(
    blacklistUpdate,
    async (input) => {
      vetting.blacklisting = input;
      // Answered once the story has stopped and the blacklisting, the listing and the agreements are done.
      await condition(() => state.status === 'blacklisted');
      return await run.settled();
    },
    {
      validator: ({ actor }) => {
        notBlacklisting();
        refuse(blacklistRefusalFor(state, actor));
      },
    },
  );
}

/**
 * Runs `step` until it ends or a blacklisting comes: then the step is cancelled (a write it has begun
 * still lands) and every fact handed to it is dropped.
 */
async function unlessBlacklisted<T>(vetting: Vetting, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await CancellationScope.cancellable(async () => {
      const interrupt = condition(() => vetting.blacklisting !== undefined).then(() =>
        CancellationScope.current().cancel(),
      );
      interrupt.catch(() => undefined); // cancelled below once the step is done
      try {
        return await step();
      } finally {
        CancellationScope.current().cancel();
      }
    });
  } catch (err) {
    if (!isCancellation(err) || vetting.blacklisting === undefined) throw err;
    dropPending(vetting, { code: 'partner.blacklisted', message: 'the partner was blacklisted', params: {} });
    return undefined;
  }
}

/**
 * Runs `step`, but no later than `end` (then `ended`, and the step's activities are cancelled). The
 * step's own waits end at `end`; this guard fires a second later, for a step stuck in an activity, so
 * the two timers never fire together.
 */
async function beforeEnd<T>(step: () => Promise<T>, end: number | undefined): Promise<T | 'ended'> {
  if (end === undefined) return await step();
  return await CancellationScope.cancellable(async () => {
    const timer = sleep(Math.max(end + GUARD_AFTER_END_MS - nowMs(), 1)).then(() => 'ended' as const);
    timer.catch(() => undefined); // cancelled below once the step is done
    const outcome = await Promise.race([step(), timer]);
    CancellationScope.current().cancel();
    return outcome;
  });
}

/** The story will not take what was handed to it: those updates fail with `refusal`. */
function dropPending(vetting: Vetting, refusal: Refusal): void {
  for (const box of Object.values(vetting.inbox) as Inbox<unknown>[]) box.drop(refusal);
}

/** Continue-as-new with the state, once every update in flight has been answered. */
async function continueWith(vetting: Vetting): Promise<never> {
  vetting.run.finish();
  await condition(allHandlersFinished);
  return await continueAsNew<typeof partnerLifecycle>({
    carried: vetting.state,
    questionnaireVersion: vetting.questionnaireVersion,
  });
}

function vettingOf(input: PartnerLifecycleInput): Vetting {
  const state = input.carried ?? firstStateOf(input.nomination);
  return {
    run: new EntityRun({
      entity: 'Partner',
      state,
      summaryOf: (s) => ({ status: s.status, ...(s.stage ? { stage: s.stage } : {}) }),
      searchAttributesOf: (s) => [
        { key: partnerStatusKey, value: s.status },
        ...(s.riskTier ? [{ key: partnerTierKey, value: s.riskTier }] : []),
        ...(s.validUntil ? [{ key: partnerValidUntilKey, value: new Date(s.validUntil) }] : []),
        ...(s.nominatingUnit ? [{ key: nominatingUnitKey, value: s.nominatingUnit }] : []),
      ],
    }),
    state,
    inbox: { answers: new Inbox(), review: new Inbox(), reply: new Inbox(), renomination: new Inbox() },
    questionnaireVersion: input.questionnaireVersion ?? input.nomination?.questionnaireVersion ?? '',
  };
}

function firstStateOf(nomination: Nomination): PartnerState {
  const { nominator } = nomination;
  const at = nowIso();
  return {
    id: nomination.partnerId,
    version: 0,
    createdAt: at,
    updatedAt: at,
    requestId: nomination.requestId,
    ...nomination.fields,
    nominatedBy: nominator.sub,
    ...(nominator.unit ? { nominatingUnit: nominator.unit } : {}),
    status: 'nominated',
    round: 1,
    periods: nomination.periods,
    checks: [],
    approvals: [],
    informationRequests: [],
    escalations: 0,
  };
}

function summaryOf(state: PartnerState): PartnerSummary {
  return {
    id: state.id,
    version: state.version,
    status: state.status,
    ...(state.stage ? { stage: state.stage } : {}),
    round: state.round,
    ...(state.riskTier ? { riskTier: state.riskTier } : {}),
    ...(state.dueAt ? { dueAt: state.dueAt } : {}),
    ...(state.validUntil ? { validUntil: state.validUntil } : {}),
    escalations: state.escalations,
  };
}

function inRound(state: PartnerState): boolean {
  return state.status === 'vetting' || state.status === 'revetting';
}

/** `days` from now; in a re-vetting never later than the validity's end, when the partner lapses. */
function dueWithin(state: PartnerState, days: number): number {
  const end = state.status === 'revetting' && state.validUntil ? ms(state.validUntil) : Infinity;
  return Math.min(nowMs() + days * DAY_MS, end);
}

const reasonOf = (d: { reason?: string }) => (d.reason ? { reason: d.reason } : {});
const ms = (instant: string | undefined) => new Date(instant!).getTime();
const iso = (at: number) => new Date(at).toISOString();

/** A refusal's reasons as parameters: the codes, in order. */
function paramsOfRefusal(reasons: CheckReason[]): Record<string, string> {
  return { reasons: reasons.map((r) => r.code).join(',') };
}
