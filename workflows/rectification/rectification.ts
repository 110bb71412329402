/**
 * The rectification (整改, S5, S11; issue 14 point 3) of the findings one inspection run raised for one
 * owner unit: `rectification-<period>-<unit>`, the one writer of those findings from their second version
 * on. One workflow per run and unit, not per finding: a run raises all its findings at one instant, so
 * their plans (policies/rectification.ts) are one per severity — reminders to the unit before the
 * deadline, escalation to the DSO at it, and for a revoking severity (critical) the agreement revoked
 * after it — and a run starts a workflow per unit it found something for, not one per finding.
 * People's steps come as updates, one finding each: the owner unit submits evidence, a security reviewer
 * verifies it or sends it back. A re-inspection that no longer finds a cause closes its finding. The
 * workflow ends when none of its findings is left to rectify.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { FindingActivities } from '../../activities/findings';
import type { NotifyActivities } from '../../activities/notify';
import type { OversightSignalActivities } from '../../activities/oversight-signals';
import type { Claims } from '../../policies/abilities';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import type { Refusal } from '../../policies/errors';
import type { RectificationParameters } from '../../policies/inspection-parameters';
import { nextGroupStepOf, rectificationPlanOf, type RectificationStep } from '../../policies/rectification';
import {
  OWED_STATUSES,
  UNRESOLVED_STATUSES,
  evidenceRefusalFor,
  verificationRefusalFor,
  type FindingAct,
} from '../../policies/rectification-steps';
import type { Severity } from '../../policies/vocabulary';
import { nowIso, nowMs } from '../clock';
import { rectificationWorkflowId } from '../ids';
import {
  decideEvidenceUpdate,
  findingsClosedSignal,
  findingsRaisedSignal,
  statusQuery,
  submitEvidenceUpdate,
  type EvidenceInput,
  type FindingState,
  type FindingsClosed,
  type GroupRecord,
  type RectificationInput,
  type RectificationState,
  type RectificationSummary,
  type TrackedFinding,
  type VerificationInput,
  trackedOf,
} from './messages';

const findings = proxyActivities<FindingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['resource.not_found'] },
});
/** A step on every finding of a group (escalate, close, revoke): heartbeating, resumed where it stopped. */
const bulk = proxyActivities<FindingActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['resource.not_found'] },
});
const signals = proxyActivities<OversightSignalActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumInterval: '1 minute' },
});
const notifications = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/** The actor of the steps the workflow takes on its own. */
const SYSTEM: Claims = { sub: 'system:rectification', roles: ['system'] };
/** The actor of a closure: the re-inspection that found the cause gone. */
const INSPECTION: Claims = { sub: 'system:inspection', roles: ['system'] };
/** Signal keys remembered (a repeated signal is one fact). */
const SEEN_KEPT = 1000;

type PersonAct =
  | { kind: 'evidence'; input: EvidenceInput; updateId: string }
  | { kind: 'decision'; input: VerificationInput; updateId: string };

/** A person's step handed to the story, and what became of it. */
interface Pending {
  act: PersonAct;
  taken: boolean;
  result?: FindingState;
  refused?: Refusal;
}

interface Work {
  state: RectificationState & { rectification?: RectificationParameters };
  pending: Pending[];
  closes: FindingsClosed[];
  reload: boolean;
}

