/**
 * The reports and notices an incident owes, and by when (S3; issue 15), from its grade, whether important
 * or core data is involved, the people whose personal information it affected, and the operator's profile
 * (`operatorIsCiio`):
 * - to the sector regulator (the local 通信管理局) at once for important or core data (R15) and for 较大 or
 *   above (R19) — "at once" is `incidentSectorReportHours`;
 * - to the cyberspace authorities for 较大 or above within 1 h (a CIIO: its protection department and the
 *   police) or 4 h (any other operator: the provincial 网信 office) (R20);
 * - a notice to the affected individuals of a leak, tampering or loss of their personal information, with
 *   the content R45 lists;
 * - a summary report 5 working days after handling ends for 重大 or above (R19) and 30 days after it for
 *   较大 or above (R20).
 * Each deadline has reminders (the first reports' first one at once) and an escalation to the DSO before it
 * is due; a missed one goes to the DSO and the first responsible person (R5). Also the emergency-drill
 * cadence (R4, R26) and the partner's own reporting deadline (R20 Art 5). Every duration is a parameter.
 * The same deadlines hold for a drill. Pure: `now` and the calendar are arguments.
 */
import { REMINDER_HOUR_SHANGHAI, atShanghaiHour } from './agreement-deadlines';
import { addMonths } from './partner-review';
import {
  addCalendarDays,
  addWorkingDays,
  deadlineFor,
  endOfShanghaiDay,
  shanghaiDateOf,
  type Duration,
  type HolidayCalendar,
} from './calendar';
import { isGradeAtLeast } from './incident-grading';
import { oversightReasonOf, type OversightReason } from './oversight-reasons';
import type { Parameters } from './parameters';
import type { EscalationTarget, IncidentGrade, IncidentKind } from './vocabulary';

export const INCIDENT_DEADLINE_KINDS = [
  'sector_regulator_report',
  'cyberspace_report',
  'individual_notice',
  'miit_summary_report',
  'cac_summary_report',
] as const;
export type IncidentDeadlineKind = (typeof INCIDENT_DEADLINE_KINDS)[number];

/** Who a report or notice goes to. */
export const INCIDENT_RECIPIENTS = [
  'local_telecom_regulator',
  'ciio_protection_department_and_police',
  'provincial_cyberspace_office',
  'affected_individuals',
] as const;
export type IncidentRecipient = (typeof INCIDENT_RECIPIENTS)[number];

/** What the notice to individuals must say (R45, PIPL Art 57). */
export const INDIVIDUAL_NOTICE_ITEMS = [
  'categories',
  'cause',
  'possible_harm',
  'remedies',
  'individual_measures',
  'contact',
] as const;
/** What the MIIT summary report must say (R19). */
export const SUMMARY_REPORT_ITEMS = ['cause', 'responsibility', 'loss', 'improvements'] as const;
export type ContentItem = (typeof INDIVIDUAL_NOTICE_ITEMS)[number] | (typeof SUMMARY_REPORT_ITEMS)[number];

/** The kinds of incident R45 asks individuals to be told of: their personal information leaked, tampered with or lost. */
export const INDIVIDUAL_NOTICE_KINDS = ['leak', 'tampering', 'loss'] as const satisfies readonly IncidentKind[];

/** The grade from which R19 and R20 ask for a first report, and from which R19 asks for its summary. */
export const FIRST_REPORT_FROM: IncidentGrade = 'III';
export const MIIT_SUMMARY_FROM: IncidentGrade = 'II';

export type IncidentDeadlineParameters = Pick<
  Parameters,
  | 'operatorIsCiio'
  | 'incidentSectorReportHours'
  | 'incidentFirstReportHoursCiio'
  | 'incidentFirstReportHoursOther'
  | 'individualNoticeHours'
  | 'miitIncidentSummaryWorkingDays'
  | 'cacIncidentSummaryDays'
  | 'incidentReminderAtFraction'
  | 'incidentEscalationAtFraction'
>;

