/**
 * An approved agreement's life: provisioning (the provision record, the regulator filing of reportable
 * sharing, the grant of access), supervision while it runs (条例 Art 12: usage reports with reminders,
 * grace and suspension; reports beyond the approval; recertification; amendments; suspension and
 * resumption), and its end by any trigger — access removed once in effect whatever the number and
 * order of triggers — with the partner's deletion attestation awaited (R9, PIPL Art 21).
 */
import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import {
  recertificationDeadlinesFor,
  attestationDeadlinesFor,
  usagePeriodsOf,
  usageReportDeadlinesFor,
} from '../../policies/agreement-deadlines';
import { approvedScopeOf, receivedAfter, usageViolationsOf, type UsageReport } from '../../policies/usage-reports';
import {
  grantKeyOf,
  revokeKeyOf,
  provisionRecordKeyOf,
  filingKeyOf,
  usageReportKeyOf,
  deletionAttestationKeyOf,
} from '../../policies/record-keys';
import type { Claims } from '../../policies/abilities';
import { nowIso, nowMs } from '../clock';
import { incidentWorkflowId } from '../ids';
import { agreementAnsweredSignal } from '../incident/messages';
import {
  awaitingOf,
  decide,
  dropPending,
  ms,
  notApprovable,
  startReview,
  takeAwaiting,
  remindOrEscalate,
} from './lifecycle';
import {
  CALENDAR,
  SYSTEM,
  access,
  catalog,
  evaluate,
  filings,
  notify,
  record,
  records,
  reports,
  snapshots,
  type Because,
  type Sharing,
} from './sharing';
import type { IncidentFact, OversightFact, PartnerLapsed } from './messages';
import type { AgreementState, EndingTrigger, SuspensionCause } from './state';

/**
 * Approved: the provision record (S4, R22), the regulator filing when the sharing is reportable (its
 * submission before any data flows), the catalog re-filing tasks (R3); then, at the start date, access.
 */
export async function provision(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  if (!state.provision) await recordProvision(sharing);
  // Nothing flows before the start date; an ending may come first.
  const starts = ms(state.startsAt);
  if (nowMs() < starts) {
    const ended = await sharing.run.wait(endingArrived(sharing), starts - nowMs());
    if (ended) return await onEndingFact(sharing);
  }
  if (endingArrived(sharing)()) return await onEndingFact(sharing);
  await grant(sharing);
  state.status = 'active';
  scheduleSupervision(sharing);
  await record(sharing, SYSTEM, 'agreement.activated');
  await notify(sharing, 'activated', state.requestedBy, 'agreement.activated');
  await notify(sharing, 'activated', `partner:${state.partnerId}`, 'agreement.activated');
}

async function recordProvision(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  const { evaluation } = await evaluate(sharing, state.approved!);
  const facts = await snapshots.provisionFactsOf({
    agreementId: state.id,
    version: state.version,
    partnerId: state.partnerId,
    requestingUnit: state.requestingUnit,
    request: state.approved!,
    effectiveGrade: state.effectiveGrade,
    personalInfo: state.personalInfo,
    sensitivePersonalInfo: state.sensitivePersonalInfo,
    ...(evaluation.route.exportPathway ? { pathway: evaluation.route.exportPathway.pathway } : {}),
    approvedAt: nowIso(),
  });
  const { reportable, reasons } = evaluation.reportability;
  const key = provisionRecordKeyOf(state.id, state.version);
  await records.recordProvision({ key, facts, reportableReasons: reasons });
  state.provision = { key, reportable, reasons, recordedAt: nowIso() };
  if (reportable) {
    const filingKey = filingKeyOf(state.id, state.version);
    const filing = await filings.submitRegulatorFiling({ key: filingKey, preparedAt: nowIso(), facts, reasons });
    state.provision.filing = { key: filingKey, reference: filing.reference, submittedAt: filing.submittedAt };
  }
  await catalog.openCatalogRefilingTasks({
    agreementId: state.id,
    partnerId: state.partnerId,
    requestingUnit: state.requestingUnit,
    change: 'sharing_started',
    at: nowIso(),
    assets: facts.assets.map((a) => ({ assetId: a.assetId, grade: a.grade })),
  });
  await record(sharing, SYSTEM, reportable ? 'agreement.filing_submitted' : 'agreement.provision_recorded', {
    why: { code: reportable ? 'agreement.reportable' : 'agreement.not_reportable', params: {} },
  });
}

