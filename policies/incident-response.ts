/**
 * How an incident moves (S3; issue 15): who may take each step, the reports it owes and where each stands
 * (each a deadline with reminders, an escalation, and missed or met), a re-grading recorded with both
 * grades, and what closing needs — every report the grade requires made, or missed and explained by the
 * DSO, after emergency handling ended. The API and the workflow's update validators call the same checks.
 * Pure: `now` and the calendar are parameters.
 */
import { subject } from '@casl/ability';
import { SOD_REASONS, defineAbilityFor, type Claims } from './abilities';
import type { HolidayCalendar } from './calendar';
import {
  contentGapsOf,
  incidentDeadlinesFor,
  type ContentItem,
  type IncidentDeadline,
  type IncidentDeadlineKind,
  type IncidentDeadlineParameters,
} from './incident-deadlines';
import { incidentGradeOf, regradingOf, type IncidentEstimates, type Regrading } from './incident-grading';
import type { Refusal } from './errors';
import type { Parameters } from './parameters';
import type { Action, IncidentGrade, IncidentKind, IncidentOutcome, IncidentStatus } from './vocabulary';
import type { Grading, IncidentDeadlineRecord, IncidentState } from '../workflows/incident/state';

export const INCIDENT_RULES_VERSION = 'incident-response@1';

/** Tolerated difference between a reporter's clock and the workflow's when a report's time is in the future. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What the rules read of an incident (the workflow's state has it all). */
export type IncidentFacts = Pick<
  IncidentState,
  'id' | 'status' | 'drill' | 'partnerId' | 'detectedAt' | 'discoveredAt' | 'handlingEndedAt' | 'deadlines'
>;

/** The incident as a CASL subject. */
export const incidentSubjectOf = (facts: Pick<IncidentState, 'id' | 'partnerId' | 'drill' | 'status'>) =>
  subject('Incident', { _id: facts.id, partnerId: facts.partnerId, drill: facts.drill, status: facts.status });

/** Why `actor` may not `action` the incident by the abilities, or null. */
function forbidden(actor: Claims, action: Action, facts: IncidentFacts): Refusal | null {
  const ability = defineAbilityFor(actor);
  const target = incidentSubjectOf(facts);
  if (ability.can(action, target)) return null;
  const why = ability.relevantRuleFor(action, target)?.reason;
  if (why === SOD_REASONS.auditor) {
    return { code: 'auth.auditor_read_only', message: why, params: {} };
  }
  return { code: 'auth.forbidden', message: why ?? `${actor.sub} may not ${action} this incident`, params: { action } };
}

// ---------------------------------------------------------------------------------------------------
// Reporting and grading

/** Who may report an incident of this partner: a reviewer or the DSO, or the partner's own users (not a drill). */
export function reportRefusalFor(actor: Claims, report: { partnerId: string; drill: boolean }): Refusal | null {
  const ability = defineAbilityFor(actor);
  if (!ability.can('create', subject('Incident', { partnerId: report.partnerId, drill: report.drill }))) {
    const why = ability.relevantRuleFor('create', subject('Incident', { partnerId: report.partnerId }))?.reason;
    return { code: 'auth.forbidden', message: why ?? `${actor.sub} may not report this incident`, params: {} };
  }
  if (report.drill && actor.partnerId !== undefined) {
    return { code: 'incident.drill_by_partner', message: 'a drill is the company’s own exercise', params: {} };
  }
  return null;
}

/** The incident's grading from its estimates (R18, R20), as the state records it. */
export function gradingOf(input: {
  estimates: IncidentEstimates;
  importantOrCoreData: boolean;
  from: IncidentGrade | null;
  by: string;
  at: Date;
  reason?: string;
  params: Pick<Parameters, 'incidentGradeThresholds'>;
}): Grading {
  const grading = incidentGradeOf(input.estimates, input.params);
  return {
    at: input.at.toISOString(),
    by: input.by,
    grade: grading.grade,
    from: input.from,
    estimates: {
      personalInformation: input.estimates.personalInformation ?? 0,
      sensitivePersonalInformation: input.estimates.sensitivePersonalInformation ?? 0,
      outageHours: input.estimates.outageHours ?? 0,
      directLossCny: input.estimates.directLossCny ?? 0,
    },
    importantOrCoreData: input.importantOrCoreData,
    decidedBy: grading.decidedBy.map((d) => ({ ...d, rules: [...d.rules] })),
    reasons: grading.reasons.map((r) => ({ code: r.code, params: { ...r.params } as Record<string, string | number> })),
    ...(input.reason ? { reason: input.reason } : {}),
  };
}