export interface IncidentDeadlineInput {
  grade: IncidentGrade;
  kind: IncidentKind;
  importantOrCoreData: boolean;
  /** People whose personal information the incident affected. */
  personalInfoPeople: number;
  /** When the company learned of the incident: every first report and notice counts from here. */
  discoveredAt: Date;
  /** When emergency handling ended: the summary reports count from here; absent while it goes on. */
  handlingEndedAt?: Date;
  params: IncidentDeadlineParameters;
  calendar: HolidayCalendar;
}

export interface IncidentDeadline {
  kind: IncidentDeadlineKind;
  recipient: IncidentRecipient;
  rules: readonly string[];
  /** Why it is owed. */
  basis: OversightReason[];
  /** The instant it counts from; null while it waits for handling to end. */
  startsAt: Date | null;
  dueAt: Date | null;
  /** The handler is reminded (for a first report or notice, the first reminder is at once). */
  remindAt: Date[];
  /** Not made by then: the DSO is told, while there is still time. */
  escalateAt: Date | null;
  escalateTo: EscalationTarget;
  /** Missed: who hears of it. */
  missedNotify: readonly EscalationTarget[];
  /** What it must contain (empty: no content is set by a rule). */
  content: readonly ContentItem[];
}

const HOUR_MS = 3_600_000;
const MISSED_NOTIFY: readonly EscalationTarget[] = ['dso', 'first_responsible_person'];

/**
 * The instant at `fraction` of a deadline's time: to the millisecond for hours; for days, 09:00 Shanghai time
 * on the day that many (working) days in, as every reminder, and never before the start.
 */
function pointOf(start: Date, due: Date, duration: Duration, fraction: number, calendar: HolidayCalendar): Date {
  if (duration.unit === 'hours') {
    return new Date(start.getTime() + Math.floor((due.getTime() - start.getTime()) * fraction));
  }
  const days = Math.floor(duration.amount * fraction);
  const day = duration.unit === 'working_days' ? addWorkingDays(start, days, calendar) : addCalendarDays(start, days);
  const morning = atShanghaiHour(day, REMINDER_HOUR_SHANGHAI);
  return morning.getTime() < start.getTime() ? start : morning;
}

function deadlineOf(input: {
  kind: IncidentDeadlineKind;
  recipient: IncidentRecipient;
  rules: readonly string[];
  basis: OversightReason[];
  startsAt: Date | undefined;
  duration: Duration;
  atOnce: boolean;
  content?: readonly ContentItem[];
  params: IncidentDeadlineParameters;
  calendar: HolidayCalendar;
}): IncidentDeadline {
  const { startsAt, params, duration, calendar } = input;
  const dueAt = startsAt ? deadlineFor(startsAt, duration, calendar) : null;
  const at = (fraction: number) => (startsAt && dueAt ? pointOf(startsAt, dueAt, duration, fraction, calendar) : null);
  const reminder = at(params.incidentReminderAtFraction);
  return {
    kind: input.kind,
    recipient: input.recipient,
    rules: input.rules,
    basis: startsAt ? input.basis : [...input.basis, oversightReasonOf('incident.handling_not_ended', {})],
    startsAt: startsAt ?? null,
    dueAt,
    remindAt: startsAt && reminder ? [...(input.atOnce ? [startsAt] : []), reminder] : [],
    escalateAt: at(params.incidentEscalationAtFraction),
    escalateTo: 'dso',
    missedNotify: MISSED_NOTIFY,
    content: input.content ?? [],
  };
}

