/**
 * A data-security incident involving a partner, from its report to its closure (S3, S9; issue 15):
 * `incident-<id>`, the one writer of the incident. The handlers (handlers.ts) only check and hand over what
 * people send; the story below moves the incident: every affected agreement is told to contain the sharing
 * at once (each answers when its access is gone, and the incident records when); each report the grade and
 * the operator's profile require is a deadline with its reminders, its escalation to the DSO and, missed,
 * the DSO and the first responsible person told; re-gradings, reports made, the investigation; and the DSO's
 * closure — resume (the agreements resume) or revoke (they are revoked, the partner blacklisted). A drill
 * runs the same process and deadlines and touches nothing.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { IncidentActivities } from '../../activities/incidents';
import type { NotifyActivities } from '../../activities/notify';
import type { Claims } from '../../policies/abilities';
import type { AuditAction, AuditReason } from '../../policies/audit-actions';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import { partnerReportTimelinessOf } from '../../policies/incident-deadlines';
import {
  INCIDENT_RULES_VERSION,
  closureBlockersOf,
  deadlinesOwed,
  gradingOf,
  mergedDeadlines,
  nextDeadlineStepOf,
  nextDueOf,
  takeDueSteps,
  type DeadlineStep,
} from '../../policies/incident-response';
import { isGradeAtLeast } from '../../policies/incident-grading';
import type { AgreementStatus } from '../../policies/vocabulary';
import { incidentSignal, type IncidentFact } from '../agreement/messages';
import { nowIso, nowMs } from '../clock';
import { agreementWorkflowId } from '../ids';
import { EntityRun, Inbox } from '../kit/entity-run';
import { registerHandlers } from './handlers';
import type {
  AgreementAnswer,
  ClosureInput,
  ExplanationInput,
  IncidentLifecycleInput,
  IncidentReport,
  IncidentSummary,
  InvestigationInput,
  RegradeInput,
  ReportMadeInput,
} from './messages';
import type { AffectedAgreement, IncidentState } from './state';
import type { Parameters } from '../../policies/parameters';

const notifications = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
/** Listing the partner and blacklisting it through its workflow: the partner's workflow may take a while. */
const incidents = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute' },
});

/** Agreements that have not answered by then: the DSO is told (and again, each time twice as late). */
export const ANSWER_PATIENCE_MS = 5 * 60 * 1000;

/** The statutory calendar the summary report's working days are counted on. */
const CALENDAR = CHINA_HOLIDAYS;

/** The actor of the transitions the workflow makes on its own. */
export const SYSTEM: Claims = { sub: 'system:incident-lifecycle', roles: ['system'] };

/** Statuses in which nothing flows to the partner under an agreement. */
const NOTHING_FLOWS: readonly AgreementStatus[] = [
  'draft',
  'submitted',
  'in_review',
  'returned',
  'awaiting_regulator',
  'rejected',
  'withdrawn',
  'revoking',
  'revoked',
  'expired',
  'closed',
];

/** Everything the story and its handlers share. */
export interface Response {
  run: EntityRun<IncidentState>;
  state: IncidentState;
  params: Parameters;
  inbox: {
    regrade: Inbox<RegradeInput>;
    report: Inbox<ReportMadeInput>;
    explain: Inbox<ExplanationInput>;
    investigate: Inbox<InvestigationInput>;
    close: Inbox<ClosureInput>;
  };
  /** Facts sent to agreements and not answered yet: agreement id → the fact's key. */
  pending: Map<string, string>;
  /** Answers that came, not yet taken by the story. */
  answers: AgreementAnswer[];
  /** When the agreements not answered by then are reported to the DSO. */
  patienceAt: number;
  patienceMs: number;
  /** Past the patience: each answer is taken as it comes, no longer all together. */
  impatient: boolean;
}

export async function incidentLifecycle(input: IncidentLifecycleInput): Promise<IncidentSummary> {
  const response = responseOf(input);
  registerHandlers(response);
  const { state } = response;
  if (input.report) await reported(response, input.report);

  while (!(state.status === 'closed' && response.pending.size === 0)) {
    await nextEvent(response);
    if (workflowInfo().continueAsNewSuggested && response.pending.size === 0) await continueWith(response);
  }
  response.run.finish();
  await condition(allHandlersFinished);
  return summaryOf(response);
}