/** The usage periods of the approved term and the first recertification, from activation. */
function scheduleSupervision(sharing: Sharing): void {
  const { state, params } = sharing;
  const approved = state.approved!;
  const reported = new Map(state.usage.periods.map((p) => [p.start, p]));
  state.usage.periods = usagePeriodsOf({
    startDate: approved.startDate,
    endDate: approved.endDate,
    cadence: params.usageReportCadence,
  }).map((period) => {
    const known = reported.get(period.start);
    if (known?.reportedAt) return known;
    const deadlines = usageReportDeadlinesFor({ period, params, calendar: CALENDAR });
    return {
      ...period,
      remindAt: deadlines.remindAt.toISOString(),
      dueAt: deadlines.dueAt.toISOString(),
      suspendAt: deadlines.suspendAt.toISOString(),
    };
  });
  if (!state.recertification) scheduleRecertification(sharing, new Date(nowMs()));
}

function scheduleRecertification(sharing: Sharing, from: Date): void {
  const deadlines = recertificationDeadlinesFor({ lastCertifiedAt: from, params: sharing.params, calendar: CALENDAR });
  sharing.state.recertification = {
    remindAt: deadlines.remindAt.toISOString(),
    dueAt: deadlines.dueAt.toISOString(),
    suspendAt: deadlines.suspendAt.toISOString(),
  };
}

/** The patch after which a sharing resumed before its start date waits for it (see runAgain). */
const RESUME_WAITS_FOR_START = 'agreement-resume-waits-for-start';

type Timer = { at: number; what: 'expiry' | 'usage' | 'recertification' | 'review' };

/** What the running agreement waits for next, earliest first. */
function timersOf(sharing: Sharing): Timer[] {
  const { state } = sharing;
  const timers: Timer[] = [{ at: ms(state.endsAt), what: 'expiry' }];
  const period = state.usage.periods.find(
    (p) => !p.reportedAt && (!p.overdue || ms(p.suspendAt) > nowMs() || !suspendedFor(state, 'usage_report_overdue')),
  );
  if (period) {
    const at = !period.reminded ? ms(period.remindAt) : !period.overdue ? ms(period.dueAt) : ms(period.suspendAt);
    if (!(period.overdue && suspendedFor(state, 'usage_report_overdue'))) timers.push({ at, what: 'usage' });
  }
  const recert = state.recertification;
  if (recert && !suspendedFor(state, 'recertification_missed')) {
    timers.push({ at: recert.reminded ? ms(recert.suspendAt) : ms(recert.remindAt), what: 'recertification' });
  }
  if (state.review) {
    const review = state.review;
    timers.push({
      at: review.remindAt ? Math.min(ms(review.remindAt), ms(review.dueAt)) : ms(review.dueAt),
      what: 'review',
    });
  }
  return timers.sort((a, b) => a.at - b.at);
}

const suspendedFor = (state: AgreementState, cause: SuspensionCause) =>
  state.status === 'suspended' && state.suspension?.cause === cause;

const endingArrived = (sharing: Sharing) => () => sharing.inbox.ending.has() || sharing.facts.length > 0;