/** Every report and notice the incident owes, in the order above; none for a 一般 incident without important data or PI. */
export function incidentDeadlinesFor(input: IncidentDeadlineInput): IncidentDeadline[] {
  const { grade, params, calendar, discoveredAt } = input;
  const inHours = (amount: number): Duration => ({ amount, unit: 'hours' });
  const firstReportGrade = isGradeAtLeast(grade, FIRST_REPORT_FROM);
  const gradeReason = (from: IncidentGrade) =>
    oversightReasonOf('incident.grade_at_least', { level: grade, fromLevel: from });
  const deadlines: IncidentDeadline[] = [];

  if (input.importantOrCoreData || firstReportGrade) {
    deadlines.push(
      deadlineOf({
        kind: 'sector_regulator_report',
        recipient: 'local_telecom_regulator',
        rules: [...(input.importantOrCoreData ? ['R15'] : []), ...(firstReportGrade ? ['R19'] : [])],
        basis: [
          ...(input.importantOrCoreData ? [oversightReasonOf('incident.important_or_core_data', {})] : []),
          ...(firstReportGrade ? [gradeReason(FIRST_REPORT_FROM)] : []),
        ],
        startsAt: discoveredAt,
        duration: inHours(params.incidentSectorReportHours),
        atOnce: true,
        params,
        calendar,
      }),
    );
  }
  if (firstReportGrade) {
    deadlines.push(
      deadlineOf({
        kind: 'cyberspace_report',
        recipient: params.operatorIsCiio ? 'ciio_protection_department_and_police' : 'provincial_cyberspace_office',
        rules: ['R20'],
        basis: [gradeReason(FIRST_REPORT_FROM)],
        startsAt: discoveredAt,
        duration: inHours(
          params.operatorIsCiio ? params.incidentFirstReportHoursCiio : params.incidentFirstReportHoursOther,
        ),
        atOnce: true,
        params,
        calendar,
      }),
    );
  }
  if (input.personalInfoPeople > 0 && (INDIVIDUAL_NOTICE_KINDS as readonly IncidentKind[]).includes(input.kind)) {
    deadlines.push(
      deadlineOf({
        kind: 'individual_notice',
        recipient: 'affected_individuals',
        rules: ['R45', 'R15', 'R25'],
        basis: [oversightReasonOf('incident.personal_information_affected', { people: input.personalInfoPeople })],
        startsAt: discoveredAt,
        duration: inHours(params.individualNoticeHours),
        atOnce: true,
        content: INDIVIDUAL_NOTICE_ITEMS,
        params,
        calendar,
      }),
    );
  }
  if (isGradeAtLeast(grade, MIIT_SUMMARY_FROM)) {
    deadlines.push(
      deadlineOf({
        kind: 'miit_summary_report',
        recipient: 'local_telecom_regulator',
        rules: ['R19'],
        basis: [gradeReason(MIIT_SUMMARY_FROM)],
        startsAt: input.handlingEndedAt,
        duration: { amount: params.miitIncidentSummaryWorkingDays, unit: 'working_days' },
        atOnce: false,
        content: SUMMARY_REPORT_ITEMS,
        params,
        calendar,
      }),
    );
  }
  if (firstReportGrade) {
    deadlines.push(
      deadlineOf({
        kind: 'cac_summary_report',
        recipient: params.operatorIsCiio ? 'ciio_protection_department_and_police' : 'provincial_cyberspace_office',
        rules: ['R20'],
        basis: [gradeReason(FIRST_REPORT_FROM)],
        startsAt: input.handlingEndedAt,
        duration: { amount: params.cacIncidentSummaryDays, unit: 'calendar_days' },
        atOnce: false,
        params,
        calendar,
      }),
    );
  }
  return deadlines;
}

