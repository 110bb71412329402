import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DataPactActivities } from '../activities';
import type { Claims } from '../policies/abilities';
import { screeningVerdictOf, type CheckReason } from '../policies/partner-checks';
import {
  PARTNER_RULES_VERSION,
  blacklistRefusalFor,
  informationRequestRefusalFor,
  nextAfterApproval,
  partnerReplyRefusalFor,
  renominationRefusalFor,
  reviewRefusalFor,
  validityOf,
  type Refusal,
} from '../policies/partner-review';
import { answerProblemsOf, type Questionnaire } from '../policies/questionnaire';
import type { PartnerStatus, PartnerWithdrawalCause, ReviewStage, VettingStage } from '../policies/vocabulary';
import {
  blacklistUpdate,
  decideUpdate,
  provideInformationUpdate,
  renominateUpdate,
  requestInformationUpdate,
  statusQuery,
  submitAnswersUpdate,
  type PartnerLifecycleInput,
  type PartnerState,
  type PartnerSummary,
  type VettingPeriods,
} from './partner-lifecycle.messages';
import { nowIso, nowMs } from './clock';
import { partnerLifecycleV1, type PartnerLifecycleInput as V1Input } from './partner-lifecycle.v1';
import { nominatingUnitKey, partnerStatusKey, partnerTierKey, partnerValidUntilKey } from './search-attributes';

const store = proxyActivities<DataPactActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
/** Outside lists answer slowly at times; a listing is never a reason to retry. */
const lists = proxyActivities<DataPactActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes' },
});
/** Signalling every agreement of a partner pages through them, heartbeating; a retry resumes. */
const agreements = proxyActivities<DataPactActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

/** The patch that introduced this version; histories without it replay on `partnerLifecycleV1`. */
export const VETTING_V2_PATCH = 'partner-vetting-v2';

/** Used when a nomination carries no periods: the defaults of policies/parameters.ts. */
export const DEFAULT_PERIODS: VettingPeriods = {
  validityMonths: 12,
  revettingLeadDays: 30,
  questionnaireDays: 14,
  reviewDays: 14,
};

/** Reminders of an unanswered questionnaire go out this many days before it is due. */
export const QUESTIONNAIRE_REMINDER_DAYS = [7, 2] as const;

/** The actor of the transitions the workflow makes on its own. */
const SYSTEM: Claims = { sub: 'system:partner-lifecycle', roles: ['system'] };
const DAY_MS = 24 * 3600 * 1000;

/** What the handlers and the story share beyond the persisted state. */
interface Run {
  state: PartnerState;
  periods: VettingPeriods;
  questionnaireVersion: string;
  questionnaire?: Questionnaire;
  /** The store has every version up to this one. */
  storedVersion: number;
  /** The projection write in flight: the next one waits for it, so versions reach the store in order. */
  writing: Promise<void>;
}

export async function partnerLifecycle(input: PartnerLifecycleInput): Promise<PartnerSummary> {
  if (!patched(VETTING_V2_PATCH)) return (await partnerLifecycleV1(input as V1Input)) as unknown as PartnerSummary;

  const run: Run = {
    state: input.carried ?? initialState(input),
    periods: input.periods ?? DEFAULT_PERIODS,
    questionnaireVersion: input.questionnaireVersion ?? input.carried?.questionnaire?.version ?? '',
    storedVersion: input.carried?.version ?? 0,
    writing: Promise.resolve(),
  };
  const { state } = run;
  registerHandlers(run);

  for (;;) {
    if (state.status === 'blacklisted') break;
    if (state.status === 'nominated') {
      await vet(run); // the first vetting, or the next after a re-nomination
      continue;
    }
    if (state.status === 'approved') {
      // Sleep until re-vetting is due; a blacklisting may end the wait sooner.
      const due = new Date(state.revettingFrom!).getTime() - nowMs();
      if (await condition(() => state.status !== 'approved', Math.max(due, 1))) continue;
      await moveTo(run, 'revetting', undefined, SYSTEM, 'partner.revetting_started', 're-vetting is due');
      await vet(run);
      if (state.status === 'approved') await handOn(run);
      continue;
    }
    // Rejected, expired or lapsed: nothing flows to the partner; a re-nomination or a blacklisting can still come.
    if (await condition(() => state.status === 'blacklisted' || state.status === 'nominated', '30 days')) continue;
    if (workflowInfo().continueAsNewSuggested) await handOn(run);
  }
  await condition(allHandlersFinished);
  return state;
}

