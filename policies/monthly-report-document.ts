/**
 * The monthly report (S10; issue 14 point 4) as a whole: its figures (policies/monthly-report.ts), the month's
 * findings by rule, severity, owner unit and partner (policies/inspection-report.ts's tally), and the problems
 * and suggestions the figures call for — as codes with params, so that the report is data and its words come
 * from policies/texts/monthly-report.ts in zh-CN or en. `monthlyReportDocument` lays it out as a document
 * (title, sections of paragraphs and tables) that the JSON, XLSX and PDF renderings take as it is.
 * Pure: the tallies, the period and the instants are arguments.
 */
import type { ReportDocument, ReportSection, ReportTable } from './incident-report';
import type { InspectionRuleId } from './inspection-parameters';
import { runReportOf, type RunTally } from './inspection-report';
import {
  monthlyFiguresOf,
  type FigureId,
  type MonthlyFigure,
  type MonthlyTally,
  type ReportPeriod,
} from './monthly-report';
import type { TextLocale } from './texts/agreement';
import { MONTHLY_REPORT_TEXTS } from './texts/monthly-report';
import { OVERSIGHT_LABELS } from './texts/oversight';
import { REPORT_SECTIONS, type ReportSection as FigureSection } from './monthly-report';
import { INCIDENT_GRADES, SEVERITIES, type IncidentGrade, type Severity } from './vocabulary';

export const MONTHLY_REPORT_VERSION = 'monthly-report@1';

/** Below this share of findings rectified (verified or gone), the report names it a problem. */
export const RECTIFICATION_RATE_TARGET_PERCENT = 80;

export const MONTHLY_PROBLEM_CODES = [
  'findings_overdue',
  'critical_findings_open',
  'attestations_overdue',
  'incident_reports_missed',
  'rectification_rate_low',
  'no_inspection',
] as const;
export type MonthlyProblemCode = (typeof MONTHLY_PROBLEM_CODES)[number];

export const MONTHLY_SUGGESTION_CODES = [
  'escalate_overdue',
  'resolve_critical',
  'chase_attestations',
  'review_incident_reporting',
  'raise_rectification_rate',
  'run_inspection',
  'keep_course',
] as const;
export type MonthlySuggestionCode = (typeof MONTHLY_SUGGESTION_CODES)[number];

export interface Coded<C extends string> {
  code: C;
  params: Record<string, number>;
}

/** A group of the month's findings (a rule, a severity, a unit, a partner) and how many. */
export interface FindingGroup {
  key: string;
  /** A partner's name, where the key is its id. */
  name?: string;
  findings: number;
}

export interface MonthlyReport {
  version: string;
  month: string;
  period: { start: string; end: string; cutoff: string };
  generatedAt: string;
  figures: MonthlyFigure[];
  /** The findings raised in the month. */
  findings: {
    byRule: FindingGroup[];
    bySeverity: FindingGroup[];
    byUnit: FindingGroup[];
    byPartner: FindingGroup[];
  };
  problems: Coded<MonthlyProblemCode>[];
  suggestions: Coded<MonthlySuggestionCode>[];
}

