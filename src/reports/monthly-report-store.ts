/**
 * The monthly report computed from the store (S10): each source streamed once with a cursor (no sort, so the
 * store never holds a page in memory to order it), the audit trail by a range on `at` and the actions some
 * figure counts, every record narrowed to the fields the figures read and offered to the figures' reducer
 * (policies/monthly-report.ts). Memory stays that of the tallies, whatever the size of the collections. The
 * same definitions give the store counts a test compares with.
 */
import type { Db } from 'mongodb';
import { addFinding, emptyRunTally } from '../../policies/inspection-report';
import type { InspectionRuleId } from '../../policies/inspection-parameters';
import {
  REPORT_SOURCES,
  addRecord,
  emptyMonthlyTally,
  reportPeriodOf,
  storeReadOf,
  type ReportPeriod,
} from '../../policies/monthly-report';
import { monthlyReportOf, type MonthlyReport } from '../../policies/monthly-report-document';
import type { Severity } from '../../policies/vocabulary';

/** Records the driver asks for at a time: small enough for any document size, large enough to stream. */
const BATCH_SIZE = 500;

/** What the findings' breakdowns read besides the figures' fields. */
const FINDING_FIELDS = ['ruleId', 'ownerUnit', 'partnerId', 'partnerName'] as const;

/** The period of `month` as at `now`: stock figures count what stands now, overdue ones until the month's end at most. */
export function periodAsAt(month: string, now: Date): ReportPeriod {
  const period = reportPeriodOf(month);
  return now.getTime() < period.end.getTime() ? reportPeriodOf(month, now) : period;
}

const msOf = (value: unknown) =>
  value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;

export async function computeMonthlyReport(input: { db: Db; month: string; now: Date }): Promise<MonthlyReport> {
  const period = periodAsAt(input.month, input.now);
  const tally = emptyMonthlyTally();
  const findings = emptyRunTally();
  const partnerNames: Record<string, string> = {};
  for (const source of REPORT_SOURCES) {
    const read = storeReadOf(source, period, source === 'findings' ? FINDING_FIELDS : []);
    const cursor = input.db
      .collection(read.collection)
      .find(read.filter, { projection: read.projection, batchSize: BATCH_SIZE });
    for await (const record of cursor) {
      addRecord(tally, source, record, period);
      if (source !== 'findings') continue;
      const raisedAt = msOf(record.raisedAt);
      if (!(raisedAt >= period.start.getTime() && raisedAt < period.end.getTime())) continue;
      addFinding(findings, {
        ruleId: record.ruleId as InspectionRuleId,
        severity: record.severity as Severity,
        ownerUnit: String(record.ownerUnit),
        subject: { partnerId: String(record.partnerId) },
      });
      if (typeof record.partnerName === 'string') partnerNames[String(record.partnerId)] = record.partnerName;
    }
  }
  return monthlyReportOf({ period, tally, findings, partnerNames, generatedAt: input.now });
}
