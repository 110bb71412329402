/**
 * The monthly report's use case (S10): the month's kept report when the month-end run made one
 * (`monthly-report-<month>`), else the report computed now from the store; as JSON, or as a document in zh-CN
 * or en — XLSX or PDF. Who may read it is the `MonthlyReport` subject of policies/abilities.ts.
 */
import { ForbiddenError } from '@casl/ability';
import mongoose from 'mongoose';
import type { Db } from 'mongodb';
import type { Caller } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { reportPeriodOf } from '../../policies/monthly-report';
import { monthlyReportDocument, type MonthlyReport } from '../../policies/monthly-report-document';
import type { TextLocale } from '../../policies/texts/agreement';
import { OVERSIGHT_LABELS } from '../../policies/texts/oversight';
import type { MonthlyReportModel } from '../models/monthly-report.model';
import { documentPdf, PDF_TYPE } from '../reports/pdf';
import { computeMonthlyReport } from '../reports/monthly-report-store';
import { documentXlsx, XLSX_TYPE } from '../reports/xlsx';

export const MONTHLY_REPORT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type MonthlyReportFormat = (typeof MONTHLY_REPORT_FORMATS)[number];

export interface MonthlyReportServiceDeps {
  reports: typeof MonthlyReportModel;
  db?: () => Db;
  now?: () => Date;
}

/** The report as the API shows it: where it comes from besides its figures. */
export type MonthlyReportView = MonthlyReport & { source: 'snapshot' | 'live' };

export function createMonthlyReportService(deps: MonthlyReportServiceDeps) {
  const db = deps.db ?? (() => mongoose.connection.db!);
  const now = deps.now ?? (() => new Date());

  /** The kept report of the month, or one computed now; a month not yet begun has none. */
  async function reportOf(caller: Caller, month: string): Promise<MonthlyReportView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'MonthlyReport');
    const at = now();
    if (reportPeriodOf(month).start.getTime() > at.getTime()) {
      throw new DomainError('report.not_found', `${month} has not begun: it has no report`, { month });
    }
    const kept = await deps.reports.findById(month, { body: 1 }).lean<{ body: string }>();
    if (kept) return { ...(JSON.parse(kept.body) as MonthlyReport), source: 'snapshot' };
    return { ...(await computeMonthlyReport({ db: db(), month, now: at })), source: 'live' };
  }

  /** The report in a format: JSON as it is, XLSX or PDF as the document in `lang`, with a file name. */
  async function monthly(
    caller: Caller,
    input: { month: string; format: MonthlyReportFormat; lang: TextLocale },
  ): Promise<{ type: string; body: Buffer | MonthlyReportView; filename?: string }> {
    const report = await reportOf(caller, input.month);
    if (input.format === 'json') return { type: 'application/json', body: report };
    const { source, ...figures } = report;
    const document = monthlyReportDocument(figures, input.lang, source);
    const filename = `datapact-monthly-report-${input.month}-${input.lang}.${input.format}`;
    if (input.format === 'pdf') return { type: PDF_TYPE, body: await documentPdf(document), filename };
    const labels = OVERSIGHT_LABELS[input.lang].figure;
    return {
      type: XLSX_TYPE,
      body: await documentXlsx(document, { rows: report.figures, labelOf: (f) => labels[f.id] }),
      filename,
    };
  }

  return { monthly };
}

export type MonthlyReportService = ReturnType<typeof createMonthlyReportService>;
