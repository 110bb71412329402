/**
 * The instants an agreement's workflow waits for: a stage's reminder, deadline and escalation; the
 * follow-up of a core-data request awaiting the regulator; each usage period's report, reminder and
 * suspension; recertification; the deletion attestation after revocation; the filing of a standard
 * contract (R50). Working days are counted on the statutory calendar (`calendar.ts`), whose data is
 * a parameter as `now` is. Deadlines end at 23:59:59.999 Shanghai time of their last day; reminders are
 * sent at 09:00 Shanghai time of their day.
 */
import { addMonths } from './partner-review';
import {
  addCalendarDays,
  addWorkingDays,
  deadlineFor,
  endOfShanghaiDay,
  shanghaiDateOf,
  type HolidayCalendar,
  type IsoDate,
} from './calendar';
import type { Cadence, Parameters } from './parameters';
import type { ApprovalStage, EscalationTarget } from './vocabulary';

/** The hour (Shanghai time) at which reminders go out. */
export const REMINDER_HOUR_SHANGHAI = 9;
const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_HOURS = 8;

/** `hour` o'clock, Shanghai time, on a Shanghai calendar date. */
export function atShanghaiHour(date: IsoDate, hour: number): Date {
  const dayStartUtc = Date.parse(`${addCalendarDays(date, 0)}T00:00:00Z`);
  return new Date(dayStartUtc + (hour - SHANGHAI_OFFSET_HOURS) * HOUR_MS);
}

const reminderOn = (date: IsoDate) => atShanghaiHour(date, REMINDER_HOUR_SHANGHAI);

export interface StageDeadlines {
  /** The approver is reminded. */
  remindAt: Date;
  /** The decision is due; past it the stage escalates. */
  dueAt: Date;
  escalateTo: EscalationTarget;
}

/**
 * A stage opened at `openedAt`: a reminder on the morning of the Nth working day, the deadline at the
 * end of the Mth, then escalation to the DSO — or, for the DSO's own stage, to the first responsible
 * person (the legal representative, R5).
 */
export function stageDeadlinesFor(input: {
  stage: ApprovalStage;
  openedAt: Date;
  params: Pick<Parameters, 'stageDecisionWorkingDays' | 'stageReminderWorkingDays'>;
  calendar: HolidayCalendar;
}): StageDeadlines {
  const { openedAt, params, calendar } = input;
  return {
    remindAt: reminderOn(addWorkingDays(openedAt, params.stageReminderWorkingDays, calendar)),
    dueAt: deadlineFor(openedAt, { amount: params.stageDecisionWorkingDays, unit: 'working_days' }, calendar),
    escalateTo: input.stage === 'dso' ? 'first_responsible_person' : 'dso',
  };
}

/**
 * When the DSO is next reminded of a core-data request awaiting the regulator (R12 sets no time): the
 * morning of the Nth working day after `since` (the request's arrival there, or the last reminder).
 */
export function regulatorFollowUpAfter(input: {
  since: Date;
  params: Pick<Parameters, 'regulatorFollowUpWorkingDays'>;
  calendar: HolidayCalendar;
}): Date {
  return reminderOn(addWorkingDays(input.since, input.params.regulatorFollowUpWorkingDays, input.calendar));
}

/** A usage-report period: Shanghai calendar dates, both included. */
export interface UsagePeriod {
  start: IsoDate;
  end: IsoDate;
}

const MONTHS_OF: Record<Cadence, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