export async function rectification(input: RectificationInput): Promise<RectificationSummary> {
  const work: Work = {
    state: input.carried ?? { period: input.period, ownerUnit: input.ownerUnit, findings: [], groups: [], seen: [] },
    pending: [],
    closes: [],
    reload: input.carried === undefined,
  };
  registerHandlers(work);

  for (;;) {
    if (work.reload) await load(work);
    if (!hasWork(work)) break;
    const next = nextStepOf(work.state);
    const arrived = () => work.reload || work.closes.length > 0 || work.pending.some((p) => !p.taken);
    const wait = next ? Math.max(next.at - nowMs(), 0) : undefined;
    const woke =
      wait === 0 ? arrived() : wait === undefined ? (await condition(arrived), true) : await condition(arrived, wait);
    if (!woke) await takeTimedStep(work, next!);
    else if (work.reload) continue;
    else if (work.closes.length > 0) await closeFindings(work, work.closes.shift()!);
    else
      await takePersonStep(
        work,
        work.pending.find((p) => !p.taken)!,
      );
    if (workflowInfo().continueAsNewSuggested && !work.pending.some((p) => !p.result && !p.refused)) {
      await condition(allHandlersFinished);
      const { state } = work;
      await continueAsNew<typeof rectification>({ period: state.period, ownerUnit: state.ownerUnit, carried: state });
    }
  }
  await condition(allHandlersFinished);
  return summaryOf(work.state);
}

/** Something is left to rectify, or a step or fact waits to be taken. */
function hasWork(work: Work): boolean {
  return (
    work.state.findings.some((f) => UNRESOLVED_STATUSES.includes(f.status)) ||
    work.closes.length > 0 ||
    work.pending.some((p) => !p.taken)
  );
}

function registerHandlers(work: Work): void {
  const { state } = work;
  const tracked = (id: string): TrackedFinding => {
    const found = state.findings.find((f) => f.id === id);
    if (!found) {
      throw ApplicationFailure.nonRetryable(`finding ${id} is not rectified here`, 'resource.not_found', { id });
    }
    return found;
  };
  const refuse = (refusal: Refusal | null) => {
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code, refusal.params ?? {});
  };
  /** Hands the step to the story; answers with the finding once its new version is in the store. */
  const handOver = async (act: PersonAct): Promise<FindingState> => {
    const entry: Pending = { act, taken: false };
    work.pending.push(entry);
    await condition(() => entry.result !== undefined || entry.refused !== undefined);
    work.pending.splice(work.pending.indexOf(entry), 1);
    refuse(entry.refused ?? null);
    return entry.result!;
  };
  const updateId = () => currentUpdateInfo()?.id ?? `${nowMs()}`;

  // Before the findings are first loaded, a step is taken and checked once they are (takePersonStep).
  const loaded = () => work.state.rectification !== undefined;
  setHandler(statusQuery, () => summaryOf(state));
  setHandler(submitEvidenceUpdate, async (input) => await handOver({ kind: 'evidence', input, updateId: updateId() }), {
    validator: (input) => (loaded() ? refuse(evidenceRefusalFor(tracked(input.findingId), input.actor)) : undefined),
  });
  setHandler(decideEvidenceUpdate, async (input) => await handOver({ kind: 'decision', input, updateId: updateId() }), {
    validator: (input) =>
      loaded() ? refuse(verificationRefusalFor(tracked(input.findingId), input.actor, input)) : undefined,
  });
  setHandler(findingsClosedSignal, (fact) => {
    if (seen(state, fact.key)) return;
    work.closes.push(fact);
  });
  setHandler(findingsRaisedSignal, (fact) => {
    if (seen(state, fact.key)) return;
    work.reload = true;
  });
}

function seen(state: RectificationState, key: string): boolean {
  if (state.seen.includes(key)) return true;
  state.seen.push(key);
  if (state.seen.length > SEEN_KEPT) state.seen.splice(0, state.seen.length - SEEN_KEPT);
  return false;
}

/** The run's findings of this unit, as the store has them, and the rectification parameters (once). */
async function load(work: Work): Promise<void> {
  work.reload = false;
  const { state } = work;
  const loaded = await findings.loadRectification({ period: state.period, ownerUnit: state.ownerUnit });
  state.rectification ??= loaded.rectification;
  state.findings = loaded.findings;
  for (const f of loaded.findings) {
    if (!state.groups.some((g) => g.severity === f.severity && g.raisedAt === f.raisedAt)) {
      state.groups.push({ severity: f.severity, raisedAt: f.raisedAt, remindersSent: 0 });
    }
  }
}

const inGroup = (group: GroupRecord) => (f: TrackedFinding) =>
  f.severity === group.severity && f.raisedAt === group.raisedAt;