function initialState(input: PartnerLifecycleInput): PartnerState {
  return {
    partnerId: input.partnerId,
    creditCode: input.creditCode,
    nominatedBy: input.nominatedBy,
    ...(input.nominatingUnit ? { nominatingUnit: input.nominatingUnit } : {}),
    ...(input.legalName ? { legalName: input.legalName } : {}),
    certifications: input.certifications ?? [],
    dataLocations: input.dataLocations ?? [],
    status: 'nominated',
    round: 1,
    version: 0,
    checks: [],
    approvals: [],
    informationRequests: [],
    escalations: 0,
  };
}

/** Continue-as-new with the state, once every update in flight has been answered. */
async function handOn(run: Run): Promise<never> {
  await condition(allHandlersFinished);
  const { state } = run;
  return await continueAsNew<typeof partnerLifecycle>({
    partnerId: state.partnerId,
    creditCode: state.creditCode,
    nominatedBy: state.nominatedBy,
    periods: run.periods,
    questionnaireVersion: run.questionnaireVersion,
    carried: state,
  });
}

/**
 * One vetting round: checks, questionnaire, review. The first round ends approved, rejected or
 * expired; a re-vetting must be approved before the current validity ends, or the partner lapses.
 */
async function vet(run: Run): Promise<void> {
  const { state } = run;
  const revetting = state.status === 'revetting';
  const hardEnd = revetting ? new Date(state.validUntil!).getTime() : undefined;
  // The standing assessment and decision stay until this round replaces them: a partner in
  // re-vetting is still approved until its validity ends.
  state.approvals = [];
  state.informationRequests = [];
  state.escalations = 0;

  // In a re-vetting nothing may outlast the validity: not an outside list that does not answer either.
  const prepared = await beforeEnd(() => prepareReview(run, hardEnd), hardEnd);
  if (isBlacklisted(state)) return;
  if (prepared === 'ended' || (prepared === 'unanswered' && revetting)) {
    await lapse(run);
    return;
  }
  if (prepared === 'unanswered') {
    await moveTo(run, 'expired', undefined, SYSTEM, 'partner.expired', 'the questionnaire was not answered in time');
    return;
  }
  if (prepared !== 'assessed') {
    await endRound(run, revetting ? 'rejected_on_revetting' : undefined, SYSTEM, 'partner.rejected', prepared);
    return;
  }
  const { score, tier, clearance, rulesVersion } = state.risk!;
  const assessed = `score ${score}, tier ${tier}, clearance ${clearance} (${rulesVersion})`;
  await enterStage(run, 'review', run.periods.reviewDays, 'partner.risk_assessed', SYSTEM, assessed);

  // The handlers move the round on; the story waits for its end and escalates what is overdue.
  while (inRound(state)) {
    const dueAt = new Date(state.dueAt!).getTime();
    const until = Math.min(dueAt, hardEnd ?? Infinity);
    const stage = state.stage;
    const version = state.version;
    const moved = await condition(() => !inRound(state) || state.version !== version, Math.max(until - nowMs(), 1));
    if (moved) continue;
    if (hardEnd !== undefined && nowMs() >= hardEnd) {
      await lapse(run);
      return;
    }
    if (stage === 'more_information') {
      if (revetting) {
        await escalate(run, 'partner.information_overdue');
      } else {
        await moveTo(
          run,
          'expired',
          undefined,
          SYSTEM,
          'partner.expired',
          'the partner did not answer the question in time',
        );
      }
    } else {
      await escalate(run, 'partner.review_overdue');
    }
  }
}

