/**
 * The Schedule's monthly start (src/schedules.ts): it names the run by the Shanghai month it starts in
 * and starts `inspection-<month>`, waiting for it. A month already inspected (run on demand under the
 * month's name, or started before) is not run again: the start is refused and this ends with nothing.
 */
import { ParentClosePolicy, WorkflowIdReusePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Claims } from '../../policies/abilities';
import { monthlyPeriodOf } from '../../policies/inspection-period';
import { inspectionWorkflowId } from '../ids';
import type { InspectionSummary } from './messages';
import { inspection } from './run';

/** Who asks for the scheduled runs. */
export const SCHEDULER: Claims = { sub: 'system:scheduler', roles: ['system'] };

export async function scheduledInspection(): Promise<InspectionSummary | null> {
  const period = monthlyPeriodOf(workflowInfo().runStartTime);
  try {
    const run = await startChild(inspection, {
      workflowId: inspectionWorkflowId(period),
      args: [{ period, trigger: 'schedule', requestedBy: SCHEDULER }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A month that failed may run again; one that ran is done.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return await run.result();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
    throw err;
  }
}