/** One event of a running agreement: a person's step, a partner fact, or a deadline. */
export async function supervise(sharing: Sharing): Promise<void> {
  const { run, inbox } = sharing;
  const [next] = timersOf(sharing);
  const arrived = () =>
    endingArrived(sharing)() ||
    inbox.usage.has() ||
    inbox.resume.has() ||
    inbox.recertify.has() ||
    inbox.amend.has() ||
    inbox.review.has() ||
    inbox.filing.has();
  if (!(await run.until(arrived, next!.at))) return await onTimer(sharing, next!);
  if (endingArrived(sharing)()) return await onEndingFact(sharing);
  if (inbox.usage.has()) return await usageReported(sharing);
  if (inbox.resume.has()) return await resumed(sharing);
  if (inbox.recertify.has()) return await recertified(sharing);
  if (inbox.amend.has()) return await amendmentRequested(sharing);
  if (inbox.filing.has()) return await filingConfirmed(sharing);
  if (inbox.review.has()) {
    await decide(sharing, inbox.review.take()!);
    if (sharing.amended) {
      sharing.amended = false;
      await regrantForAmendment(sharing);
    }
  }
}

async function onTimer(sharing: Sharing, timer: Timer): Promise<void> {
  const { state } = sharing;
  if (timer.what === 'expiry')
    return await startRevocation(sharing, 'expiry', SYSTEM, {
      why: { code: 'agreement.end_date_reached', params: { endDate: (state.approved ?? state.request).endDate } },
    });
  if (timer.what === 'review') return await remindOrEscalate(sharing);
  if (timer.what === 'recertification') {
    const recert = state.recertification!;
    if (!recert.reminded) {
      recert.reminded = true;
      takeAwaiting(state, `unit_head:${state.requestingUnit}`, recert.dueAt);
      await record(sharing, SYSTEM, 'agreement.recertification_due', {
        why: { code: 'agreement.recertification_due', params: {} },
      });
      await notify(sharing, `recertification_${recert.dueAt}`, 'role:unit_head', 'agreement.recertification_due');
      return;
    }
    return await suspend(sharing, 'recertification_missed', {
      why: { code: 'agreement.recertification_missed', params: {} },
    });
  }
  // A usage report: reminded, then overdue, then (after the grace) the agreement suspends.
  const period = state.usage.periods.find((p) => !p.reportedAt)!;
  if (!period.reminded) {
    period.reminded = true;
    takeAwaiting(state, `partner:${state.partnerId}`, period.dueAt);
    await record(sharing, SYSTEM, 'agreement.usage_report_due', {
      why: { code: 'agreement.usage_report_due', params: { period: period.start } },
    });
    await notify(
      sharing,
      `usage_reminder_${period.start}`,
      `partner:${state.partnerId}`,
      'agreement.usage_report_due',
      {
        period: period.start,
      },
    );
    return;
  }
  if (!period.overdue) {
    period.overdue = true;
    await record(sharing, SYSTEM, 'agreement.usage_report_overdue', {
      why: { code: 'agreement.usage_report_overdue', params: { period: period.start } },
    });
    await notify(
      sharing,
      `usage_overdue_${period.start}`,
      `partner:${state.partnerId}`,
      'agreement.usage_report_overdue',
      {
        period: period.start,
      },
    );
    await notify(sharing, `usage_overdue_${period.start}`, 'role:security_reviewer', 'agreement.usage_report_overdue', {
      period: period.start,
    });
    return;
  }
  await suspend(sharing, 'usage_report_overdue', {
    why: { code: 'agreement.usage_report_missing', params: { period: period.start } },
  });
}

/** The patch after which a period's second report, admitted while its first was being recorded, is refused. */
const USAGE_REPORTED_ONCE = 'agreement-usage-reported-once';