/**
 * Checks, questionnaire and risk assessment: `assessed` when the round goes on to review, the
 * failing reasons when the checks refuse the partner, `unanswered` when no answers came in time.
 */
async function prepareReview(
  run: Run,
  hardEnd: number | undefined,
): Promise<'assessed' | 'unanswered' | CheckReason[]> {
  const { state } = run;
  const refusal = await runChecks(run);
  if (isBlacklisted(state)) return 'assessed';
  if (refusal.length > 0) return refusal;
  if (!(await awaitQuestionnaire(run, hardEnd))) return 'unanswered';
  if (isBlacklisted(state)) return 'assessed';
  state.risk = await store.assessPartnerRisk({
    certifications: state.certifications,
    dataLocations: state.dataLocations,
    answers: state.questionnaire!.answers!,
    questionnaireVersion: state.questionnaire!.version,
    asOf: nowIso(),
  });
  return 'assessed';
}

/**
 * Runs `step`, but no later than `end` (then `ended`, and the step's activities are cancelled). The
 * step's own waits end at `end`; this guard fires a second later, for a step stuck in an activity, so
 * the two timers never fire together.
 */
async function beforeEnd<T>(step: () => Promise<T>, end: number | undefined): Promise<T | 'ended'> {
  if (end === undefined) return await step();
  return await CancellationScope.cancellable(async () => {
    const timer = sleep(Math.max(end + 1000 - nowMs(), 1)).then(() => 'ended' as const);
    timer.catch(() => undefined); // cancelled below once the step is done
    const outcome = await Promise.race([step(), timer]);
    CancellationScope.current().cancel();
    return outcome;
  });
}

/** Read through a function: a handler may blacklist the partner while the story awaits. */
function isBlacklisted(state: PartnerState): boolean {
  return state.status === 'blacklisted';
}

function inRound(state: PartnerState): boolean {
  return state.status === 'vetting' || state.status === 'revetting';
}

/** The five checks in parallel; what refuses the partner, empty when nothing does. */
async function runChecks(run: Run): Promise<CheckReason[]> {
  const { state } = run;
  if (state.status === 'nominated') {
    await moveTo(run, 'vetting', 'checks', SYSTEM, 'partner.vetting_started', 'automated checks started');
  } else {
    await setStage(run, 'checks', undefined);
  }
  const asOf = nowIso();
  state.checks = await Promise.all([
    store.checkCreditCode({ creditCode: state.creditCode }),
    store.checkInternalBlacklist({ creditCode: state.creditCode }),
    lists.checkExternalLists({ creditCode: state.creditCode }),
    store.checkCertifications({ certifications: state.certifications, asOf }),
    store.checkDataLocations({ dataLocations: state.dataLocations }),
  ]);
  return screeningVerdictOf(state.checks).reasons;
}

/** Sends the questionnaire and waits for the answers, reminding the partner as the deadline nears. */
async function awaitQuestionnaire(run: Run, hardEnd: number | undefined): Promise<boolean> {
  const { state } = run;
  // A first vetting uses the version sent at nomination; a re-vetting the latest one published.
  run.questionnaire = await store.loadQuestionnaire(state.round > 1 ? {} : { version: run.questionnaireVersion });
  run.questionnaireVersion = run.questionnaire.version;
  const sentAt = nowMs();
  const dueAt = Math.min(sentAt + run.periods.questionnaireDays * DAY_MS, hardEnd ?? Infinity);
  state.questionnaire = {
    version: run.questionnaireVersion,
    sentAt: new Date(sentAt).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
  };
  await setStage(run, 'questionnaire', dueAt, 'partner.questionnaire_sent');
  await notifyPartner(run, 'questionnaire_sent', 'partner.questionnaire_requested');

  const answered = () => state.questionnaire?.answers !== undefined || state.status === 'blacklisted';
  const reminders = QUESTIONNAIRE_REMINDER_DAYS.map((days) => dueAt - days * DAY_MS).filter((at) => at > sentAt);
  for (const [index, at] of reminders.entries()) {
    if (await condition(answered, Math.max(at - nowMs(), 1))) return state.status !== 'blacklisted';
    await notifyPartner(run, `questionnaire_reminder_${index + 1}`, 'partner.questionnaire_reminder');
  }
  if (await condition(answered, Math.max(dueAt - nowMs(), 1))) return state.status !== 'blacklisted';
  if (hardEnd !== undefined && dueAt < hardEnd) {
    // A re-vetting keeps waiting until the validity ends, with the reviewers told that it is late.
    await escalate(run, 'partner.questionnaire_overdue');
    if (await condition(answered, Math.max(hardEnd - nowMs(), 1))) return state.status !== 'blacklisted';
  }
  return false;
}