/** Each problem: whether the figures show it, its params, and what to do about it. */
const PROBLEMS: {
  code: MonthlyProblemCode;
  of: (value: (id: FigureId) => number | null) => Record<string, number> | null;
  suggestion: MonthlySuggestionCode;
}[] = [
  {
    code: 'findings_overdue',
    of: (v) => ((v('problems.findings_overdue') ?? 0) > 0 ? { count: v('problems.findings_overdue')! } : null),
    suggestion: 'escalate_overdue',
  },
  {
    code: 'critical_findings_open',
    of: (v) =>
      (v('problems.critical_findings_open') ?? 0) > 0 ? { count: v('problems.critical_findings_open')! } : null,
    suggestion: 'resolve_critical',
  },
  {
    code: 'attestations_overdue',
    of: (v) => ((v('problems.attestations_overdue') ?? 0) > 0 ? { count: v('problems.attestations_overdue')! } : null),
    suggestion: 'chase_attestations',
  },
  {
    code: 'incident_reports_missed',
    of: (v) => ((v('incidents.reports_missed') ?? 0) > 0 ? { count: v('incidents.reports_missed')! } : null),
    suggestion: 'review_incident_reporting',
  },
  {
    code: 'rectification_rate_low',
    of: (v) => {
      const percent = v('findings.rectified_percent');
      return percent !== null && percent < RECTIFICATION_RATE_TARGET_PERCENT
        ? { percent, threshold: RECTIFICATION_RATE_TARGET_PERCENT }
        : null;
    },
    suggestion: 'raise_rectification_rate',
  },
  {
    code: 'no_inspection',
    of: (v) => (v('inspections.completed') === 0 ? {} : null),
    suggestion: 'run_inspection',
  },
];

/** The problems the figures show, in the report's order, and a suggestion for each (or to keep the course). */
export function problemsAndSuggestionsOf(figures: readonly MonthlyFigure[]): {
  problems: Coded<MonthlyProblemCode>[];
  suggestions: Coded<MonthlySuggestionCode>[];
} {
  const byId = new Map(figures.map((f) => [f.id, f.value]));
  const value = (id: FigureId) => byId.get(id) ?? null;
  const problems: Coded<MonthlyProblemCode>[] = [];
  const suggestions: Coded<MonthlySuggestionCode>[] = [];
  for (const problem of PROBLEMS) {
    const params = problem.of(value);
    if (!params) continue;
    problems.push({ code: problem.code, params });
    suggestions.push({ code: problem.suggestion, params: {} });
  }
  if (suggestions.length === 0) suggestions.push({ code: 'keep_course', params: {} });
  return { problems, suggestions };
}

/** The report from the tallies of its sources. */
export function monthlyReportOf(input: {
  period: ReportPeriod;
  tally: MonthlyTally;
  /** The findings raised in the month. */
  findings: RunTally;
  partnerNames: Record<string, string>;
  generatedAt: Date;
}): MonthlyReport {
  const figures = monthlyFiguresOf(input.tally);
  // Gravest first: the run report's order of units and partners.
  const run = runReportOf(input.findings);
  return {
    version: MONTHLY_REPORT_VERSION,
    month: input.period.month,
    period: {
      start: input.period.start.toISOString(),
      end: input.period.end.toISOString(),
      cutoff: input.period.cutoff.toISOString(),
    },
    generatedAt: input.generatedAt.toISOString(),
    figures,
    findings: {
      byRule: run.byRule.filter((r) => r.findings > 0).map((r) => ({ key: r.ruleId, findings: r.findings })),
      bySeverity: SEVERITIES.map((s) => ({ key: s, findings: run.bySeverity[s] })),
      byUnit: run.byUnit.map((g) => ({ key: g.key, findings: g.findings })),
      byPartner: run.byPartner.map((g) => ({
        key: g.key,
        ...(input.partnerNames[g.key] ? { name: input.partnerNames[g.key] } : {}),
        findings: g.findings,
      })),
    },
    ...problemsAndSuggestionsOf(figures),
  };
}

// ---------------------------------------------------------------------------------------------------
// The report as a document in a language

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const shanghai = (iso: string) =>
  new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
/** The last day of the month, for the period's words (its end is 00:00 of the next month). */
const lastDayOf = (endIso: string) => new Date(Date.parse(endIso) + SHANGHAI_OFFSET_MS - 1).toISOString().slice(0, 10);

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));

/** The words of a breakdown key: a severity or an incident grade. */
function keyLabel(locale: TextLocale, key: string): string {
  const labels = OVERSIGHT_LABELS[locale];
  if ((SEVERITIES as readonly string[]).includes(key)) return labels.severity[key as Severity];
  if ((INCIDENT_GRADES as readonly string[]).includes(key)) return labels.incidentGrade[key as IncidentGrade];
  return key;
}