/** A partner's report of a period: recorded, checked against the approval; what goes beyond it is a violation. */
async function usageReported(sharing: Sharing): Promise<void> {
  const { state, inbox } = sharing;
  const { report: input, remarks, actor } = inbox.usage.take()!;
  const period = state.usage.periods.find((p) => p.start === input.periodStart)!;
  // A second report of the period, admitted while the first was still being recorded (its update's answer
  // lost in an outage, sent again): the first is the report; this one would count the volume twice.
  if (period.reportedAt && patched(USAGE_REPORTED_ONCE)) {
    inbox.usage.refuse({
      code: 'agreement.not_running',
      message: `the period from ${input.periodStart} was reported already`,
      params: { status: state.status, period: input.periodStart },
    });
    return;
  }
  const report: UsageReport = { ...input, period: { start: period.start, end: period.end } };
  const found = usageViolationsOf(report, approvedScopeOf(state.approved!), {
    receivedBefore: state.usage.received,
    params: sharing.params,
  });
  const key = usageReportKeyOf(state.id, period.start);
  await reports.recordUsageReport({
    key,
    agreement: reportedAgreementOf(state),
    report,
    ...(found.length > 0 ? { violations: found.map(({ code, params }) => ({ code, params })) } : {}),
    ...(remarks ? { remarks } : {}),
    submittedBy: actor.sub,
    submittedAt: nowIso(),
  });
  Object.assign(period, { reportedAt: nowIso(), reportKey: key, reportedBy: actor.sub });
  state.usage.received = receivedAfter(state.usage.received, report);
  const at = nowIso();
  state.violations.push(
    ...found.map((v) => ({ code: v.code, params: v.params, suspends: v.suspends, at, period: period.start })),
  );
  if (state.awaiting === `partner:${state.partnerId}`) takeAwaiting(state, undefined, undefined);
  await record(sharing, actor, 'agreement.usage_reported', {
    why: { code: 'agreement.usage_reported', params: { period: period.start, violations: found.length } },
  });
  if (found.length === 0) return;
  await notify(sharing, `violation_${period.start}`, 'role:security_reviewer', 'agreement.usage_violation', {
    period: period.start,
    violations: found.map((v) => v.code).join(','),
  });
  if (found.some((v) => v.suspends) && state.status === 'active') {
    // The violations' reason codes: the console puts each into words with the violation's params.
    await suspend(sharing, 'usage_violation', { reason: found.map((v) => v.code).join(', ') });
  }
}

/** A reviewer resumes a suspended agreement, once the partner may receive data again. */
async function resumed(sharing: Sharing): Promise<void> {
  const { state, inbox } = sharing;
  const { reason, actor } = inbox.resume.take()!;
  const { evaluation } = await evaluate(sharing, state.approved!);
  const partnerRefusals = evaluation.refusals.filter(
    (r) => r.code === 'agreement.partner_not_approved' || r.code === 'agreement.partner_blacklisted',
  );
  if (partnerRefusals.length > 0) {
    inbox.resume.refuse(notApprovable(partnerRefusals));
    return;
  }
  if (state.suspension?.cause === 'recertification_missed') scheduleRecertification(sharing, new Date(nowMs()));
  await runAgain(sharing);
  await record(sharing, actor, 'agreement.resumed', { reason });
  await notify(sharing, 'resumed', `partner:${state.partnerId}`, 'agreement.resumed');
}

/**
 * A suspension lifted: access granted again, and no one is awaited for it any more. Suspended before its
 * start date (approved, not yet running), the sharing waits for that date again instead, for nothing flows
 * before it (`provision` grants then); runs recorded before this rule granted at once, and replay as they ran.
 */
async function runAgain(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  takeAwaiting(state, undefined, undefined);
  if (nowMs() < ms(state.startsAt) && patched(RESUME_WAITS_FOR_START)) {
    state.status = 'approved';
    delete state.suspension;
    return;
  }
  if (state.usage.periods.length === 0) scheduleSupervision(sharing); // suspended before it ever ran
  await grant(sharing);
  state.status = 'active';
  delete state.suspension;
}

/** The unit head confirms the sharing is still needed: the next recertification counts from now. */
async function recertified(sharing: Sharing): Promise<void> {
  const { state, inbox } = sharing;
  const { actor } = inbox.recertify.take()!;
  scheduleRecertification(sharing, new Date(nowMs()));
  state.recertification!.confirmedAt = nowIso();
  if (state.awaiting === `unit_head:${state.requestingUnit}`) takeAwaiting(state, undefined, undefined);
  await record(sharing, actor, 'agreement.recertified');
}