function registerHandlers(run: Run): void {
  const { state } = run;
  const refuse = (refusal: Refusal | null) => {
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
  };
  // Each handler answers once its change is in the store, so the caller then reads what the API shows.
  const stored = async () => {
    const version = state.version;
    await condition(() => run.storedVersion >= version);
    return state;
  };

  setHandler(statusQuery, () => state);

  setHandler(
    submitAnswersUpdate,
    async ({ answers, actor }) => {
      state.questionnaire = { ...state.questionnaire!, answers, answeredBy: actor.sub, answeredAt: nowIso() };
      await record(run, actor, 'partner.questionnaire_answered', 'the partner answered the questionnaire');
      return await stored();
    },
    {
      validator: ({ answers, actor }) => {
        refuse(partnerReplyRefusalFor(state, actor, 'questionnaire'));
        if (state.questionnaire?.answers !== undefined) {
          refuse({ code: 'partner.not_awaiting_answers', message: 'the questionnaire was answered already' });
        }
        const problems = run.questionnaire ? answerProblemsOf(run.questionnaire, answers) : [];
        if (problems.length > 0) {
          const list = problems.map((p) => `${p.question}: ${p.problem}`).join('; ');
          refuse({ code: 'partner.answers_invalid', message: `the answers are incomplete or unknown: ${list}` });
        }
      },
    },
  );

  setHandler(
    decideUpdate,
    async (decision) => {
      const stage = state.stage as ReviewStage;
      const by = decision.actor.sub;
      if (decision.outcome === 'reject') {
        state.decision = { outcome: 'reject', by, at: nowIso(), ...reasonOf(decision) };
        const revetting = state.status === 'revetting';
        await endRound(
          run,
          revetting ? 'rejected_on_revetting' : undefined,
          decision.actor,
          'partner.rejected',
          [],
          decision.reason,
        );
        return await stored();
      }
      state.approvals.push({ stage, by, at: nowIso(), ...reasonOf(decision) });
      if (nextAfterApproval(stage, state.risk!.tier) === 'dso_review') {
        await enterStage(
          run,
          'dso_review',
          run.periods.reviewDays,
          'partner.approval_recorded',
          decision.actor,
          decision.reason,
        );
        return await stored();
      }
      state.decision = { outcome: 'approve', by, at: nowIso(), ...reasonOf(decision) };
      await approve(run, decision.actor, decision.reason);
      return await stored();
    },
    { validator: (decision) => refuse(reviewRefusalFor(state, decision)) },
  );

  setHandler(
    requestInformationUpdate,
    async ({ question, actor }) => {
      state.informationRequests.push({ question, askedBy: actor.sub, askedAt: nowIso() });
      state.returnTo = state.stage as ReviewStage;
      await enterStage(
        run,
        'more_information',
        run.periods.questionnaireDays,
        'partner.information_requested',
        actor,
        question,
      );
      await notifyPartner(
        run,
        `information_requested_${state.informationRequests.length}`,
        'partner.information_requested',
      );
      return await stored();
    },
    { validator: ({ actor }) => refuse(informationRequestRefusalFor(state, actor)) },
  );

  setHandler(
    provideInformationUpdate,
    async ({ answer, actor }) => {
      const open = state.informationRequests[state.informationRequests.length - 1]!;
      Object.assign(open, { answer, answeredBy: actor.sub, answeredAt: nowIso() });
      await enterStage(run, state.returnTo ?? 'review', run.periods.reviewDays, 'partner.information_provided', actor);
      return await stored();
    },
    { validator: ({ actor }) => refuse(partnerReplyRefusalFor(state, actor, 'more_information')) },
  );

  setHandler(
    renominateUpdate,
    async ({ certifications, dataLocations, reason, actor }) => {
      Object.assign(state, { certifications, dataLocations, nominatedBy: actor.sub, round: state.round + 1 });
      if (actor.unit) state.nominatingUnit = actor.unit;
      else delete state.nominatingUnit;
      await moveTo(run, 'nominated', undefined, actor, 'partner.renominated', reason);
      return await stored();
    },
    { validator: ({ actor }) => refuse(renominationRefusalFor(state, actor)) },
  );

  setHandler(
    blacklistUpdate,
    async ({ reason, actor }) => {
      const wasApproved = state.status === 'approved' || state.status === 'revetting';
      state.blacklisting = { by: actor.sub, at: nowIso(), reason };
      await moveTo(run, 'blacklisted', undefined, actor, 'partner.blacklisted', reason);
      await store.listOnInternalBlacklist({ creditCode: state.creditCode, reason, listedBy: actor.sub });
      if (wasApproved) await withdraw(run, 'blacklisted', reason);
      return await stored();
    },
    { validator: ({ actor }) => refuse(blacklistRefusalFor(state, actor)) },
  );
}