export const DEADLINE_STATES = ['waiting', 'due', 'met', 'missed'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/**
 * Where a deadline stands at `now`: `waiting` (it has not started: handling goes on), `due` (not made,
 * still time), `met` (made by its due instant), `missed` (not made in time, whether made late or not).
 */
export function deadlineStateOf(
  deadline: Pick<IncidentDeadline, 'dueAt'>,
  madeAt: Date | undefined,
  now: Date,
): DeadlineState {
  if (deadline.dueAt === null) return madeAt ? 'met' : 'waiting';
  if (madeAt) return madeAt.getTime() <= deadline.dueAt.getTime() ? 'met' : 'missed';
  return now.getTime() > deadline.dueAt.getTime() ? 'missed' : 'due';
}

export interface DeadlineChanges {
  /** Owed after the change and not before (a re-grading up, data found to be important). */
  added: IncidentDeadline[];
  /** Owed before and not after: the workflow records them as no longer required, never as met. */
  removed: IncidentDeadline[];
  /** Owed both times, due at another instant (another operator profile, handling now ended). */
  moved: { kind: IncidentDeadlineKind; from: Date | null; to: Date | null }[];
}

/** How the deadlines change when an incident is re-graded or its facts change. */
export function deadlineChangesOf(
  before: readonly IncidentDeadline[],
  after: readonly IncidentDeadline[],
): DeadlineChanges {
  const kindsBefore = new Map(before.map((d) => [d.kind, d]));
  const kindsAfter = new Map(after.map((d) => [d.kind, d]));
  return {
    added: after.filter((d) => !kindsBefore.has(d.kind)),
    removed: before.filter((d) => !kindsAfter.has(d.kind)),
    moved: after
      .filter((d) => kindsBefore.has(d.kind) && kindsBefore.get(d.kind)!.dueAt?.getTime() !== d.dueAt?.getTime())
      .map((d) => ({ kind: d.kind, from: kindsBefore.get(d.kind)!.dueAt, to: d.dueAt })),
  };
}

/** The items of a report's or notice's required content that are missing or blank. */
export function contentGapsOf(
  deadline: Pick<IncidentDeadline, 'content'>,
  content: Partial<Record<ContentItem, string>>,
): ContentItem[] {
  return deadline.content.filter((item) => (content[item] ?? '').trim() === '');
}

export interface DrillSchedule {
  /** The next drill is due by the end of this Shanghai day. */
  dueAt: Date;
  /** The DSO is reminded from then (09:00 Shanghai time, as every reminder). */
  remindAt: Date;
  /** The reminder is due at `now` (before or after the due date). */
  remind: boolean;
  overdue: boolean;
}

/**
 * When the next emergency drill (应急演练, R4, R26) is due: the configured months after the last one (or
 * after `since`, when DataPact started counting, if there was none), reminded the configured days before.
 */
export function drillScheduleOf(input: {
  lastDrillAt?: Date;
  since: Date;
  now: Date;
  params: Pick<Parameters, 'drillCadenceMonths' | 'drillReminderDays'>;
}): DrillSchedule {
  const { params, now } = input;
  const dueDate = shanghaiDateOf(addMonths(input.lastDrillAt ?? input.since, params.drillCadenceMonths));
  const dueAt = endOfShanghaiDay(dueDate);
  const remindAt = atShanghaiHour(addCalendarDays(dueDate, -params.drillReminderDays), REMINDER_HOUR_SHANGHAI);
  return {
    dueAt,
    remindAt,
    remind: now.getTime() >= remindAt.getTime(),
    overdue: now.getTime() > dueAt.getTime(),
  };
}

export interface PartnerReportTimeliness {
  dueAt: Date;
  /** Reported after its due instant. */
  late: boolean;
  /** Hours late, 0 when on time. */
  hoursLate: number;
}

/** When a partner must report an incident it detected (R20 Art 5: by contract; `partnerIncidentReportHours`). */
export function partnerReportDueOf(input: {
  detectedAt: Date;
  params: Pick<Parameters, 'partnerIncidentReportHours'>;
}): Date {
  return new Date(input.detectedAt.getTime() + input.params.partnerIncidentReportHours * HOUR_MS);
}

/** Whether a partner's own report came in time. */
export function partnerReportTimelinessOf(input: {
  detectedAt: Date;
  reportedAt: Date;
  params: Pick<Parameters, 'partnerIncidentReportHours'>;
}): PartnerReportTimeliness {
  const dueAt = partnerReportDueOf(input);
  const lateMs = input.reportedAt.getTime() - dueAt.getTime();
  return { dueAt, late: lateMs > 0, hoursLate: lateMs > 0 ? lateMs / HOUR_MS : 0 };
}