/** The requester asks for more (fields, assets, time, volume): routed again while the approved scope runs. */
async function amendmentRequested(sharing: Sharing): Promise<void> {
  const { state, inbox } = sharing;
  const { request, actor } = inbox.amend.take()!;
  const { evaluation } = await evaluate(sharing, request);
  if (evaluation.refusals.length > 0) {
    inbox.amend.refuse(notApprovable(evaluation.refusals));
    return;
  }
  const round = state.decisions.filter((d) => d.kind === 'amendment').reduce((top, d) => Math.max(top, d.round), 0) + 1;
  state.amendment = {
    proposed: request,
    by: actor.sub,
    at: nowIso(),
    effectiveGrade: evaluation.content.effectiveGrade,
    personalInfo: evaluation.content.personalInfo,
  };
  const review = startReview(sharing, 'amendment', round, evaluation);
  await record(sharing, actor, 'agreement.amendment_requested', {
    why: { code: 'agreement.routed', params: { stages: review.stages.join(',') } },
  });
  await notify(
    sharing,
    `amendment_${round}`,
    awaitingOf(state, review.current).replace(/^unit_head:.*/, 'role:unit_head'),
    'agreement.stage_opened',
    {
      stage: review.current,
    },
  );
}

/** The amended scope is approved: recorded as provided, and access granted for it (if data flows now). */
async function regrantForAmendment(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  delete state.provision;
  await recordProvision(sharing);
  if (state.status === 'active') await grant(sharing);
  scheduleSupervision(sharing);
  await record(sharing, SYSTEM, 'agreement.access_granted', { why: { code: 'agreement.amended_scope', params: {} } });
}

/** The regulator's confirmation of the filing, as recorded by the company. */
async function filingConfirmed(sharing: Sharing): Promise<void> {
  const { state, inbox } = sharing;
  const { regulatorReference, confirmedAt, actor } = inbox.filing.take()!;
  const filing = state.provision!.filing!;
  await filings.recordFilingConfirmation({
    key: filing.key,
    confirmedAt,
    recordedBy: actor.sub,
    ...(regulatorReference ? { regulatorReference } : {}),
  });
  filing.confirmedAt = confirmedAt;
  if (regulatorReference) filing.regulatorReference = regulatorReference;
  await record(sharing, actor, 'agreement.filing_confirmed');
}

/** An ending step or an outside fact: what ends the sharing revokes it; what holds it suspends it. */
export async function onEndingFact(sharing: Sharing): Promise<void> {
  const { inbox } = sharing;
  const act = inbox.ending.take();
  if (act) {
    const trigger: EndingTrigger = act.kind === 'early_end' ? 'early_end' : 'emergency_revoke';
    return await startRevocation(sharing, trigger, act.input.actor, { reason: act.input.reason });
  }
  const outside = sharing.facts.shift();
  if (!outside) return;
  if (outside.kind === 'partner') return await partnerFact(sharing, outside.fact);
  if (outside.kind === 'incident') return await incidentFact(sharing, outside.fact);
  return await oversightFact(sharing, outside.fact);
}

/**
 * The partner's workflow said the partner may no longer receive data: a blacklisting revokes, a lapse
 * suspends. Its reason, when it has one, is a person's words (the DSO's, a reviewer's); the cause is
 * the system's reason.
 */
async function partnerFact(sharing: Sharing, fact: PartnerLapsed): Promise<void> {
  const { state } = sharing;
  const because = fact.reason ? { reason: fact.reason } : {};
  if (fact.cause === 'blacklisted') {
    return await startRevocation(sharing, 'partner_blacklisted', SYSTEM, {
      ...because,
      why: { code: 'agreement.partner_blacklisted', params: {} },
    });
  }
  if (state.status === 'suspended' && state.suspension?.cause.startsWith('partner_')) return;
  const cause: SuspensionCause = fact.cause === 'lapsed' ? 'partner_lapsed' : 'partner_rejected_on_revetting';
  await suspend(sharing, cause, because);
}

/**
 * From this change on an agreement keeps which incidents hold it and answers each incident's fact (the
 * incident records when its sharing was contained); histories recorded before it replay as they ran.
 */
export const INCIDENT_ANSWERS_PATCH = 'incident-answers-and-holds';