/** The first version: recorded, the people who handle incidents told, and every affected agreement contained. */
async function reported(response: Response, report: IncidentReport): Promise<void> {
  const { state } = response;
  // The facts go out with the first write, not after it: containment does not wait for the store.
  const sent = state.drill ? Promise.resolve() : tellAgreements(response, 'contain', 'contained by an incident');
  await record(response, report.reporter, 'incident.reported', {
    why: {
      code: state.drill
        ? 'incident.drill'
        : state.source === 'partner'
          ? 'incident.self_reported'
          : 'incident.reported',
      params: { grade: state.grade, agreements: state.agreements.length },
    },
  });
  await sent;
  await notifyHandlers(
    response,
    'reported',
    state.source === 'partner' ? 'incident.self_reported' : 'incident.reported',
  );
  if (state.partnerReport?.late) {
    await notify(response, 'partner_report_late', 'role:dso', 'incident.partner_report_late', {
      hoursLate: Math.round(state.partnerReport.hoursLate * 10) / 10,
    });
  }
  if (state.drill || state.agreements.length === 0) await containmentComplete(response);
}

/** One event of the incident: an agreement's answers, a person's step, or a deadline. */
async function nextEvent(response: Response): Promise<void> {
  const { run, state, inbox } = response;
  const deadline = nextDeadlineStepOf(state.deadlines);
  const patience = response.pending.size > 0 ? response.patienceAt : Infinity;
  const at = Math.min(deadline?.at ?? Infinity, patience);
  const arrived = () =>
    answersReady(response) ||
    inbox.close.has() ||
    inbox.regrade.has() ||
    inbox.report.has() ||
    inbox.explain.has() ||
    inbox.investigate.has();
  if (!(await run.until(arrived, at))) {
    if (nowMs() >= patience) await answersOverdue(response);
    if (deadline && nowMs() >= deadline.at) await deadlineSteps(response);
    return;
  }
  if (answersReady(response)) return await takeAnswers(response);
  if (inbox.close.has()) return await close(response, inbox.close.take()!);
  if (inbox.regrade.has()) return await regrade(response, inbox.regrade.take()!);
  if (inbox.report.has()) return await reportMade(response, inbox.report.take()!);
  if (inbox.explain.has()) return await explained(response, inbox.explain.take()!);
  if (inbox.investigate.has()) return await investigated(response, inbox.investigate.take()!);
}

// ---------------------------------------------------------------------------------------------------
// The agreements: contained at once, then resumed or revoked

/**
 * Sends the fact to every agreement that still holds sharing for the incident, all at once. An agreement
 * whose workflow has ended answers for itself: nothing to contain.
 */
async function tellAgreements(response: Response, step: IncidentFact['step'], reason: string): Promise<void> {
  const { state } = response;
  const told = state.agreements.filter((a) =>
    step === 'contain' ? a.containment === 'pending' : a.containment === 'contained' || a.containment === 'pending',
  );
  response.patienceMs = ANSWER_PATIENCE_MS;
  response.patienceAt = nowMs() + ANSWER_PATIENCE_MS;
  response.impatient = false;
  const at = nowIso();
  await Promise.all(
    told.map(async (agreement) => {
      const fact: IncidentFact = { key: `incident:${state.id}:${step}`, incidentId: state.id, step, reason, at };
      response.pending.set(agreement.agreementId, fact.key);
      try {
        await getExternalWorkflowHandle(agreementWorkflowId(agreement.agreementId)).signal(incidentSignal, fact);
      } catch {
        // Its workflow has ended: nothing flows under it any more.
        response.answers.push({
          key: fact.key,
          incidentId: state.id,
          agreementId: agreement.agreementId,
          step,
          status: agreement.status ?? 'closed',
          accessGranted: false,
          stillHeld: false,
          at: nowIso(),
        });
      }
    }),
  );
}

/** The answers are taken together once every agreement has answered (one write), or one by one when late. */
const answersReady = (response: Response) =>
  response.answers.length > 0 && (response.impatient || response.answers.length >= response.pending.size);