export const problemText = (locale: TextLocale, p: Coded<MonthlyProblemCode>) =>
  fill(MONTHLY_REPORT_TEXTS[locale].problem[p.code], p.params);
export const suggestionText = (locale: TextLocale, s: Coded<MonthlySuggestionCode>) =>
  fill(MONTHLY_REPORT_TEXTS[locale].suggestion[s.code], s.params);

function figureTable(locale: TextLocale, figures: readonly MonthlyFigure[]): ReportTable {
  const t = MONTHLY_REPORT_TEXTS[locale];
  const labels = OVERSIGHT_LABELS[locale];
  return {
    columns: [t.figure, t.value, t.breakdown],
    rows: figures.map((f) => [
      labels.figure[f.id],
      f.value ?? '—',
      f.breakdown?.length ? f.breakdown.map((b) => `${keyLabel(locale, b.key)} ${b.value}`).join(t.separator) : '',
    ]),
  };
}

function groupTable(
  heading: string,
  locale: TextLocale,
  groups: readonly FindingGroup[],
  label: (g: FindingGroup) => string,
) {
  const t = MONTHLY_REPORT_TEXTS[locale];
  return {
    heading,
    paragraphs: groups.length === 0 ? [t.none] : [],
    ...(groups.length > 0
      ? { table: { columns: [t.key, t.findings], rows: groups.map((g) => [label(g), g.findings]) } }
      : {}),
  };
}

/** The report as a document in `locale`: a section per figure section, the findings' groups, problems, suggestions. */
export function monthlyReportDocument(
  report: MonthlyReport,
  locale: TextLocale,
  source: 'snapshot' | 'live',
): ReportDocument {
  const t = MONTHLY_REPORT_TEXTS[locale];
  const labels = OVERSIGHT_LABELS[locale];
  const figureSections: FigureSection[] = REPORT_SECTIONS.filter((s) => s !== 'problems' && s !== 'suggestions');
  const sections: ReportSection[] = figureSections.map((section) => ({
    heading: labels.section[section],
    paragraphs: [],
    table: figureTable(
      locale,
      report.figures.filter((f) => f.section === section),
    ),
  }));
  const h = labels.heading;
  sections.push(
    groupTable(`${t.findingsRaised} · ${h.by_rule}`, locale, report.findings.byRule, (g) =>
      g.key in labels.rule ? labels.rule[g.key as InspectionRuleId] : g.key,
    ),
    groupTable(`${t.findingsRaised} · ${h.by_severity}`, locale, report.findings.bySeverity, (g) =>
      keyLabel(locale, g.key),
    ),
    groupTable(`${t.findingsRaised} · ${h.by_unit}`, locale, report.findings.byUnit, (g) => g.key),
    groupTable(`${t.findingsRaised} · ${h.by_partner}`, locale, report.findings.byPartner, (g) => g.name ?? g.key),
    {
      heading: labels.section.problems,
      paragraphs: [
        ...report.figures
          .filter((f) => f.section === 'problems')
          .map((f) => `${labels.figure[f.id]}${locale === 'zh-CN' ? '：' : ': '}${f.value ?? '—'}`),
        ...(report.problems.length === 0 ? [t.none] : report.problems.map((p) => problemText(locale, p))),
      ],
    },
    { heading: labels.section.suggestions, paragraphs: report.suggestions.map((s) => suggestionText(locale, s)) },
  );
  return {
    locale,
    title: locale === 'zh-CN' ? `${h.monthly_report}（${report.month}）` : `${h.monthly_report} (${report.month})`,
    subtitle: `${fill(t.subtitle, {
      month: report.month,
      start: shanghai(report.period.start).slice(0, 10),
      end: lastDayOf(report.period.end),
      cutoff: shanghai(report.period.cutoff),
      generatedAt: shanghai(report.generatedAt),
    })}${locale === 'zh-CN' ? '。' : '. '}${t.generatedFrom[source]}`,
    sections,
  };
}