/**
 * An incident contains the sharing at once (access removed), held until that incident is closed: closed with
 * resume, it resumes once no other incident holds it; closed with revoke, it revokes. Each time the agreement
 * answers the incident with where it now stands.
 */
async function incidentFact(sharing: Sharing, fact: IncidentFact): Promise<void> {
  if (!patched(INCIDENT_ANSWERS_PATCH)) return await incidentFactUnanswered(sharing, fact);
  const { state } = sharing;
  const holds = state.incidentHolds ?? [];
  if (fact.step === 'contain') {
    if (!holds.includes(fact.incidentId)) state.incidentHolds = [...holds, fact.incidentId];
    if (state.status !== 'suspended') {
      return await suspend(sharing, 'incident', { reason: fact.reason }, () => answerIncident(state, fact));
    }
    // Suspended already (for another cause or incident): the hold is what changes.
    await record(sharing, SYSTEM, 'agreement.incident_hold', {
      why: { code: 'agreement.incident_hold', params: { incidentId: fact.incidentId } },
      reason: fact.reason,
    });
    return await answerIncident(state, fact);
  }
  const remaining = holds.filter((id) => id !== fact.incidentId);
  if (remaining.length > 0) state.incidentHolds = remaining;
  else delete state.incidentHolds;
  if (fact.step === 'revoke') {
    await startRevocation(sharing, 'incident', SYSTEM, { reason: fact.reason });
    return await answerIncident(state, fact);
  }
  if (state.status !== 'suspended' || state.suspension?.cause !== 'incident' || remaining.length > 0) {
    // Still held by another incident, or suspended for its own cause: released by this one, not resumed.
    await record(sharing, SYSTEM, 'agreement.incident_released', {
      why: { code: 'agreement.incident_released', params: { incidentId: fact.incidentId } },
      reason: fact.reason,
    });
    return await answerIncident(state, fact);
  }
  await resumeAfterIncident(sharing, fact);
  await answerIncident(state, fact);
}

/** Tells the incident where the agreement now stands; an incident whose workflow is gone waits for nothing. */
export async function answerIncident(state: AgreementState, fact: IncidentFact): Promise<void> {
  try {
    await getExternalWorkflowHandle(incidentWorkflowId(fact.incidentId)).signal(agreementAnsweredSignal, {
      key: fact.key,
      incidentId: fact.incidentId,
      agreementId: state.id,
      step: fact.step,
      status: state.status,
      accessGranted: state.access.granted,
      stillHeld: (state.incidentHolds?.length ?? 0) > 0,
      at: nowIso(),
    });
  } catch (err) {
    log.warn('the incident could not be told', { incidentId: fact.incidentId, error: String(err) });
  }
}

/** An incident's fact as agreements took it before they answered incidents (replays of older histories). */
async function incidentFactUnanswered(sharing: Sharing, fact: IncidentFact): Promise<void> {
  const { state } = sharing;
  if (fact.step === 'contain') return await suspend(sharing, 'incident', { reason: fact.reason });
  if (fact.step === 'revoke') return await startRevocation(sharing, 'incident', SYSTEM, { reason: fact.reason });
  if (state.status !== 'suspended' || state.suspension?.cause !== 'incident') return;
  await resumeAfterIncident(sharing, fact);
}

/** The incident that suspended the sharing is closed with resume: running again (at its start, if that is ahead), the partner told. */
async function resumeAfterIncident(sharing: Sharing, fact: IncidentFact): Promise<void> {
  const { state } = sharing;
  await runAgain(sharing);
  await record(sharing, SYSTEM, 'agreement.resumed', {
    why: { code: 'agreement.incident_closed', params: {} },
    reason: fact.reason,
  });
  await notify(sharing, 'resumed', `partner:${state.partnerId}`, 'agreement.resumed');
}

/** An inspection's finding (a critical one suspends), or a rectification's order to revoke. */
async function oversightFact(sharing: Sharing, fact: OversightFact): Promise<void> {
  if (fact.step === 'revoke') {
    return await startRevocation(sharing, 'unrectified_finding', SYSTEM, { reason: fact.reason });
  }
  if (fact.suspends) await suspend(sharing, 'inspection_finding', { reason: fact.reason });
}

