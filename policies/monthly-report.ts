/**
 * The figures of the monthly report (S10; issue 14 point 4): the month's sharing (requests, approvals,
 * provisions, filings, revocations), vetting, inspections, findings and rectification progress, incidents,
 * and the problems that stand at the cut-off. Each figure is defined once, declaratively — which records of
 * which collection count, in which period, distinct by what, broken down by what — and evaluated two ways
 * from that one definition: by `addRecord`, a streaming reducer the report's activity feeds one record at a
 * time, and by `storePipelineOf`, the aggregation a test runs directly in the store to check the report.
 * Labels in zh-CN and en are `policies/texts/oversight.ts`. Pure and bundle-safe.
 *
 * A period figure counts what happened in the Shanghai calendar month (audit events, a finding's raising, an
 * incident's report); a stock figure (`…_at_cutoff`) counts what stands when the report is made, from the
 * records as they are then.
 */
import type { AuditAction } from './audit-actions';
import type { IncidentDeadlineKind } from './incident-deadlines';
import { OPEN_FINDING_STATUSES, type FindingClosure } from './vocabulary';

/** The collections the figures read, by their store names. */
export const REPORT_SOURCES = [
  'audit_events',
  'agreement_rows',
  'partners',
  'inspections',
  'findings',
  'incidents',
] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export const REPORT_SECTIONS = ['sharing', 'vetting', 'inspections', 'incidents', 'problems', 'suggestions'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/**
 * What the figures read of the inspection, finding and incident records (the store's field names): the
 * collections that keep them are to hold these fields as named here.
 */
export interface InspectionRecord {
  status: 'running' | 'completed' | 'failed';
  completedAt?: Date | string;
  /** Agreements scanned (the run's progress, final once it completed). */
  progress?: { scanned?: number };
}
export interface FindingRecord {
  severity: string;
  status: string;
  raisedAt: Date | string;
  dueAt: Date | string;
  /** How and when it ended (the finding's state keeps the instant inside its closure). */
  closure?: { reason: FindingClosure; at: Date | string };
}
export interface IncidentRecord {
  drill: boolean;
  grade: string;
  status: string;
  reportedAt: Date | string;
  closedAt?: Date | string;
  deadlines: {
    kind: IncidentDeadlineKind;
    state: 'waiting' | 'due' | 'met' | 'missed';
    dueAt?: Date | string;
    madeAt?: Date | string;
  }[];
}

interface Condition {
  field: string;
  in: readonly (string | boolean)[];
}

interface CountedFigure {
  section: Exclude<ReportSection, 'suggestions'>;
  source: ReportSource;
  /** Each field's value must be one of the listed. */
  where: readonly Condition[];
  /** A period figure: this instant must fall in the month. */
  inPeriod?: string;
  /** This instant must be before the cut-off (overdue). */
  before?: string;
  /** Counts each distinct value of this field once, instead of each record. */
  distinct?: string;
  /** Adds this number, instead of 1 per record. */
  sum?: string;
  /** Counts each element of this list (its fields are then `<list>.<field>`). */
  unwind?: string;
  /** Broken down by this field's values. */
  by?: string;
}

interface DerivedFigure {
  section: Exclude<ReportSection, 'suggestions'>;
  /** A percentage, one decimal: the sum of `part` over the sum of `whole` (figure ids); null when the whole is 0. */
  percent: { part: readonly string[]; whole: readonly string[] };
}

const events = (
  section: CountedFigure['section'],
  actions: readonly AuditAction[],
  options: { distinct?: boolean } = {},
): CountedFigure => ({
  section,
  source: 'audit_events',
  where: [{ field: 'action', in: actions }],
  inPeriod: 'at',
  ...(options.distinct ? { distinct: 'subject.id' } : {}),
});

const OPEN = [...OPEN_FINDING_STATUSES];

/** Every figure, in the report's order. */
export const MONTHLY_FIGURES = {
  // The month's sharing (S4)
  'sharing.requests': events('sharing', ['agreement.submitted'], { distinct: true }),
  'sharing.approvals': events('sharing', ['agreement.approved', 'agreement.regulator_approved']),
  'sharing.rejections': events('sharing', ['agreement.rejected', 'agreement.regulator_rejected']),
  'sharing.withdrawals': events('sharing', ['agreement.withdrawn']),
  'sharing.amendments_approved': events('sharing', ['agreement.amendment_approved']),
  'sharing.provisions': events('sharing', ['agreement.provision_recorded', 'agreement.filing_submitted']),
  'sharing.filings_submitted': events('sharing', ['agreement.filing_submitted']),
  'sharing.filings_confirmed': events('sharing', ['agreement.filing_confirmed']),
  'sharing.suspensions': events('sharing', ['agreement.suspended']),
  'sharing.revocations': events('sharing', ['agreement.revoked']),
  'sharing.expiries': events('sharing', ['agreement.expired']),
  'sharing.active_at_cutoff': {
    section: 'sharing',
    source: 'agreement_rows',
    where: [{ field: 'status', in: ['active'] }],
  },
  'sharing.suspended_at_cutoff': {
    section: 'sharing',
    source: 'agreement_rows',
    where: [{ field: 'status', in: ['suspended'] }],
  },
  'sharing.in_review_at_cutoff': {
    section: 'sharing',
    source: 'agreement_rows',
    where: [{ field: 'status', in: ['submitted', 'in_review', 'awaiting_regulator'] }],
  },

  // Partner vetting (S6)
  'vetting.nominations': events('vetting', ['partner.nominated', 'partner.renominated']),
  'vetting.approvals': events('vetting', ['partner.approved']),
  'vetting.rejections': events('vetting', ['partner.rejected']),
  'vetting.lapses': events('vetting', ['partner.lapsed']),
  'vetting.blacklistings': events('vetting', ['partner.blacklisted']),
  'vetting.approved_at_cutoff': {
    section: 'vetting',
    source: 'partners',
    where: [{ field: 'status', in: ['approved', 'revetting'] }],
  },
  'vetting.in_vetting_at_cutoff': {
    section: 'vetting',
    source: 'partners',
    where: [{ field: 'status', in: ['nominated', 'vetting'] }],
  },

  // Inspections, findings and rectification (S5, S11)
  'inspections.completed': {
    section: 'inspections',
    source: 'inspections',
    where: [{ field: 'status', in: ['completed'] }],
    inPeriod: 'completedAt',
  },
  'inspections.agreements_scanned': {
    section: 'inspections',
    source: 'inspections',
    where: [{ field: 'status', in: ['completed'] }],
    inPeriod: 'completedAt',
    sum: 'progress.scanned',
  },
  'findings.raised': { section: 'inspections', source: 'findings', where: [], inPeriod: 'raisedAt', by: 'severity' },
  'findings.verified': {
    section: 'inspections',
    source: 'findings',
    where: [{ field: 'closure.reason', in: ['verified'] }],
    inPeriod: 'closure.at',
  },
  'findings.closed_by_reinspection': {
    section: 'inspections',
    source: 'findings',
    where: [{ field: 'closure.reason', in: ['cause_gone'] }],
    inPeriod: 'closure.at',
  },
  'findings.revoked': {
    section: 'inspections',
    source: 'findings',
    where: [{ field: 'closure.reason', in: ['agreement_revoked'] }],
    inPeriod: 'closure.at',
  },
  'findings.open_at_cutoff': {
    section: 'inspections',
    source: 'findings',
    where: [{ field: 'status', in: OPEN }],
    by: 'severity',
  },
  'findings.rectified_percent': {
    section: 'inspections',
    percent: {
      part: ['findings.verified', 'findings.closed_by_reinspection'],
      whole: ['findings.verified', 'findings.closed_by_reinspection', 'findings.open_at_cutoff'],
    },
  },

  // Incidents (S3); drills apart
  'incidents.reported': {
    section: 'incidents',
    source: 'incidents',
    where: [{ field: 'drill', in: [false] }],
    inPeriod: 'reportedAt',
    by: 'grade',
  },
  'incidents.drills': {
    section: 'incidents',
    source: 'incidents',
    where: [{ field: 'drill', in: [true] }],
    inPeriod: 'reportedAt',
  },
  'incidents.closed': {
    section: 'incidents',
    source: 'incidents',
    where: [
      { field: 'drill', in: [false] },
      { field: 'status', in: ['closed'] },
    ],
    inPeriod: 'closedAt',
  },
  'incidents.open_at_cutoff': {
    section: 'incidents',
    source: 'incidents',
    where: [
      { field: 'drill', in: [false] },
      { field: 'status', in: ['open', 'contained', 'investigated'] },
    ],
  },
  'incidents.reports_met': {
    section: 'incidents',
    source: 'incidents',
    unwind: 'deadlines',
    where: [
      { field: 'drill', in: [false] },
      { field: 'deadlines.state', in: ['met'] },
    ],
    inPeriod: 'deadlines.madeAt',
  },
  'incidents.reports_missed': {
    section: 'incidents',
    source: 'incidents',
    unwind: 'deadlines',
    where: [
      { field: 'drill', in: [false] },
      { field: 'deadlines.state', in: ['missed'] },
    ],
    inPeriod: 'deadlines.dueAt',
  },

  // Problems standing at the cut-off
  'problems.findings_overdue': {
    section: 'problems',
    source: 'findings',
    where: [{ field: 'status', in: OPEN }],
    before: 'dueAt',
    by: 'severity',
  },
  'problems.critical_findings_open': {
    section: 'problems',
    source: 'findings',
    where: [
      { field: 'status', in: OPEN },
      { field: 'severity', in: ['critical'] },
    ],
  },
  'problems.attestations_overdue': {
    section: 'problems',
    source: 'agreement_rows',
    where: [{ field: 'attestation', in: ['overdue'] }],
  },
} as const satisfies Record<string, CountedFigure | DerivedFigure>;

export type FigureId = keyof typeof MONTHLY_FIGURES;
export const FIGURE_IDS = Object.keys(MONTHLY_FIGURES) as FigureId[];

const definitionOf = (id: FigureId): CountedFigure | DerivedFigure => MONTHLY_FIGURES[id];
const isCounted = (d: CountedFigure | DerivedFigure): d is CountedFigure => 'source' in d;

/** The counted figures of each source, so that a record is offered only to the figures that read it. */
const FIGURES_OF_SOURCE: Record<ReportSource, { id: FigureId; figure: CountedFigure }[]> = Object.fromEntries(
  REPORT_SOURCES.map((source) => [
    source,
    FIGURE_IDS.flatMap((id) => {
      const figure = definitionOf(id);
      return isCounted(figure) && figure.source === source ? [{ id, figure }] : [];
    }),
  ]),
) as Record<ReportSource, { id: FigureId; figure: CountedFigure }[]>;

/** A Shanghai calendar month, and when the report is made (its stock figures are as at then). */
export interface ReportPeriod {
  /** `YYYY-MM`. */
  month: string;
  /** 00:00 Shanghai time on the 1st, inclusive. */
  start: Date;
  /** 00:00 Shanghai time on the 1st of the next month, exclusive. */
  end: Date;
  cutoff: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The period of a month, `YYYY-MM`; the cut-off is its end unless the report is made at another instant. */
export function reportPeriodOf(month: string, cutoff?: Date): ReportPeriod {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const start = new Date(Date.UTC(year, index, 1) - SHANGHAI_OFFSET_MS);
  const end = new Date(Date.UTC(year, index + 1, 1) - SHANGHAI_OFFSET_MS);
  return { month, start, end, cutoff: cutoff ?? end };
}

/** A record as the store gives it (instants as dates) or as JSON gives it (ISO strings). */
export type StoreRecord = Record<string, unknown>;

function valueAt(record: StoreRecord, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function msOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function matches(figure: CountedFigure, record: StoreRecord, period: ReportPeriod): boolean {
  for (const condition of figure.where) {
    if (!condition.in.includes(valueAt(record, condition.field) as string | boolean)) return false;
  }
  if (figure.inPeriod) {
    const at = msOf(valueAt(record, figure.inPeriod));
    if (at === null || at < period.start.getTime() || at >= period.end.getTime()) return false;
  }
  if (figure.before) {
    const at = msOf(valueAt(record, figure.before));
    if (at === null || at >= period.cutoff.getTime()) return false;
  }
  return true;
}

/** The running tally of a report: plain JSON, updated in place. */
export interface MonthlyTally {
  values: Partial<Record<FigureId, number>>;
  breakdowns: Partial<Record<FigureId, Record<string, number>>>;
  /** For distinct figures, the values already counted (the month's subjects, not the scope). */
  seen: Partial<Record<FigureId, Record<string, 1>>>;
}

export function emptyMonthlyTally(): MonthlyTally {
  return { values: {}, breakdowns: {}, seen: {} };
}

/** The value a breakdown files a record under; a missing value is `none`. */
const keyOf = (value: unknown) => (value === undefined || value === null ? 'none' : String(value));

/** Offers one record of a source to every figure that reads it. */
export function addRecord(
  tally: MonthlyTally,
  source: ReportSource,
  record: StoreRecord,
  period: ReportPeriod,
): MonthlyTally {
  for (const { id, figure } of FIGURES_OF_SOURCE[source]) {
    const list = figure.unwind ? valueAt(record, figure.unwind) : undefined;
    const rows = figure.unwind
      ? (Array.isArray(list) ? list : []).map((element) => ({ ...record, [figure.unwind!]: element }))
      : [record];
    for (const row of rows) {
      if (!matches(figure, row, period)) continue;
      const group = figure.by ? keyOf(valueAt(row, figure.by)) : undefined;
      if (figure.distinct) {
        const seen = (tally.seen[id] ??= {});
        const key = `${group ?? ''}\u0000${keyOf(valueAt(row, figure.distinct))}`;
        if (seen[key]) continue;
        seen[key] = 1;
      }
      const amount = figure.sum ? Number(valueAt(row, figure.sum) ?? 0) || 0 : 1;
      tally.values[id] = (tally.values[id] ?? 0) + amount;
      if (group !== undefined) {
        const breakdown = (tally.breakdowns[id] ??= {});
        breakdown[group] = (breakdown[group] ?? 0) + amount;
      }
    }
  }
  return tally;
}

export interface MonthlyFigure {
  id: FigureId;
  section: ReportSection;
  /** Null: a percentage of nothing. */
  value: number | null;
  /** By severity or grade, in order of the key; absent for a figure without a breakdown. */
  breakdown?: { key: string; value: number }[];
}

/** Every figure of the report from its tally, in the report's order, derived ones included. */
export function monthlyFiguresOf(tally: MonthlyTally): MonthlyFigure[] {
  const valueOf = (id: string) => tally.values[id as FigureId] ?? 0;
  return FIGURE_IDS.map((id): MonthlyFigure => {
    const figure = definitionOf(id);
    if (!isCounted(figure)) {
      const whole = figure.percent.whole.reduce((sum, f) => sum + valueOf(f), 0);
      const part = figure.percent.part.reduce((sum, f) => sum + valueOf(f), 0);
      return { id, section: figure.section, value: whole === 0 ? null : Math.round((part / whole) * 1000) / 10 };
    }
    const breakdown = figure.by
      ? Object.entries(tally.breakdowns[id] ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, value]) => ({ key, value }))
      : undefined;
    return { id, section: figure.section, value: valueOf(id), ...(breakdown ? { breakdown } : {}) };
  });
}

/** A MongoDB aggregation that counts a figure in the store, from the same definition. */
export interface StoreCount {
  collection: ReportSource;
  pipeline: Record<string, unknown>[];
}

function filterOf(
  conditions: readonly Condition[],
  figure: CountedFigure,
  period: ReportPeriod,
  fields: (f: string) => boolean,
) {
  const filter: Record<string, unknown> = {};
  for (const c of conditions.filter((c) => fields(c.field))) {
    filter[c.field] = c.in.length === 1 ? c.in[0] : { $in: [...c.in] };
  }
  if (figure.inPeriod && fields(figure.inPeriod)) filter[figure.inPeriod] = { $gte: period.start, $lt: period.end };
  if (figure.before && fields(figure.before)) filter[figure.before] = { $lt: period.cutoff };
  return filter;
}

/**
 * The aggregation a test runs in the store to count a counted figure (a derived one is computed from
 * those): `{ _id: <breakdown key or null>, value }` per group. Instants are compared as dates: the store
 * keeps the fields the figures read in time as dates.
 */
export function storePipelineOf(id: FigureId, period: ReportPeriod): StoreCount {
  const figure = definitionOf(id);
  if (!isCounted(figure)) throw new RangeError(`${id} is derived from other figures, not counted in the store`);
  const inList = (field: string) => figure.unwind !== undefined && field.startsWith(`${figure.unwind}.`);
  const pipeline: Record<string, unknown>[] = [{ $match: filterOf(figure.where, figure, period, (f) => !inList(f)) }];
  if (figure.unwind) {
    pipeline.push({ $unwind: `$${figure.unwind}` }, { $match: filterOf(figure.where, figure, period, inList) });
  }
  const by = figure.by ? `$${figure.by}` : null;
  if (figure.distinct) {
    pipeline.push({ $group: { _id: { by, value: `$${figure.distinct}` } } });
    pipeline.push({ $group: { _id: '$_id.by', value: { $sum: 1 } } });
  } else {
    pipeline.push({ $group: { _id: by, value: { $sum: figure.sum ? `$${figure.sum}` : 1 } } });
  }
  return { collection: figure.source, pipeline };
}

/** What the report reads of a source: a filter the store can apply and the fields the figures read. */
export interface StoreRead {
  collection: ReportSource;
  filter: Record<string, unknown>;
  projection: Record<string, 1>;
}

/**
 * How the report's activity reads a source, from the figures' definitions: the audit trail only the month's
 * events of the actions some figure counts (a range on `at`); every other source whole (its stock figures
 * count what stands at the cut-off), each record narrowed to the top-level fields the figures read.
 * `extraFields` are read besides (the findings' breakdowns by rule, unit and partner).
 */
export function storeReadOf(
  source: ReportSource,
  period: ReportPeriod,
  extraFields: readonly string[] = [],
): StoreRead {
  const figures = FIGURES_OF_SOURCE[source].map((f) => f.figure);
  const fields = new Set<string>(extraFields);
  for (const figure of figures) {
    for (const path of [
      ...figure.where.map((c) => c.field),
      figure.inPeriod,
      figure.before,
      figure.distinct,
      figure.sum,
      figure.unwind,
      figure.by,
    ]) {
      if (path) fields.add(path.split('.')[0]!);
    }
  }
  const projection = Object.fromEntries([...fields].sort().map((f) => [f, 1 as const]));
  if (source !== 'audit_events') return { collection: source, filter: {}, projection };
  const actions = [...new Set(figures.flatMap((f) => f.where.find((c) => c.field === 'action')?.in ?? []))];
  return {
    collection: source,
    filter: { at: { $gte: period.start, $lt: period.end }, action: { $in: actions } },
    projection,
  };
}

/** The month a month-end report made at `at` covers: the last Shanghai month that has ended by then. */
export function reportedMonthOf(at: Date): string {
  const shanghai = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const previous = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}