const reasonOf = (d: { reason?: string }) => (d.reason ? { reason: d.reason } : {});

async function approve(run: Run, actor: Claims, reason?: string): Promise<void> {
  const { state } = run;
  const validity = validityOf({
    approvedAt: new Date(nowMs()),
    ...(state.validUntil && state.status === 'revetting' ? { previousValidUntil: new Date(state.validUntil) } : {}),
    months: run.periods.validityMonths,
    leadDays: run.periods.revettingLeadDays,
  });
  Object.assign(state, validity);
  await moveTo(run, 'approved', undefined, actor, 'partner.approved', reason);
}

/** Ends a round without approval; a partner that was approved takes its agreements with it. */
async function endRound(
  run: Run,
  cause: PartnerWithdrawalCause | undefined,
  actor: Claims,
  action: string,
  refusal: CheckReason[],
  reason?: string,
): Promise<void> {
  const why = reason ?? `automated checks refused the partner: ${refusal.map(describe).join('; ')}`;
  await moveTo(run, 'rejected', undefined, actor, action, why);
  if (cause) await withdraw(run, cause, why);
}

function describe(reason: CheckReason): string {
  const params = reason.params ? ` (${Object.values(reason.params).join(', ')})` : '';
  return `${reason.code}${params}`;
}

async function lapse(run: Run): Promise<void> {
  const reason = 'the re-vetting was not approved before the validity ended';
  await moveTo(run, 'lapsed', undefined, SYSTEM, 'partner.lapsed', reason);
  await withdraw(run, 'lapsed', reason);
}

/** Tells every open agreement of the partner to suspend. */
async function withdraw(run: Run, cause: PartnerWithdrawalCause, reason: string): Promise<void> {
  const { state } = run;
  await agreements.tellAgreementsOfPartner({
    key: `partner:${state.partnerId}:r${state.round}:${cause}`,
    partnerId: state.partnerId,
    cause,
    reason,
    at: nowIso(),
  });
}

async function escalate(run: Run, action: string): Promise<void> {
  const { state } = run;
  state.escalations += 1;
  state.dueAt = new Date(dueWithin(state, run.periods.reviewDays)).toISOString();
  await record(run, SYSTEM, action, `escalated to the data-security officer (${state.escalations})`);
  await store.notify({
    key: `partner:${state.partnerId}:r${state.round}:escalation:${state.escalations}`,
    recipient: 'role:dso',
    template: action,
    params: { ...paramsOf(state), stage: state.stage ?? '', escalations: String(state.escalations) },
    subject: { type: 'Partner', id: state.partnerId },
    dueAt: state.dueAt,
  });
}