/**
 * Suspends the sharing: access removed (once), everyone told; a reviewer resumes it. `because` has a
 * person's words and the system's reason as a code; without one, the cause is the reason. `recorded` runs
 * once the suspension is in the store, before the notices (an incident waits for it).
 */
async function suspend(
  sharing: Sharing,
  cause: SuspensionCause,
  because: Because,
  recorded?: () => Promise<void>,
): Promise<void> {
  const { state } = sharing;
  if (state.status === 'suspended') return;
  await removeAccess(sharing, `suspended: ${cause}`);
  const why = because.why ?? { code: 'agreement.suspended', params: { cause } };
  const words = because.reason ? { reason: because.reason } : {};
  state.status = 'suspended';
  state.suspension = { cause, at: nowIso(), ...words, why: { code: why.code, params: why.params ?? {} } };
  takeAwaiting(state, 'role:security_reviewer', state.dueAt);
  await record(sharing, SYSTEM, 'agreement.suspended', { why, ...words });
  if (recorded) await recorded();
  await notify(sharing, `suspended_${cause}`, state.requestedBy, 'agreement.suspended', { cause });
  await notify(sharing, `suspended_${cause}`, `partner:${state.partnerId}`, 'agreement.suspended', { cause });
  await notify(sharing, `suspended_${cause}`, 'role:security_reviewer', 'agreement.suspended', { cause });
}

/**
 * The agreement ends: recorded as ending first, so a restart finishes the revocation it began. `because`
 * has a person's words (who ended it and why) or the system's reason as a code.
 */
async function startRevocation(
  sharing: Sharing,
  trigger: EndingTrigger,
  actor: Claims,
  because: Because,
): Promise<void> {
  const { state } = sharing;
  const words = because.reason !== undefined ? { reason: because.reason } : {};
  const why = because.why ? { why: { code: because.why.code, params: because.why.params ?? {} } } : {};
  state.status = 'revoking';
  state.ending = { trigger, at: nowIso(), by: actor.sub, ...words, ...why };
  if (state.review) {
    // An amendment in review ends with the agreement.
    state.review = null;
    delete state.amendment;
  }
  dropPending(sharing, {
    code: 'agreement.not_running',
    message: 'the agreement is ending',
    params: { status: 'revoking' },
  });
  await record(sharing, actor, trigger === 'expiry' ? 'agreement.expiring' : 'agreement.revoking', because);
  await revoke(sharing, trigger);
}

/** Removes access (once in effect), notifies, and awaits the partner's deletion attestation. */
export async function revoke(sharing: Sharing, trigger: EndingTrigger): Promise<void> {
  const { state, params } = sharing;
  await removeAccess(sharing, trigger);
  const deadlines = attestationDeadlinesFor({ revokedAt: new Date(nowMs()), params, calendar: CALENDAR });
  state.status = trigger === 'expiry' ? 'expired' : 'revoked';
  delete state.suspension;
  state.attestation = {
    status: 'awaiting',
    remindAt: deadlines.remindAt.toISOString(),
    dueAt: deadlines.dueAt.toISOString(),
    overdue: false,
  };
  takeAwaiting(state, `partner:${state.partnerId}`, state.attestation.dueAt);
  if (state.approved) {
    await catalog.openCatalogRefilingTasks({
      agreementId: state.id,
      partnerId: state.partnerId,
      requestingUnit: state.requestingUnit,
      change: 'sharing_ended',
      at: nowIso(),
      assets: state.approved.assets.map((a) => ({ assetId: a.assetId, grade: state.effectiveGrade })),
    });
  }
  await record(sharing, SYSTEM, trigger === 'expiry' ? 'agreement.expired' : 'agreement.revoked', {
    why: { code: 'agreement.ended_by', params: { trigger } },
  });
  await notify(sharing, 'ended', state.requestedBy, 'agreement.ended', { trigger });
  await notify(sharing, 'ended', `partner:${state.partnerId}`, 'agreement.attestation_requested', { trigger });
}

