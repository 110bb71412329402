/**
 * The Schedule's month-end start (src/schedules.ts): just after a Shanghai month ends, it starts
 * `monthly-report-<month>` for that month and waits for it. A month already reported (its workflow ran) is
 * not run again: the start is refused and this ends with nothing.
 */
import { ParentClosePolicy, WorkflowIdReusePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { KeptMonthlyReport } from '../../activities/monthly-report';
import { reportedMonthOf } from '../../policies/monthly-report';
import { monthlyReportWorkflowId } from '../ids';
import { SCHEDULER } from '../inspection/scheduled';
import { monthlyReport } from './report';

export async function scheduledMonthlyReport(): Promise<KeptMonthlyReport | null> {
  const month = reportedMonthOf(workflowInfo().runStartTime);
  try {
    const run = await startChild(monthlyReport, {
      workflowId: monthlyReportWorkflowId(month),
      args: [{ month, requestedBy: SCHEDULER.sub }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A month whose report failed may run again; one that was kept is done.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return await run.result();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
    throw err;
  }
}