/** A re-grading compared with the grading before it (both grades are recorded). */
export const regradingBetween = (
  before: Grading,
  after: Grading,
  params: Pick<Parameters, 'incidentGradeThresholds'>,
): Regrading => regradingOf(incidentGradeOf(before.estimates, params), incidentGradeOf(after.estimates, params));

// ---------------------------------------------------------------------------------------------------
// Deadlines: the reports the incident owes, and where each stands

/** The reports owed now, from the incident's grade and facts (policies/incident-deadlines.ts). */
export function deadlinesOwed(input: {
  grade: IncidentGrade;
  kind: IncidentKind;
  importantOrCoreData: boolean;
  personalInfoPeople: number;
  discoveredAt: string;
  handlingEndedAt?: string;
  params: IncidentDeadlineParameters;
  calendar: HolidayCalendar;
}): IncidentDeadline[] {
  return incidentDeadlinesFor({
    grade: input.grade,
    kind: input.kind,
    importantOrCoreData: input.importantOrCoreData,
    personalInfoPeople: input.personalInfoPeople,
    discoveredAt: new Date(input.discoveredAt),
    ...(input.handlingEndedAt ? { handlingEndedAt: new Date(input.handlingEndedAt) } : {}),
    params: input.params,
    calendar: input.calendar,
  });
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const msOf = (instant: string | undefined) => (instant === undefined ? Number.NaN : Date.parse(instant));

/** The state of a record at `now` (met and missed stay what they became). */
function stateAt(record: IncidentDeadlineRecord, now: number): IncidentDeadlineRecord['state'] {
  if (record.madeAt !== undefined) {
    return record.dueAt === undefined || msOf(record.madeAt) <= msOf(record.dueAt) ? 'met' : 'missed';
  }
  if (record.dueAt === undefined) return 'waiting';
  return now > msOf(record.dueAt) ? 'missed' : 'due';
}

/**
 * The records of the reports owed, merged into those the incident has: a report already made or explained
 * keeps what it has; a new one starts unreminded; one no longer owed leaves the list unless it was made
 * (then it stays, made) and is returned as withdrawn — never counted as met.
 */
export function mergedDeadlines(input: {
  current: readonly IncidentDeadlineRecord[];
  owed: readonly IncidentDeadline[];
  now: Date;
}): { deadlines: IncidentDeadlineRecord[]; withdrawn: IncidentDeadlineKind[] } {
  const now = input.now.getTime();
  const byKind = new Map(input.current.map((d) => [d.kind, d]));
  const owedKinds = new Set(input.owed.map((d) => d.kind));
  const deadlines = input.owed.map((owed): IncidentDeadlineRecord => {
    const known = byKind.get(owed.kind);
    const record: IncidentDeadlineRecord = {
      kind: owed.kind,
      recipient: owed.recipient,
      rules: [...owed.rules],
      basis: owed.basis.map((b) => ({ code: b.code, params: { ...b.params } as Record<string, string | number> })),
      ...(owed.startsAt ? { startsAt: iso(owed.startsAt)! } : {}),
      ...(owed.dueAt ? { dueAt: iso(owed.dueAt)! } : {}),
      remindAt: owed.remindAt.map((d) => d.toISOString()),
      ...(owed.escalateAt ? { escalateAt: iso(owed.escalateAt)! } : {}),
      content: [...owed.content],
      state: 'waiting',
      reminded: 0,
      escalated: false,
    };
    if (known) {
      // What happened to it stays: the report made, the explanation, the reminders and escalation sent.
      const { madeAt, report, missedAt, explanation } = known;
      Object.assign(record, {
        ...(madeAt ? { madeAt } : {}),
        ...(report ? { report } : {}),
        ...(explanation ? { explanation } : {}),
        reminded: Math.min(known.reminded, record.remindAt.length),
        escalated: known.escalated && record.escalateAt !== undefined,
      });
      if (missedAt && record.dueAt !== undefined && now > msOf(record.dueAt)) record.missedAt = missedAt;
    }
    record.state = stateAt(record, now);
    if (record.state === 'missed' && record.madeAt === undefined && record.missedAt === undefined) {
      // Past its due instant and not yet reported missed: the timer takes it at once (and tells the DSO).
      record.state = 'due';
    }
    return record;
  });
  const kept = input.current.filter((d) => !owedKinds.has(d.kind) && d.madeAt !== undefined);
  const withdrawn = input.current.filter((d) => !owedKinds.has(d.kind) && d.madeAt === undefined).map((d) => d.kind);
  return { deadlines: [...deadlines, ...kept], withdrawn };
}

/** What a deadline's timer does when it comes: a reminder, the escalation to the DSO, or the deadline missed. */
export type DeadlineStep = 'remind' | 'escalate' | 'miss';

/** When the record's next step is due (a missed deadline fires just after its due instant), or null. */
export function nextStepOf(record: IncidentDeadlineRecord): { at: number; step: DeadlineStep } | null {
  if (record.madeAt !== undefined || record.state !== 'due' || record.dueAt === undefined) return null;
  const steps: { at: number; step: DeadlineStep }[] = [{ at: msOf(record.dueAt) + 1, step: 'miss' }];
  if (record.escalateAt !== undefined && !record.escalated)
    steps.push({ at: msOf(record.escalateAt), step: 'escalate' });
  if (record.reminded < record.remindAt.length)
    steps.push({ at: msOf(record.remindAt[record.reminded]), step: 'remind' });
  return steps.reduce((first, s) => (s.at < first.at ? s : first));
}

/** The earliest step of all the incident's deadlines, or null when none is pending. */
export function nextDeadlineStepOf(
  deadlines: readonly IncidentDeadlineRecord[],
): { at: number; kind: IncidentDeadlineKind; step: DeadlineStep } | null {
  let first: { at: number; kind: IncidentDeadlineKind; step: DeadlineStep } | null = null;
  for (const record of deadlines) {
    const next = nextStepOf(record);
    if (next && (!first || next.at < first.at)) first = { ...next, kind: record.kind };
  }
  return first;
}

/**
 * Takes every step that is due at `now` on the record (in place) and says which happened: past its due
 * instant it is missed at once (no reminder of a deadline already gone); else the escalation if its time
 * came, else the reminders that came (one notice for them all).
 */
export function takeDueSteps(record: IncidentDeadlineRecord, now: Date): DeadlineStep | null {
  const at = now.getTime();
  if (record.madeAt !== undefined || record.state !== 'due' || record.dueAt === undefined) return null;
  const reached = record.remindAt.filter((r) => msOf(r) <= at).length;
  if (at > msOf(record.dueAt)) {
    Object.assign(record, {
      state: 'missed',
      missedAt: record.dueAt,
      reminded: record.remindAt.length,
      escalated: true,
    });
    return 'miss';
  }
  if (record.escalateAt !== undefined && !record.escalated && msOf(record.escalateAt) <= at) {
    Object.assign(record, { escalated: true, reminded: Math.max(record.reminded, reached) });
    return 'escalate';
  }
  if (reached > record.reminded) {
    record.reminded = reached;
    return 'remind';
  }
  return null;
}

/** The first instant a report is still due by (lists and My work show it). */
export function nextDueOf(deadlines: readonly IncidentDeadlineRecord[]): string | undefined {
  const due = deadlines.filter((d) => d.state === 'due' && d.madeAt === undefined && d.dueAt !== undefined);
  if (due.length === 0) return undefined;
  return due.map((d) => d.dueAt!).reduce((a, b) => (msOf(a) <= msOf(b) ? a : b));
}

// ---------------------------------------------------------------------------------------------------
// Steps people take

const closed = (facts: IncidentFacts): Refusal | null =>
  facts.status === 'closed'
    ? { code: 'incident.closed', message: 'the incident is closed', params: { status: facts.status } }
    : null;

/** A reviewer's or the DSO's step on an open incident: re-grading, a report made, the investigation. */
export function updateRefusalFor(facts: IncidentFacts, actor: Claims): Refusal | null {
  return forbidden(actor, 'update', facts) ?? closed(facts);
}

export interface ReportInput {
  kind: IncidentDeadlineKind;
  madeAt: string;
  to: string;
  reference: string;
  content?: Partial<Record<ContentItem, string>>;
  actor: Claims;
}

/** Why a report or notice may not be recorded as made. */
export function reportRecordRefusalFor(facts: IncidentFacts, input: ReportInput, now: Date): Refusal | null {
  const refused = updateRefusalFor(facts, input.actor);
  if (refused) return refused;
  const record = facts.deadlines.find((d) => d.kind === input.kind);
  if (!record) {
    return {
      code: 'incident.report_not_required',
      message: `the incident owes no ${input.kind}`,
      params: { kind: input.kind },
    };
  }
  if (record.madeAt !== undefined) {
    return {
      code: 'incident.report_already_made',
      message: `the ${input.kind} was recorded as made on ${record.madeAt}`,
      params: { kind: input.kind, madeAt: record.madeAt },
    };
  }
  if (record.state === 'waiting') {
    return {
      code: 'incident.report_not_due',
      message: `the ${input.kind} counts from the end of emergency handling, which has not ended`,
      params: { kind: input.kind },
    };
  }
  const made = Date.parse(input.madeAt);
  const earliest = Date.parse(record.startsAt ?? facts.detectedAt);
  if (made > now.getTime() + CLOCK_SKEW_MS || made < Math.min(earliest, Date.parse(facts.detectedAt))) {
    return {
      code: 'incident.report_time_invalid',
      message: `a report is made between ${record.startsAt ?? facts.detectedAt} and now, not at ${input.madeAt}`,
      params: { kind: input.kind, madeAt: input.madeAt },
    };
  }
  const gaps = contentGapsOf({ content: record.content as ContentItem[] }, input.content ?? {});
  if (gaps.length > 0) {
    return {
      code: 'incident.report_content_missing',
      message: `the ${input.kind} must say: ${gaps.join(', ')}`,
      params: { kind: input.kind, items: gaps.join(',') },
    };
  }
  return null;
}

/** Why the DSO may not explain a missed report (it is not missed, or the caller is not the DSO). */
export function explanationRefusalFor(
  facts: IncidentFacts,
  input: { kind: IncidentDeadlineKind; actor: Claims },
): Refusal | null {
  const refused = forbidden(input.actor, 'close', facts) ?? closed(facts);
  if (refused) return refused;
  const record = facts.deadlines.find((d) => d.kind === input.kind);
  if (!record || record.state !== 'missed') {
    return {
      code: 'incident.report_not_missed',
      message: `the ${input.kind} is ${record?.state ?? 'not owed'}: only a missed report is explained`,
      params: { kind: input.kind, state: record?.state ?? 'none' },
    };
  }
  return null;
}

/** Why the investigation may not be updated (ending handling a second time included). */
export function investigationRefusalFor(
  facts: IncidentFacts,
  input: { handlingEnded?: boolean; actor: Claims },
): Refusal | null {
  const refused = updateRefusalFor(facts, input.actor);
  if (refused) return refused;
  if (input.handlingEnded && facts.handlingEndedAt !== undefined) {
    return {
      code: 'incident.handling_already_ended',
      message: `emergency handling ended on ${facts.handlingEndedAt}`,
      params: { endedAt: facts.handlingEndedAt },
    };
  }
  return null;
}

/** A reason the incident cannot be closed yet, with its parameters. */
export interface ClosureBlocker {
  code: 'incident.handling_not_ended' | 'incident.report_outstanding';
  params: Record<string, string>;
  message: string;
}

/**
 * What stands between the incident and its closure: emergency handling must have ended (the summary reports
 * count from then), and every report the grade requires must be made, or missed and explained by the DSO.
 */
export function closureBlockersOf(facts: IncidentFacts): ClosureBlocker[] {
  const blockers: ClosureBlocker[] = [];
  if (facts.handlingEndedAt === undefined) {
    blockers.push({
      code: 'incident.handling_not_ended',
      params: {},
      message: 'emergency handling has not ended: the summary reports count from its end',
    });
  }
  for (const d of facts.deadlines) {
    if (d.madeAt !== undefined || d.explanation !== undefined) continue;
    blockers.push({
      code: 'incident.report_outstanding',
      params: { kind: d.kind, state: d.state, ...(d.dueAt ? { dueAt: d.dueAt } : {}) },
      message: `the ${d.kind} is ${d.state === 'missed' ? 'missed and not explained' : 'not made'}`,
    });
  }
  return blockers;
}

/** Why the DSO may not close the incident now; `reasons` lists every blocker at once. */
export function closureRefusalFor(
  facts: IncidentFacts,
  input: { outcome: IncidentOutcome; actor: Claims },
): (Refusal & { reasons?: ClosureBlocker[] }) | null {
  const refused = forbidden(input.actor, 'close', facts) ?? closed(facts);
  if (refused) return refused;
  const blockers = closureBlockersOf(facts);
  if (blockers.length === 0) return null;
  return {
    code: 'incident.not_closable',
    message: `the incident cannot be closed yet: ${blockers.map((b) => b.message).join('; ')}`,
    params: { count: blockers.length },
    reasons: blockers,
  };
}

/** Whether a status is one the incident can still move from. */
export const isOpenIncident = (status: IncidentStatus) => status !== 'closed';