/** Ended: the partner attests the deletion by its deadline (reminded before); missing, it escalates to the DSO. */
export async function awaitAttestation(sharing: Sharing): Promise<void> {
  const { state, run, inbox } = sharing;
  const attestation = state.attestation!;
  if (attestation.status !== 'awaiting') {
    state.status = 'closed';
    takeAwaiting(state, undefined, undefined);
    await record(sharing, SYSTEM, 'agreement.closed');
    return;
  }
  const next = attestation.overdue
    ? undefined
    : nowMs() < ms(attestation.remindAt)
      ? ms(attestation.remindAt)
      : ms(attestation.dueAt);
  const arrived = await run.until(inbox.attestation.has, next);
  if (!arrived) {
    if (nowMs() < ms(attestation.dueAt)) {
      attestation.remindAt = attestation.dueAt; // reminded once
      await notify(sharing, 'attestation_reminder', `partner:${state.partnerId}`, 'agreement.attestation_reminder');
      return;
    }
    attestation.overdue = true;
    takeAwaiting(state, 'role:dso', attestation.dueAt);
    await record(sharing, SYSTEM, 'agreement.attestation_overdue', {
      why: { code: 'agreement.attestation_overdue', params: {} },
    });
    await notify(sharing, 'attestation_overdue', 'role:dso', 'agreement.attestation_overdue');
    return;
  }
  const act = inbox.attestation.take()!;
  if (act.kind === 'waive') {
    attestation.status = 'waived';
    attestation.waived = { by: act.input.actor.sub, at: nowIso(), reason: act.input.reason };
    await record(sharing, act.input.actor, 'agreement.attestation_waived', { reason: act.input.reason });
    return;
  }
  const { input } = act;
  const key = deletionAttestationKeyOf(state.id, state.version);
  await reports.recordDeletionAttestation({
    key,
    agreement: reportedAgreementOf(state),
    deleted: (state.approved?.assets ?? state.request.assets).map((a) => ({
      assetId: a.assetId,
      fields: [...a.fields],
    })),
    description: input.what,
    includesBackups: input.includesBackups,
    deletedAt: input.deletedAt,
    deletedBy: { name: input.deletedBy },
    method: input.method,
    attestedBy: input.actor.sub,
    attestedAt: nowIso(),
  });
  attestation.status = 'received';
  attestation.received = {
    what: input.what,
    deletedAt: input.deletedAt,
    deletedBy: input.deletedBy,
    method: input.method,
    includesBackups: input.includesBackups,
    attestedBy: input.actor.sub,
    at: nowIso(),
    key,
  };
  await record(sharing, input.actor, 'agreement.attestation_received');
}

/** Grants access for the approved scope at this version (one grant per key: a retry grants once). */
async function grant(sharing: Sharing): Promise<void> {
  const { state } = sharing;
  await access.grantAccess({
    key: grantKeyOf(state.id, state.version),
    agreementId: state.id,
    version: state.version,
    partnerId: state.partnerId,
    scope: {
      assets: state.approved!.assets.map((a) => ({ assetId: a.assetId, fields: [...a.fields] })),
      controls: [...state.approved!.controls],
      validUntil: state.endsAt,
    },
  });
  state.access = { ...state.access, granted: true, grants: state.access.grants + 1, grantedAt: nowIso() };
}

/** Removes access if it is granted: whatever ends or suspends the sharing, one revoke in effect. */
async function removeAccess(sharing: Sharing, reason: string): Promise<void> {
  const { state } = sharing;
  if (!state.access.granted) return;
  await access.revokeAccess({
    key: revokeKeyOf(state.id, state.version),
    agreementId: state.id,
    version: state.version,
    reason,
  });
  state.access = { ...state.access, granted: false, revokes: state.access.revokes + 1, revokedAt: nowIso() };
}

function reportedAgreementOf(state: AgreementState) {
  return {
    agreementId: state.id,
    partnerId: state.partnerId,
    requestingUnit: state.requestingUnit,
    endDate: (state.approved ?? state.request).endDate,
    personalInfo: state.personalInfo,
  };
}