async function takeAnswers(response: Response): Promise<void> {
  const { state } = response;
  const taken = response.answers.splice(0);
  const steps = new Set<string>();
  for (const answer of taken) {
    response.pending.delete(answer.agreementId);
    const agreement = state.agreements.find((a) => a.agreementId === answer.agreementId);
    if (!agreement) continue;
    steps.add(answer.step);
    Object.assign(agreement, {
      status: answer.status,
      accessGranted: answer.accessGranted,
      containment: containmentAfter(answer),
      ...(answer.step === 'contain' ? { containedAt: answer.at } : { closedAt: answer.at }),
    } satisfies Partial<AffectedAgreement>);
  }
  if (response.pending.size === 0 && steps.has('contain') && !state.containment.completedAt) {
    return await containmentComplete(response);
  }
  const counts = countOf(state.agreements);
  await record(response, SYSTEM, 'incident.agreements_answered', {
    why: { code: 'incident.agreements_answered', params: { ...counts, pending: response.pending.size } },
  });
}

/** Where an agreement stands in the incident after its answer. */
function containmentAfter(answer: AgreementAnswer): AffectedAgreement['containment'] {
  if (answer.step === 'contain') {
    if (answer.status === 'suspended' && !answer.accessGranted) return 'contained';
    return NOTHING_FLOWS.includes(answer.status) ? 'not_running' : 'contained';
  }
  if (answer.step === 'revoke') return answer.accessGranted ? 'not_running' : 'revoked';
  if (answer.status === 'active' && answer.accessGranted) return 'resumed';
  return NOTHING_FLOWS.includes(answer.status) ? 'not_running' : 'released';
}

/** Every affected agreement has answered (or a drill, or none): the incident is contained. */
async function containmentComplete(response: Response): Promise<void> {
  const { state } = response;
  const times = state.agreements.map((a) => a.containedAt).filter((t): t is string => t !== undefined);
  if (state.drill) {
    const at = nowIso();
    for (const agreement of state.agreements) Object.assign(agreement, { containment: 'drill', containedAt: at });
  }
  state.containment.completedAt = times.length > 0 ? times.reduce((a, b) => (a > b ? a : b)) : nowIso();
  if (state.status === 'open') state.status = 'contained';
  await record(response, SYSTEM, 'incident.contained', {
    why: { code: 'incident.contained', params: { ...countOf(state.agreements), drill: state.drill ? 1 : 0 } },
  });
}

/** Agreements that did not answer in time: the DSO is told which, and the story takes answers as they come. */
async function answersOverdue(response: Response): Promise<void> {
  const { state } = response;
  response.impatient = true;
  response.patienceMs *= 2;
  response.patienceAt = nowMs() + response.patienceMs;
  if (response.answers.length > 0) await takeAnswers(response);
  if (response.pending.size === 0) return;
  state.containment.escalations += 1;
  await record(response, SYSTEM, 'incident.containment_overdue', {
    why: {
      code: 'incident.containment_incomplete',
      params: { pending: response.pending.size, escalations: state.containment.escalations },
    },
  });
  await notify(
    response,
    `answers_overdue_${state.containment.escalations}`,
    'role:dso',
    'incident.containment_overdue',
    {
      pending: response.pending.size,
    },
  );
}

const countOf = (agreements: readonly AffectedAgreement[]) => {
  const counts: Record<string, number> = {};
  for (const a of agreements) counts[a.containment] = (counts[a.containment] ?? 0) + 1;
  return counts;
};

// ---------------------------------------------------------------------------------------------------
// The deadlines

/** Every deadline step that came: reminders to the handlers, escalations to the DSO, missed reports reported. */
async function deadlineSteps(response: Response): Promise<void> {
  const { state } = response;
  const now = new Date(nowMs());
  const taken: { kind: string; step: DeadlineStep; reminded: number }[] = [];
  for (const deadline of state.deadlines) {
    const step = takeDueSteps(deadline, now);
    if (step) taken.push({ kind: deadline.kind, step, reminded: deadline.reminded });
  }
  if (taken.length === 0) return;
  for (const step of ['miss', 'escalate', 'remind'] as const) {
    const kinds = taken.filter((t) => t.step === step);
    if (kinds.length === 0) continue;
    await record(response, SYSTEM, STEP_ACTIONS[step], {
      why: { code: 'incident.deadline_step', params: { step, kinds: kinds.map((k) => k.kind).join(',') } },
    });
  }
  for (const { kind, step, reminded } of taken) {
    const deadline = state.deadlines.find((d) => d.kind === kind)!;
    const extra = { kind, dueAt: deadline.dueAt ?? '', recipient: deadline.recipient };
    if (step === 'remind') {
      await notify(response, `${kind}:remind:${reminded}`, 'role:security_reviewer', 'incident.report_reminder', extra);
    } else if (step === 'escalate') {
      await notify(response, `${kind}:escalate`, 'role:dso', 'incident.report_escalated', extra);
    } else {
      await notify(response, `${kind}:missed`, 'role:dso', 'incident.report_missed', extra);
      await notify(response, `${kind}:missed`, 'role:first_responsible_person', 'incident.report_missed', extra);
    }
  }
}