function planOf(state: Work['state'], group: GroupRecord) {
  return rectificationPlanOf({
    severity: group.severity,
    ownerUnit: state.ownerUnit,
    raisedAt: new Date(group.raisedAt),
    params: { rectification: state.rectification! },
    calendar: CHINA_HOLIDAYS,
  });
}

interface NextStep {
  group: GroupRecord;
  step: RectificationStep;
  at: number;
}

/** The earliest timed step of any group. */
function nextStepOf(state: Work['state']): NextStep | undefined {
  let next: NextStep | undefined;
  for (const group of state.groups) {
    const members = state.findings.filter(inGroup(group));
    const step = nextGroupStepOf(planOf(state, group), {
      remindersSent: group.remindersSent,
      owed: members.filter((f) => OWED_STATUSES.includes(f.status)).length,
      unescalated: members.filter((f) => !f.escalated && UNRESOLVED_STATUSES.includes(f.status)).length,
    });
    if (step && (!next || step.at.getTime() < next.at)) next = { group, step: step.step, at: step.at.getTime() };
  }
  return next;
}

/** A reminder to the unit, the escalation to the DSO, or the revocation of overdue critical findings' agreements. */
async function takeTimedStep(work: Work, next: NextStep): Promise<void> {
  const { state } = work;
  const { group, step } = next;
  const plan = planOf(state, group);
  const members = state.findings.filter(inGroup(group));
  const owed = members.filter((f) => OWED_STATUSES.includes(f.status));
  const params = {
    period: state.period,
    ownerUnit: state.ownerUnit,
    severity: group.severity,
    dueAt: plan.dueAt.toISOString(),
  };
  const what = `${group.severity}@${group.raisedAt}`;
  if (step === 'remind') {
    group.remindersSent += 1;
    await notify(state, `${what}:remind:${group.remindersSent}`, `unit:${state.ownerUnit}`, 'finding.reminder', {
      ...params,
      count: owed.length,
    });
    return;
  }
  if (step === 'escalate') {
    const ids = members.filter((f) => !f.escalated && UNRESOLVED_STATUSES.includes(f.status)).map((f) => f.id);
    await applyToMany(
      work,
      ids,
      { kind: 'escalate', key: `escalate:${params.dueAt}`, by: SYSTEM.sub, at: nowIso() },
      SYSTEM,
    );
    await notify(state, `${what}:escalate`, 'role:dso', 'finding.escalated', { ...params, count: ids.length });
    await notify(state, `${what}:escalate`, `unit:${state.ownerUnit}`, 'finding.escalated', {
      ...params,
      count: ids.length,
    });
    return;
  }
  // Revoke: each owed finding's agreement is ordered revoked, then the finding ends with it.
  const at = nowIso();
  await signals.tellAgreements({
    facts: owed.map((f) => ({
      agreementId: f.agreementId,
      fact: {
        key: `revoke:${f.id}`,
        step: 'revoke' as const,
        findingId: f.id,
        ruleId: f.ruleId,
        severity: f.severity,
        suspends: false,
        // Both of the console's languages: the agreement keeps this text as the revocation's reason.
        reason: `专项排查 ${state.period} 发现的问题 ${f.ruleId} 未在 ${params.dueAt} 前完成整改 / finding ${f.ruleId} of the inspection ${state.period} was not rectified by ${params.dueAt}`,
        at,
      },
    })),
  });
  await applyToMany(
    work,
    owed.map((f) => f.id),
    { kind: 'revoke', key: `revoke:${params.dueAt}`, by: SYSTEM.sub, at },
    SYSTEM,
  );
  await notify(state, `${what}:revoke:${at}`, 'role:dso', 'finding.revoked', { ...params, count: owed.length });
  await notify(state, `${what}:revoke:${at}`, `unit:${state.ownerUnit}`, 'finding.revoked', {
    ...params,
    count: owed.length,
  });
}