/** What a notification names the partner by. */
function paramsOf(state: PartnerState): Record<string, string> {
  return { partnerId: state.partnerId, ...(state.legalName ? { legalName: state.legalName } : {}) };
}

async function notifyPartner(run: Run, what: string, template: string): Promise<void> {
  const { state } = run;
  if (!inRound(state)) return;
  await store.notify({
    key: `partner:${state.partnerId}:r${state.round}:${what}`,
    recipient: `partner:${state.partnerId}`,
    template,
    params: paramsOf(state),
    subject: { type: 'Partner', id: state.partnerId },
    ...(state.dueAt ? { dueAt: state.dueAt } : {}),
  });
}

async function enterStage(
  run: Run,
  stage: VettingStage,
  days: number,
  action: string,
  actor: Claims = SYSTEM,
  reason?: string,
): Promise<void> {
  await setStage(run, stage, dueWithin(run.state, days), action, actor, reason);
}

/** `days` from now; in a re-vetting never later than the validity's end, when the partner lapses. */
function dueWithin(state: PartnerState, days: number): number {
  const end = state.status === 'revetting' && state.validUntil ? new Date(state.validUntil).getTime() : Infinity;
  return Math.min(nowMs() + days * DAY_MS, end);
}

async function setStage(
  run: Run,
  stage: VettingStage,
  dueAt: number | undefined,
  action?: string,
  actor: Claims = SYSTEM,
  reason?: string,
): Promise<void> {
  const { state } = run;
  if (!inRound(state)) return; // blacklisted while the story awaited: the round is over
  state.stage = stage;
  if (dueAt === undefined) delete state.dueAt;
  else state.dueAt = new Date(dueAt).toISOString();
  await record(run, actor, action ?? `partner.stage.${stage}`, reason);
}

/**
 * Moves to a new status: first in the workflow (so the validators judge by it at once), then in the
 * search attributes and in the store (the projection the API reads), with its audit event.
 */
async function moveTo(
  run: Run,
  status: PartnerStatus,
  stage: VettingStage | undefined,
  actor: Claims,
  action: string,
  reason?: string,
): Promise<void> {
  const { state } = run;
  state.status = status;
  if (stage) state.stage = stage;
  else delete state.stage;
  if (status !== 'vetting' && status !== 'revetting') delete state.dueAt;
  if (status === 'revetting') state.round += 1;
  await record(run, actor, action, reason);
}

/** Writes the state's next version to the store with its audit event; a retry writes nothing twice. */
async function record(run: Run, actor: Claims, action: string, reason?: string): Promise<void> {
  const { state } = run;
  state.version += 1;
  const version = state.version;
  upsertSearchAttributes({
    [partnerStatusKey.name]: [state.status],
    ...(state.risk ? { [partnerTierKey.name]: [state.risk.tier] } : {}),
    ...(state.validUntil ? { [partnerValidUntilKey.name]: [new Date(state.validUntil)] } : {}),
    ...(state.nominatingUnit ? { [nominatingUnitKey.name]: [state.nominatingUnit] } : {}),
  });
  log.debug('partner moved', { partnerId: state.partnerId, status: state.status, stage: state.stage, action });
  // A copy of this version, written after the versions before it: one projection write at a time.
  const snapshot = JSON.parse(JSON.stringify(state)) as PartnerState;
  const audit = { actor, action, ...(reason ? { reason } : {}), ruleVersion: PARTNER_RULES_VERSION };
  const write = run.writing.then(() => store.recordPartner({ state: snapshot, audit }));
  run.writing = write.then(
    () => undefined,
    () => undefined,
  );
  await write;
  run.storedVersion = Math.max(run.storedVersion, version);
}