const STEP_ACTIONS: Record<DeadlineStep, AuditAction> = {
  remind: 'incident.report_reminded',
  escalate: 'incident.report_escalated',
  miss: 'incident.report_missed',
};

/** The reports owed after a change of grade or facts, merged into the records; those no longer owed withdrawn. */
function redoDeadlines(response: Response): string[] {
  const { state, params } = response;
  const owed = deadlinesOwed({
    grade: state.grade,
    kind: state.kind,
    importantOrCoreData: state.data.importantOrCoreData,
    personalInfoPeople: state.estimates.personalInformation,
    discoveredAt: state.discoveredAt,
    ...(state.handlingEndedAt ? { handlingEndedAt: state.handlingEndedAt } : {}),
    params,
    calendar: CALENDAR,
  });
  const { deadlines, withdrawn } = mergedDeadlines({ current: state.deadlines, owed, now: new Date(nowMs()) });
  state.deadlines = deadlines;
  const at = nowIso();
  state.withdrawnDeadlines.push(...withdrawn.map((kind) => ({ kind, at, grade: state.grade })));
  return withdrawn;
}

// ---------------------------------------------------------------------------------------------------
// People's steps

/** New estimates (or important data found): graded again, both grades recorded, the reports owed redone. */
async function regrade(response: Response, input: RegradeInput): Promise<void> {
  const { state, params } = response;
  const before = state.grade;
  const importantOrCoreData = input.importantOrCoreData ?? state.data.importantOrCoreData;
  const grading = gradingOf({
    estimates: input.estimates,
    importantOrCoreData,
    from: before,
    by: input.actor.sub,
    at: new Date(nowMs()),
    reason: input.reason,
    params,
  });
  state.gradings.push(grading);
  state.grade = grading.grade;
  state.estimates = grading.estimates;
  state.data.importantOrCoreData = importantOrCoreData;
  const kindsBefore = state.deadlines.map((d) => d.kind);
  const withdrawn = redoDeadlines(response);
  const added = state.deadlines.map((d) => d.kind).filter((k) => !kindsBefore.includes(k));
  await record(response, input.actor, 'incident.regraded', {
    reason: input.reason,
    why: {
      code: 'incident.regraded',
      params: { from: before, to: grading.grade, added: added.join(','), withdrawn: withdrawn.join(',') },
    },
  });
  if (grading.grade !== before && isGradeAtLeast(grading.grade, before)) {
    await notify(response, `regraded_${state.gradings.length}`, 'role:dso', 'incident.regraded', {
      from: before,
      to: grading.grade,
    });
  }
}

/** A report or notice made: met if made by its deadline, else it stays missed (made late). */
async function reportMade(response: Response, input: ReportMadeInput): Promise<void> {
  const { state } = response;
  const deadline = state.deadlines.find((d) => d.kind === input.kind)!;
  deadline.madeAt = input.madeAt;
  deadline.report = {
    madeAt: input.madeAt,
    by: input.actor.sub,
    recordedAt: nowIso(),
    to: input.to,
    reference: input.reference,
    ...(input.content ? { content: input.content as Record<string, string> } : {}),
  };
  const met = deadline.dueAt === undefined || Date.parse(input.madeAt) <= Date.parse(deadline.dueAt);
  deadline.state = met ? 'met' : 'missed';
  if (!met && !deadline.missedAt) deadline.missedAt = deadline.dueAt;
  await record(response, input.actor, 'incident.report_made', {
    why: { code: 'incident.report_made', params: { kind: input.kind, state: deadline.state } },
  });
}

