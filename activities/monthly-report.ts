/**
 * The month-end report's one activity (S10): computes the month's report from the store and keeps it under
 * the month. Idempotent: the month is the kept report's `_id`, so the insert decides — a retried attempt, or
 * a second run of the month, finds the report already kept and answers with it (the first one stands: it is
 * what was reported).
 */
import mongoose from 'mongoose';
import type { Db } from 'mongodb';
import type { MonthlyReport } from '../policies/monthly-report-document';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { MonthlyReportModel } from '../src/models/monthly-report.model';
import { computeMonthlyReport } from '../src/reports/monthly-report-store';

export interface MonthlyReportActivityDeps {
  reports: typeof MonthlyReportModel;
  /** The store the figures are counted in; the default connection's when not given. */
  db?: () => Db;
  now?: () => Date;
}

export interface KeptMonthlyReport {
  month: string;
  generatedAt: string;
  /** False: a report of the month was kept already, and stands. */
  stored: boolean;
}

export function createMonthlyReportActivities(deps: MonthlyReportActivityDeps) {
  const db = deps.db ?? (() => mongoose.connection.db!);
  const now = deps.now ?? (() => new Date());

  async function keepMonthlyReport(input: { month: string; requestedBy: string }): Promise<KeptMonthlyReport> {
    const kept = await deps.reports.findById(input.month, { generatedAt: 1 }).lean<{ generatedAt: Date }>();
    if (kept) return { month: input.month, generatedAt: kept.generatedAt.toISOString(), stored: false };
    const report: MonthlyReport = await computeMonthlyReport({ db: db(), month: input.month, now: now() });
    try {
      await deps.reports.create({
        _id: input.month,
        version: report.version,
        generatedAt: new Date(report.generatedAt),
        generatedBy: input.requestedBy,
        body: JSON.stringify(report),
      });
      return { month: input.month, generatedAt: report.generatedAt, stored: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await deps.reports.findById(input.month, { generatedAt: 1 }).lean<{ generatedAt: Date }>();
      return { month: input.month, generatedAt: first!.generatedAt.toISOString(), stored: false };
    }
  }

  return { keepMonthlyReport };
}

export type MonthlyReportActivities = ReturnType<typeof createMonthlyReportActivities>;
