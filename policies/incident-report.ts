/**
 * What the incident records tell the regulator and the company (S3, S10; issue 15 point 7):
 * - the **annual incident-handling report** (R15: the year's incidents and drills, how each was graded,
 *   contained, reported and ended), as data (`annualIncidentReportOf`) and as a document;
 * - the **incident section of the monthly report**: its figures counted by `policies/monthly-report.ts`'s
 *   definitions (one definition, counted here and in the store alike) and the month's incidents, as data and as
 *   a document.
 * A document is a title and sections of paragraphs and tables in one language (zh-CN or en), which
 * `documentText` and `documentHtml` render and another renderer (XLSX, PDF) may take as it is.
 * Pure: the records, the period and `now` are arguments.
 */
import { INDIVIDUAL_NOTICE_ITEMS, SUMMARY_REPORT_ITEMS, drillScheduleOf } from './incident-deadlines';
import { INCIDENT_MEASURES, gradeRankOf } from './incident-grading';
import {
  addRecord,
  emptyMonthlyTally,
  monthlyFiguresOf,
  reportPeriodOf,
  type MonthlyFigure,
  type ReportPeriod,
} from './monthly-report';
import type { Parameters } from './parameters';
import { INCIDENT_REPORT_TEXTS } from './texts/incident';
import { OVERSIGHT_LABELS } from './texts/oversight';
import type { TextLocale } from './texts/agreement';
import { INCIDENT_GRADES, INCIDENT_KINDS, type IncidentGrade, type IncidentKind } from './vocabulary';
import type { IncidentState } from '../workflows/incident/state';

/** Every item a report's or notice's content may have (R45's notice, R19's summary). */
export const CONTENT_ITEMS_OF_REPORTS = [...new Set([...INDIVIDUAL_NOTICE_ITEMS, ...SUMMARY_REPORT_ITEMS])] as [
  (typeof INDIVIDUAL_NOTICE_ITEMS)[number] | (typeof SUMMARY_REPORT_ITEMS)[number],
  ...((typeof INDIVIDUAL_NOTICE_ITEMS)[number] | (typeof SUMMARY_REPORT_ITEMS)[number])[],
];

export const INCIDENT_REPORT_VERSION = 'incident-report@1';

/** An incident as the reports read it: its state (from the store, instants as ISO strings or dates). */
export type IncidentRecordForReport = Pick<
  IncidentState,
  | 'id'
  | 'drill'
  | 'source'
  | 'partnerId'
  | 'partnerName'
  | 'kind'
  | 'title'
  | 'detectedAt'
  | 'reportedAt'
  | 'grade'
  | 'gradings'
  | 'status'
  | 'agreements'
  | 'containment'
  | 'deadlines'
  | 'handlingEndedAt'
  | 'closure'
  | 'closedAt'
  | 'partnerReport'
> &
  Partial<Pick<IncidentState, 'investigation' | 'data'>>;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const msOf = (instant: string | Date | undefined) =>
  instant === undefined ? Number.NaN : instant instanceof Date ? instant.getTime() : Date.parse(instant);
const isoOf = (instant: string | Date | undefined) =>
  instant === undefined ? undefined : new Date(msOf(instant)).toISOString();

/** A Shanghai calendar year: from 00:00 on 1 January to 00:00 on the next. */
export function yearPeriodOf(year: number): { year: number; start: Date; end: Date } {
  return {
    year,
    start: new Date(Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS),
  };
}

const within = (instant: string | Date | undefined, start: Date, end: Date) => {
  const at = msOf(instant);
  return at >= start.getTime() && at < end.getTime();
};