/** The DSO's explanation of a report that was missed: closure may then go ahead without it. */
async function explained(response: Response, input: ExplanationInput): Promise<void> {
  const deadline = response.state.deadlines.find((d) => d.kind === input.kind)!;
  deadline.explanation = { by: input.actor.sub, at: nowIso(), reason: input.reason };
  await record(response, input.actor, 'incident.report_explained', {
    reason: input.reason,
    why: { code: 'incident.deadline_step', params: { step: 'explain', kinds: input.kind } },
  });
}

/** Findings, root cause, responsibility, measures; the end of emergency handling starts the summary reports. */
async function investigated(response: Response, input: InvestigationInput): Promise<void> {
  const { state } = response;
  const fields = (['findings', 'rootCause', 'responsibility', 'measures'] as const).filter(
    (f) => input[f] !== undefined,
  );
  for (const field of fields) state.investigation[field] = input[field]!;
  state.investigation.updates.push({ at: nowIso(), by: input.actor.sub, fields: [...fields] });
  if (!input.handlingEnded) {
    await record(response, input.actor, 'incident.investigation_updated');
    return;
  }
  state.handlingEndedAt = nowIso();
  state.status = 'investigated';
  redoDeadlines(response);
  await record(response, input.actor, 'incident.handling_ended', {
    why: {
      code: 'incident.handling_ended',
      params: { summaries: state.deadlines.filter((d) => d.startsAt === state.handlingEndedAt).length },
    },
  });
}

/**
 * The DSO closes the incident. Resume: every agreement it contained resumes (once no other incident holds
 * it). Revoke: every one is revoked (its partner asked to attest the deletion), then the partner's credit code
 * is listed with the incident as the reason and the partner blacklisted through its workflow. A drill
 * touches nothing.
 */
async function close(response: Response, input: ClosureInput): Promise<void> {
  const { state, inbox } = response;
  const blockers = closureBlockersOf(state);
  if (blockers.length > 0) {
    // A deadline passed between the request and now: the closure is refused with what blocks it.
    inbox.close.refuse({
      code: 'incident.not_closable',
      message: `the incident cannot be closed yet: ${blockers.map((b) => b.message).join('; ')}`,
      params: { count: blockers.length },
      reasons: blockers.map((b) => ({ code: b.code, params: b.params, message: b.message })),
    });
    return;
  }
  state.closure = { outcome: input.outcome, by: input.actor.sub, at: nowIso(), reason: input.reason };
  state.status = 'closed';
  state.closedAt = state.closure.at;
  if (!state.drill) {
    const sent = tellAgreements(response, input.outcome, `incident closed: ${input.reason}`);
    if (input.outcome === 'revoke') {
      await incidents.blacklistForIncident({
        key: `incident:${state.id}:blacklist`,
        incidentId: state.id,
        partnerId: state.partnerId,
        creditCode: state.creditCode,
        reason: `incident ${state.id}: ${state.title} — ${input.reason}`,
        actor: input.actor,
      });
      state.closure.blacklisted = true;
    }
    await sent;
  }
  await record(response, input.actor, 'incident.closed', {
    reason: input.reason,
    why: { code: 'incident.closed', params: { outcome: input.outcome, agreements: response.pending.size } },
  });
  await notifyHandlers(response, 'closed', 'incident.closed', { outcome: input.outcome });
}

// ---------------------------------------------------------------------------------------------------
// Recording and notifying

interface Because {
  reason?: string;
  why?: AuditReason;
}

async function record(response: Response, actor: Claims, action: AuditAction, because: Because = {}): Promise<void> {
  const { state } = response;
  const next = nextDueOf(state.deadlines);
  if (next) state.nextDueAt = next;
  else delete state.nextDueAt;
  await response.run.record({
    actor,
    action,
    ...(because.reason !== undefined ? { reason: because.reason } : {}),
    ...(because.why ? { why: because.why } : {}),
    ruleVersion: INCIDENT_RULES_VERSION,
  });
}

async function notify(
  response: Response,
  what: string,
  recipient: string,
  template: string,
  extra: Record<string, string | number> = {},
): Promise<void> {
  const { state } = response;
  await notifications.notify({
    key: `incident:${state.id}:${what}:${recipient}`,
    recipient,
    template,
    params: {
      incidentId: state.id,
      title: state.title,
      partnerName: state.partnerName,
      grade: state.grade,
      drill: state.drill ? 1 : 0,
      ...extra,
    },
    subject: { type: 'Incident', id: state.id },
    ...(state.nextDueAt ? { dueAt: state.nextDueAt } : {}),
  });
}