/** A re-inspection found the cause of these findings gone: each still unresolved closes, naming the run. */
async function closeFindings(work: Work, fact: FindingsClosed): Promise<void> {
  const ids = fact.findingIds.filter((id) =>
    work.state.findings.some((f) => f.id === id && UNRESOLVED_STATUSES.includes(f.status)),
  );
  await applyToMany(
    work,
    ids,
    { kind: 'close', key: `close:${fact.period}`, by: INSPECTION.sub, at: nowIso(), period: fact.period },
    INSPECTION,
  );
}

async function applyToMany(work: Work, ids: string[], act: FindingAct, actor: Claims): Promise<void> {
  if (ids.length === 0) return;
  const after = await bulk.applyFindingActs({ findingIds: ids, act, actor });
  for (const f of after) track(work.state, f);
}

function track(state: RectificationState, f: TrackedFinding): void {
  const i = state.findings.findIndex((t) => t.id === f.id);
  if (i >= 0) state.findings[i] = f;
}

/** Evidence, a verification or a send-back: checked again on the finding as it now is, then recorded. */
async function takePersonStep(work: Work, entry: Pending): Promise<void> {
  entry.taken = true;
  const { state } = work;
  const { act } = entry;
  const finding = state.findings.find((f) => f.id === act.input.findingId);
  const { actor } = act.input;
  const refusal: Refusal | null = !finding
    ? {
        code: 'resource.not_found',
        message: `finding ${act.input.findingId} is not rectified here`,
        params: { id: act.input.findingId },
      }
    : act.kind === 'evidence'
      ? evidenceRefusalFor(finding, actor)
      : verificationRefusalFor(finding, actor, act.input);
  if (refusal || !finding) {
    entry.refused = refusal!;
    return;
  }
  const at = nowIso();
  const step: FindingAct =
    act.kind === 'evidence'
      ? { kind: 'evidence', key: `evidence:${act.updateId}`, by: actor.sub, at, text: act.input.text }
      : act.input.outcome === 'verify'
        ? {
            kind: 'verify',
            key: `verify:${act.updateId}`,
            by: actor.sub,
            at,
            ...(act.input.reason ? { reason: act.input.reason } : {}),
          }
        : { kind: 'send_back', key: `send_back:${act.updateId}`, by: actor.sub, at, reason: act.input.reason ?? '' };
  const next = await findings.applyFindingAct({ findingId: finding.id, act: step, actor });
  track(state, trackedOf(next));
  const params = { findingId: finding.id, ruleId: finding.ruleId, period: state.period, ownerUnit: state.ownerUnit };
  if (step.kind === 'evidence') {
    await notify(state, `evidence:${act.updateId}`, 'role:security_reviewer', 'finding.evidence_submitted', params);
  } else {
    await notify(
      state,
      `${step.kind}:${act.updateId}`,
      `unit:${state.ownerUnit}`,
      `finding.${step.kind === 'verify' ? 'verified' : 'sent_back'}`,
      params,
    );
  }
  entry.result = next;
}

async function notify(
  state: RectificationState,
  what: string,
  recipient: string,
  template: string,
  params: Record<string, string | number>,
): Promise<void> {
  await notifications.notify({
    key: `${rectificationWorkflowId(state.period, state.ownerUnit)}:${what}:${recipient}`,
    recipient,
    template,
    params,
    ...(typeof params.findingId === 'string' ? { subject: { type: 'Finding', id: params.findingId } } : {}),
    ...(typeof params.dueAt === 'string' ? { dueAt: params.dueAt } : {}),
  });
}

function summaryOf(state: Work['state']): RectificationSummary {
  const byStatus: RectificationSummary['byStatus'] = {};
  for (const f of state.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const next = state.rectification ? nextStepOf(state) : undefined;
  return {
    period: state.period,
    ownerUnit: state.ownerUnit,
    findings: state.findings.length,
    unresolved: state.findings.filter((f) => UNRESOLVED_STATUSES.includes(f.status)).length,
    byStatus,
    ...(next
      ? { next: { severity: next.group.severity as Severity, step: next.step, at: new Date(next.at).toISOString() } }
      : {}),
  };
}