/** Seconds from the report to the moment every affected agreement was contained; null while it is not. */
export function containmentSecondsOf(
  record: Pick<IncidentRecordForReport, 'reportedAt' | 'containment'>,
): number | null {
  if (!record.containment.completedAt) return null;
  return Math.max(0, (msOf(record.containment.completedAt) - msOf(record.reportedAt)) / 1000);
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const countBy = <K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;

// ---------------------------------------------------------------------------------------------------
// The annual incident-handling report (R15)

export interface AnnualReportEntry {
  id: string;
  title: string;
  partnerName: string;
  source: IncidentRecordForReport['source'];
  kind: IncidentKind;
  /** The grade at the end of the year (or at closure), and the first one when it was re-graded. */
  grade: IncidentGrade;
  firstGrade: IncidentGrade;
  regradings: number;
  detectedAt: string;
  reportedAt: string;
  /** The partner's own report came after its contractual deadline (R20 Art 5). */
  partnerReportLate: boolean | null;
  agreements: number;
  containedAt?: string;
  containmentSeconds: number | null;
  reports: {
    kind: IncidentState['deadlines'][number]['kind'];
    recipient: IncidentState['deadlines'][number]['recipient'];
    dueAt?: string;
    madeAt?: string;
    state: IncidentState['deadlines'][number]['state'];
    reference?: string;
    explanation?: string;
  }[];
  status: IncidentState['status'];
  outcome?: 'resume' | 'revoke';
  blacklisted: boolean;
  handlingEndedAt?: string;
  closedAt?: string;
  rootCause?: string;
  measures?: string;
}

export interface AnnualIncidentReport {
  version: string;
  year: number;
  period: { start: string; end: string };
  generatedAt: string;
  organisation: string;
  operatorIsCiio: boolean;
  summary: {
    incidents: number;
    byGrade: Record<IncidentGrade, number>;
    byKind: Record<IncidentKind, number>;
    closed: number;
    open: number;
    resumed: number;
    revokedAndBlacklisted: number;
    partners: number;
    agreementsContained: number;
    /** Median and longest time from report to every agreement contained, in seconds. */
    containmentMedianSeconds: number | null;
    containmentMaxSeconds: number | null;
    reportsOwed: number;
    reportsMet: number;
    reportsMissed: number;
    /** Missed and never made, explained by the DSO. */
    reportsMissedExplained: number;
    reportsOutstanding: number;
    selfReported: number;
    selfReportedLate: number;
    regraded: number;
  };
  incidents: AnnualReportEntry[];
  drills: {
    count: number;
    entries: {
      id: string;
      title: string;
      reportedAt: string;
      grade: IncidentGrade;
      reportsMet: number;
      reportsMissed: number;
      status: IncidentState['status'];
    }[];
    lastDrillAt?: string;
    nextDueAt: string;
    overdue: boolean;
  };
}

function entryOf(record: IncidentRecordForReport): AnnualReportEntry {
  const first = record.gradings[0];
  return {
    id: record.id,
    title: record.title,
    partnerName: record.partnerName,
    source: record.source,
    kind: record.kind,
    grade: record.grade,
    firstGrade: first?.grade ?? record.grade,
    regradings: Math.max(0, record.gradings.length - 1),
    detectedAt: isoOf(record.detectedAt)!,
    reportedAt: isoOf(record.reportedAt)!,
    partnerReportLate: record.partnerReport ? record.partnerReport.late : null,
    agreements: record.agreements.length,
    ...(record.containment.completedAt ? { containedAt: isoOf(record.containment.completedAt)! } : {}),
    containmentSeconds: containmentSecondsOf(record),
    reports: record.deadlines.map((d) => ({
      kind: d.kind,
      recipient: d.recipient,
      ...(d.dueAt ? { dueAt: isoOf(d.dueAt)! } : {}),
      ...(d.madeAt ? { madeAt: isoOf(d.madeAt)! } : {}),
      state: d.state,
      ...(d.report?.reference ? { reference: d.report.reference } : {}),
      ...(d.explanation ? { explanation: d.explanation.reason } : {}),
    })),
    status: record.status,
    ...(record.closure ? { outcome: record.closure.outcome } : {}),
    blacklisted: record.closure?.blacklisted === true,
    ...(record.handlingEndedAt ? { handlingEndedAt: isoOf(record.handlingEndedAt)! } : {}),
    ...(record.closedAt ? { closedAt: isoOf(record.closedAt)! } : {}),
    ...(record.investigation?.rootCause ? { rootCause: record.investigation.rootCause } : {}),
    ...(record.investigation?.measures ? { measures: record.investigation.measures } : {}),
  };
}

/**
 * The year's report: every incident reported in the year (drills apart), each with its grading, containment,
 * reports and outcome as they stand at `now`; the totals; and the drills with whether the next is overdue.
 */
export function annualIncidentReportOf(input: {
  year: number;
  records: readonly IncidentRecordForReport[];
  now: Date;
  organisation: string;
  /** When DataPact began counting drills (the next one is due a cadence after it, if none was held). */
  since: Date;
  params: Pick<Parameters, 'operatorIsCiio' | 'drillCadenceMonths' | 'drillReminderDays'>;
}): AnnualIncidentReport {
  const { start, end } = yearPeriodOf(input.year);
  const ofYear = input.records.filter((r) => within(r.reportedAt, start, end));
  const incidents = ofYear
    .filter((r) => !r.drill)
    .sort((a, b) => msOf(a.reportedAt) - msOf(b.reportedAt) || (a.id < b.id ? -1 : 1));
  const drills = ofYear.filter((r) => r.drill).sort((a, b) => msOf(a.reportedAt) - msOf(b.reportedAt));
  const deadlines = incidents.flatMap((r) => r.deadlines);
  const containment = incidents.map(containmentSecondsOf).filter((s): s is number => s !== null);
  const lastDrill = input.records
    .filter((r) => r.drill && msOf(r.reportedAt) <= input.now.getTime())
    .reduce<number | undefined>((last, r) => Math.max(last ?? 0, msOf(r.reportedAt)), undefined);
  const schedule = drillScheduleOf({
    ...(lastDrill !== undefined ? { lastDrillAt: new Date(lastDrill) } : {}),
    since: input.since,
    now: input.now,
    params: input.params,
  });
  return {
    version: INCIDENT_REPORT_VERSION,
    year: input.year,
    period: { start: start.toISOString(), end: end.toISOString() },
    generatedAt: input.now.toISOString(),
    organisation: input.organisation,
    operatorIsCiio: input.params.operatorIsCiio,
    summary: {
      incidents: incidents.length,
      byGrade: countBy(
        INCIDENT_GRADES,
        incidents.map((r) => r.grade),
      ),
      byKind: countBy(
        INCIDENT_KINDS,
        incidents.map((r) => r.kind),
      ),
      closed: incidents.filter((r) => r.status === 'closed').length,
      open: incidents.filter((r) => r.status !== 'closed').length,
      resumed: incidents.filter((r) => r.closure?.outcome === 'resume').length,
      revokedAndBlacklisted: incidents.filter((r) => r.closure?.outcome === 'revoke').length,
      partners: new Set(incidents.map((r) => r.partnerId)).size,
      agreementsContained: incidents
        .flatMap((r) => r.agreements)
        .filter((a) => a.containedAt !== undefined || a.containment === 'contained').length,
      containmentMedianSeconds: median(containment),
      containmentMaxSeconds: containment.length > 0 ? Math.max(...containment) : null,
      reportsOwed: deadlines.length,
      reportsMet: deadlines.filter((d) => d.state === 'met').length,
      reportsMissed: deadlines.filter((d) => d.state === 'missed').length,
      reportsMissedExplained: deadlines.filter((d) => d.state === 'missed' && !d.madeAt && d.explanation).length,
      reportsOutstanding: deadlines.filter((d) => d.state === 'due' || d.state === 'waiting').length,
      selfReported: incidents.filter((r) => r.source === 'partner').length,
      selfReportedLate: incidents.filter((r) => r.partnerReport?.late === true).length,
      regraded: incidents.filter((r) => r.gradings.length > 1).length,
    },
    incidents: incidents.map(entryOf),
    drills: {
      count: drills.length,
      entries: drills.map((r) => ({
        id: r.id,
        title: r.title,
        reportedAt: isoOf(r.reportedAt)!,
        grade: r.grade,
        reportsMet: r.deadlines.filter((d) => d.state === 'met').length,
        reportsMissed: r.deadlines.filter((d) => d.state === 'missed').length,
        status: r.status,
      })),
      ...(lastDrill !== undefined ? { lastDrillAt: new Date(lastDrill).toISOString() } : {}),
      nextDueAt: schedule.dueAt.toISOString(),
      overdue: schedule.overdue,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The incident section of the monthly report

export interface MonthlyIncidentSection {
  month: string;
  period: { start: string; end: string; cutoff: string };
  /** The monthly report's incident figures (policies/monthly-report.ts), counted over these records. */
  figures: MonthlyFigure[];
  /** Reported in the month, closed in it, or open at its cut-off (drills apart). */
  incidents: AnnualReportEntry[];
  drills: number;
}

/** The incidents section of the month's report, from the incident records. */
export function monthlyIncidentSectionOf(input: {
  month: string;
  records: readonly IncidentRecordForReport[];
  cutoff?: Date;
}): MonthlyIncidentSection {
  const period: ReportPeriod = reportPeriodOf(input.month, input.cutoff);
  const tally = emptyMonthlyTally();
  for (const record of input.records)
    addRecord(tally, 'incidents', record as unknown as Record<string, unknown>, period);
  const figures = monthlyFiguresOf(tally).filter((f) => f.section === 'incidents');
  const shown = input.records.filter(
    (r) =>
      !r.drill &&
      msOf(r.reportedAt) < period.end.getTime() &&
      (within(r.reportedAt, period.start, period.end) ||
        (r.closedAt !== undefined && within(r.closedAt, period.start, period.end)) ||
        r.closedAt === undefined ||
        msOf(r.closedAt) >= period.cutoff.getTime()),
  );
  return {
    month: input.month,
    period: { start: period.start.toISOString(), end: period.end.toISOString(), cutoff: period.cutoff.toISOString() },
    figures,
    incidents: shown.sort((a, b) => msOf(a.reportedAt) - msOf(b.reportedAt)).map(entryOf),
    drills: input.records.filter((r) => r.drill && within(r.reportedAt, period.start, period.end)).length,
  };
}

// ---------------------------------------------------------------------------------------------------
// Documents: the reports in a language, and their text and HTML renderings

export interface ReportTable {
  columns: string[];
  rows: (string | number)[][];
}
export interface ReportSection {
  heading: string;
  paragraphs: string[];
  table?: ReportTable;
}
export interface ReportDocument {
  locale: TextLocale;
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

const SHANGHAI = (instant: string | undefined) =>
  instant ? new Date(msOf(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : '—';

function durationText(locale: TextLocale, seconds: number | null): string {
  if (seconds === null) return '—';
  const words = INCIDENT_REPORT_TEXTS[locale].units;
  if (seconds < 120) return `${Math.round(seconds * 10) / 10} ${words.seconds}`;
  if (seconds < 7200) return `${Math.round(seconds / 6) / 10} ${words.minutes}`;
  return `${Math.round(seconds / 360) / 10} ${words.hours}`;
}

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));

function entryRows(locale: TextLocale, entries: readonly AnnualReportEntry[]): ReportTable {
  const t = INCIDENT_REPORT_TEXTS[locale];
  const labels = OVERSIGHT_LABELS[locale];
  return {
    columns: [...t.columns.incident],
    rows: entries.map((e) => [
      e.title,
      e.partnerName,
      labels.incidentKind[e.kind],
      e.firstGrade === e.grade
        ? labels.incidentGrade[e.grade]
        : `${labels.incidentGrade[e.firstGrade]} → ${labels.incidentGrade[e.grade]}`,
      SHANGHAI(e.detectedAt),
      SHANGHAI(e.reportedAt),
      `${e.agreements} · ${durationText(locale, e.containmentSeconds)}`,
      e.reports
        .map((r) => `${labels.deadlineKind[r.kind]}${t.colon}${labels.deadlineState[r.state]}`)
        .join(t.listSeparator) || '—',
      t.status[e.status],
      e.outcome ? t.outcome[e.outcome] : '—',
    ]),
  };
}

/** The annual report as a document in `locale`. */
export function annualReportDocument(report: AnnualIncidentReport, locale: TextLocale): ReportDocument {
  const t = INCIDENT_REPORT_TEXTS[locale];
  const labels = OVERSIGHT_LABELS[locale];
  const s = report.summary;
  const gradeList = INCIDENT_GRADES.map((g) => `${labels.incidentGrade[g]} ${s.byGrade[g]}`).join(t.separator);
  const kindList = INCIDENT_KINDS.map((k) => `${labels.incidentKind[k]} ${s.byKind[k]}`).join(t.separator);
  return {
    locale,
    title: fill(t.annual.title, { year: report.year }),
    subtitle: fill(t.annual.subtitle, {
      organisation: report.organisation,
      generatedAt: SHANGHAI(report.generatedAt),
      profile: report.operatorIsCiio ? t.annual.ciio : t.annual.notCiio,
    }),
    sections: [
      {
        heading: t.annual.overview,
        paragraphs: [
          fill(t.annual.totals, { incidents: s.incidents, closed: s.closed, open: s.open, partners: s.partners }),
          `${t.annual.byGrade}${t.colon}${gradeList}`,
          `${t.annual.byKind}${t.colon}${kindList}`,
          fill(t.annual.containment, {
            agreements: s.agreementsContained,
            median: durationText(locale, s.containmentMedianSeconds),
            max: durationText(locale, s.containmentMaxSeconds),
          }),
          fill(t.annual.reports, {
            owed: s.reportsOwed,
            met: s.reportsMet,
            missed: s.reportsMissed,
            explained: s.reportsMissedExplained,
            outstanding: s.reportsOutstanding,
          }),
          fill(t.annual.outcomes, { resumed: s.resumed, revoked: s.revokedAndBlacklisted, regraded: s.regraded }),
          fill(t.annual.selfReports, { count: s.selfReported, late: s.selfReportedLate }),
        ],
      },
      {
        heading: t.annual.incidents,
        paragraphs: report.incidents.length === 0 ? [t.annual.none] : [],
        ...(report.incidents.length > 0 ? { table: entryRows(locale, report.incidents) } : {}),
      },
      {
        heading: t.annual.causes,
        paragraphs:
          report.incidents.filter((e) => e.rootCause || e.measures).length === 0
            ? [t.annual.none]
            : report.incidents
                .filter((e) => e.rootCause || e.measures)
                .map((e) =>
                  fill(t.annual.cause, { title: e.title, cause: e.rootCause ?? '—', measures: e.measures ?? '—' }),
                ),
      },
      {
        heading: t.annual.drills,
        paragraphs: [
          fill(t.annual.drillTotals, {
            count: report.drills.count,
            last: report.drills.lastDrillAt ? SHANGHAI(report.drills.lastDrillAt).slice(0, 10) : '—',
            next: SHANGHAI(report.drills.nextDueAt).slice(0, 10),
          }),
          ...(report.drills.overdue ? [t.annual.drillOverdue] : []),
        ],
        ...(report.drills.entries.length > 0
          ? {
              table: {
                columns: [...t.columns.drill],
                rows: report.drills.entries.map((d) => [
                  d.title,
                  SHANGHAI(d.reportedAt),
                  labels.incidentGrade[d.grade],
                  d.reportsMet,
                  d.reportsMissed,
                  t.status[d.status],
                ]),
              },
            }
          : {}),
      },
    ],
  };
}

/** The monthly report's incident section as a document in `locale`. */
export function monthlySectionDocument(section: MonthlyIncidentSection, locale: TextLocale): ReportDocument {
  const t = INCIDENT_REPORT_TEXTS[locale];
  const labels = OVERSIGHT_LABELS[locale];
  const figureText = (f: MonthlyFigure) => {
    const breakdown = f.breakdown?.length
      ? fill(t.brackets, {
          inner: f.breakdown
            .map((b) => `${labels.incidentGrade[b.key as IncidentGrade] ?? b.key} ${b.value}`)
            .join(t.separator),
        })
      : '';
    return `${labels.figure[f.id as keyof typeof labels.figure]}${t.colon}${f.value ?? '—'}${breakdown}`;
  };
  return {
    locale,
    title: labels.section.incidents,
    subtitle: fill(t.monthly.subtitle, { month: section.month, cutoff: SHANGHAI(section.period.cutoff) }),
    sections: [
      { heading: t.monthly.figures, paragraphs: section.figures.map(figureText) },
      {
        heading: t.monthly.incidents,
        paragraphs: section.incidents.length === 0 ? [t.annual.none] : [],
        ...(section.incidents.length > 0 ? { table: entryRows(locale, section.incidents) } : {}),
      },
    ],
  };
}

/** A document as plain text (UTF-8), for mail and for the record. */
export function documentText(document: ReportDocument): string {
  const lines = [document.title, document.subtitle, ''];
  for (const section of document.sections) {
    lines.push(`■ ${section.heading}`, ...section.paragraphs);
    if (section.table) {
      lines.push(section.table.columns.join(' | '));
      for (const row of section.table.rows) lines.push(row.join(' | '));
    }
    lines.push('');
  }
  return lines.join('\n');
}

const escapeHtml = (value: string | number) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A document as a standalone HTML page (every value escaped). */
export function documentHtml(document: ReportDocument): string {
  const parts = [
    `<!doctype html><html lang="${document.locale}"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title>`,
    '<style>body{font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style>',
    `</head><body><h1>${escapeHtml(document.title)}</h1><p>${escapeHtml(document.subtitle)}</p>`,
  ];
  for (const section of document.sections) {
    parts.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    for (const p of section.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (section.table) {
      parts.push(
        `<table><thead><tr>${section.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`,
      );
      for (const row of section.table.rows)
        parts.push(`<tr>${row.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`);
      parts.push('</tbody></table>');
    }
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

/** Gravest first, for lists that order incidents by grade. */
export const byGravity = (a: { grade: IncidentGrade }, b: { grade: IncidentGrade }) =>
  gradeRankOf(a.grade) - gradeRankOf(b.grade);

/** The measures the grading read, in order (for tables of estimates). */
export const GRADING_MEASURES = INCIDENT_MEASURES;