/** The security reviewers and the DSO: the people who handle incidents. */
async function notifyHandlers(
  response: Response,
  what: string,
  template: string,
  extra: Record<string, string | number> = {},
): Promise<void> {
  await notify(response, what, 'role:security_reviewer', template, extra);
  await notify(response, what, 'role:dso', template, extra);
}

// ---------------------------------------------------------------------------------------------------
// The run

async function continueWith(response: Response): Promise<never> {
  response.run.finish();
  await condition(allHandlersFinished);
  return await continueAsNew<typeof incidentLifecycle>({ carried: response.state, params: response.params });
}

function responseOf(input: IncidentLifecycleInput): Response {
  const params = input.params ?? input.report!.params;
  const state = input.carried ?? firstStateOf(input.report!);
  return {
    run: new EntityRun({
      entity: 'Incident',
      state,
      summaryOf: (s) => ({
        status: s.status,
        grade: s.grade,
        ...(s.drill ? { drill: true } : {}),
        ...(s.closure ? { outcome: s.closure.outcome } : {}),
      }),
    }),
    state,
    params,
    inbox: {
      regrade: new Inbox(),
      report: new Inbox(),
      explain: new Inbox(),
      investigate: new Inbox(),
      close: new Inbox(),
    },
    pending: new Map(),
    answers: [],
    patienceAt: Infinity,
    patienceMs: ANSWER_PATIENCE_MS,
    impatient: false,
  };
}

function firstStateOf(report: IncidentReport): IncidentState {
  const at = nowIso();
  const { body, partner, params, reporter } = report;
  const grading = gradingOf({
    estimates: body.estimates,
    importantOrCoreData: report.data.importantOrCoreData,
    from: null,
    by: reporter.sub,
    at: new Date(nowMs()),
    params,
  });
  // The company's first reports count from when it learned of the incident: from the partner, when it told.
  const discoveredAt = report.source === 'partner' ? at : body.detectedAt;
  const timeliness =
    report.source === 'partner'
      ? partnerReportTimelinessOf({ detectedAt: new Date(body.detectedAt), reportedAt: new Date(nowMs()), params })
      : undefined;
  const state: IncidentState = {
    id: report.incidentId,
    version: 0,
    createdAt: at,
    updatedAt: at,
    requestId: report.requestId,
    drill: body.drill,
    source: report.source,
    partnerId: partner.id,
    partnerName: partner.legalName,
    creditCode: partner.creditCode,
    kind: body.kind,
    title: body.title,
    description: body.description,
    detectedAt: body.detectedAt,
    reportedAt: at,
    reportedBy: reporter.sub,
    discoveredAt,
    ...(timeliness
      ? {
          partnerReport: {
            dueAt: timeliness.dueAt.toISOString(),
            late: timeliness.late,
            hoursLate: timeliness.hoursLate,
          },
        }
      : {}),
    data: report.data,
    estimates: grading.estimates,
    grade: grading.grade,
    gradings: [grading],
    status: 'open',
    agreements: report.agreements.map((a) => ({
      agreementId: a.agreementId,
      title: a.title,
      requestingUnit: a.requestingUnit,
      status: a.status,
      containment: 'pending',
    })),
    containment: { startedAt: at, escalations: 0 },
    deadlines: [],
    withdrawnDeadlines: [],
    investigation: { updates: [] },
  };
  state.deadlines = mergedDeadlines({
    current: [],
    owed: deadlinesOwed({
      grade: state.grade,
      kind: state.kind,
      importantOrCoreData: state.data.importantOrCoreData,
      personalInfoPeople: state.estimates.personalInformation,
      discoveredAt,
      params,
      calendar: CALENDAR,
    }),
    now: new Date(nowMs()),
  }).deadlines;
  const next = nextDueOf(state.deadlines);
  if (next) state.nextDueAt = next;
  return state;
}

export function summaryOf(response: Pick<Response, 'state' | 'pending'>): IncidentSummary {
  const { state } = response;
  return {
    id: state.id,
    version: state.version,
    status: state.status,
    grade: state.grade,
    drill: state.drill,
    agreements: state.agreements.length,
    contained: state.agreements.filter((a) => a.containment === 'contained').length,
    pendingAnswers: response.pending.size,
    ...(state.nextDueAt ? { nextDueAt: state.nextDueAt } : {}),
  };
}