/** The whole calendar period (month, quarter, half year, year) a date falls in. */
export function usagePeriodOf(date: IsoDate | Date, cadence: Cadence): UsagePeriod {
  const day = typeof date === 'string' ? addCalendarDays(date, 0) : shanghaiDateOf(date);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  const months = MONTHS_OF[cadence];
  const firstMonth = month - (month % months);
  const start = new Date(Date.UTC(year, firstMonth, 1));
  const end = new Date(Date.UTC(year, firstMonth + months, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/**
 * The usage periods of an agreement running from `startDate` to `endDate`: calendar periods, the first
 * and last cut to the agreement's days.
 */
export function usagePeriodsOf(input: { startDate: IsoDate; endDate: IsoDate; cadence: Cadence }): UsagePeriod[] {
  const periods: UsagePeriod[] = [];
  for (let day = input.startDate; day <= input.endDate;) {
    const period = usagePeriodOf(day, input.cadence);
    periods.push({ start: day, end: period.end < input.endDate ? period.end : input.endDate });
    day = addCalendarDays(period.end, 1);
  }
  return periods;
}

export interface UsageReportDeadlines {
  /** The partner is reminded. */
  remindAt: Date;
  /** The report is due: the end of the configured day of the month after the period. */
  dueAt: Date;
  /** No report by then: the agreement suspends (after the grace in working days). */
  suspendAt: Date;
}

/** The deadlines of a period's usage report. */
export function usageReportDeadlinesFor(input: {
  period: UsagePeriod;
  params: Pick<Parameters, 'usageReportDueDay' | 'usageReportReminderDays' | 'usageReportGraceWorkingDays'>;
  calendar: HolidayCalendar;
}): UsageReportDeadlines {
  const { params, calendar } = input;
  const nextMonth = usagePeriodOf(addCalendarDays(input.period.end, 1), 'monthly').start;
  const dueDate = addCalendarDays(nextMonth, params.usageReportDueDay - 1);
  const dueAt = endOfShanghaiDay(dueDate);
  return {
    remindAt: reminderOn(addCalendarDays(dueDate, -params.usageReportReminderDays)),
    dueAt,
    suspendAt: deadlineFor(dueAt, { amount: params.usageReportGraceWorkingDays, unit: 'working_days' }, calendar),
  };
}

export interface RecertificationDeadlines {
  remindAt: Date;
  /** The unit head confirms the sharing is still needed by then. */
  dueAt: Date;
  /** Not confirmed by then: the agreement suspends. */
  suspendAt: Date;
}

/** The next recertification after the last one (or after activation). */
export function recertificationDeadlinesFor(input: {
  lastCertifiedAt: Date;
  params: Pick<Parameters, 'recertificationMonths' | 'recertificationReminderDays' | 'recertificationGraceWorkingDays'>;
  calendar: HolidayCalendar;
}): RecertificationDeadlines {
  const { params, calendar } = input;
  const dueDate = shanghaiDateOf(addMonths(input.lastCertifiedAt, params.recertificationMonths));
  const dueAt = endOfShanghaiDay(dueDate);
  return {
    remindAt: reminderOn(addCalendarDays(dueDate, -params.recertificationReminderDays)),
    dueAt,
    suspendAt: deadlineFor(dueAt, { amount: params.recertificationGraceWorkingDays, unit: 'working_days' }, calendar),
  };
}

export interface AttestationDeadlines {
  remindAt: Date;
  /** The partner attests the deletion by then; past it the attestation is missing. */
  dueAt: Date;
  escalateTo: EscalationTarget;
}

/** The deletion attestation owed after a revocation at `revokedAt` (R9, PIPL Art 21). */
export function attestationDeadlinesFor(input: {
  revokedAt: Date;
  params: Pick<Parameters, 'deletionAttestationWorkingDays' | 'deletionAttestationReminderWorkingDays'>;
  calendar: HolidayCalendar;
}): AttestationDeadlines {
  const { revokedAt, params, calendar } = input;
  return {
    remindAt: reminderOn(addWorkingDays(revokedAt, params.deletionAttestationReminderWorkingDays, calendar)),
    dueAt: deadlineFor(revokedAt, { amount: params.deletionAttestationWorkingDays, unit: 'working_days' }, calendar),
    escalateTo: 'dso',
  };
}

/** When a standard contract that took effect at `effectiveAt` must be filed with the provincial 网信 office (R50). */
export function sccFilingDeadlineFor(input: {
  effectiveAt: Date;
  params: Pick<Parameters, 'sccFilingWorkingDays'>;
  calendar: HolidayCalendar;
}): Date {
  return deadlineFor(
    input.effectiveAt,
    { amount: input.params.sccFilingWorkingDays, unit: 'working_days' },
    input.calendar,
  );
}

/**
 * When the catalog change a sharing causes must be filed (R3): a new sharing of an important or core
 * asset, or its end, changes the filed "对外共享"; the change is filed within the configured months.
 */
export function catalogRefilingDueFor(input: {
  changedAt: Date;
  params: Pick<Parameters, 'catalogChangeFilingMonths'>;
}): Date {
  return endOfShanghaiDay(shanghaiDateOf(addMonths(input.changedAt, input.params.catalogChangeFilingMonths)));
}

/**
 * The earliest instant a provision record may be purged (R22, at least 3 years): counted from the end of
 * the agreement by default, or from the record's own date if so configured — whichever the parameter
 * says, never earlier than 3 years after the record itself.
 */
export function provisionRecordRetainedUntil(input: {
  recordedAt: Date;
  agreementEndsAt: Date;
  params: Pick<Parameters, 'provisionRecordRetentionYears' | 'provisionRecordRetentionFrom'>;
}): Date {
  const { params } = input;
  const from =
    params.provisionRecordRetentionFrom === 'agreement_end' &&
    input.agreementEndsAt.getTime() > input.recordedAt.getTime()
      ? input.agreementEndsAt
      : input.recordedAt;
  return addMonths(from, params.provisionRecordRetentionYears * 12);
}
