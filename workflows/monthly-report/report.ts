/**
 * `monthly-report-<YYYY-MM>` (S10): the month's report computed from the store and kept, once. The work is
 * one idempotent activity (the month is the kept report's id), so a retried activity or a repeated run of
 * the month keeps the first report.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { KeptMonthlyReport, MonthlyReportActivities } from '../../activities/monthly-report';

/** Streaming a large store takes minutes (100,000 agreement rows on the embedded store: about one). */
const { keepMonthlyReport } = proxyActivities<MonthlyReportActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumInterval: '5 minutes' },
});

export interface MonthlyReportInput {
  month: string;
  requestedBy: string;
}

export async function monthlyReport(input: MonthlyReportInput): Promise<KeptMonthlyReport> {
  return await keepMonthlyReport(input);
}
