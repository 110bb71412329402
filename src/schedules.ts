import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  OVERVIEW_REFRESH_WORKFLOW_ID,
  SCHEDULED_INSPECTION_WORKFLOW_ID,
  SCHEDULED_MONTHLY_REPORT_WORKFLOW_ID,
} from '../workflows/ids';
import type { Config } from './config';
import { logger } from './logger';

/** What the Schedules' specs read of the configuration. */
export type ScheduleConfig = Pick<Config, 'DATAPACT_INSPECTION_CRON' | 'DATAPACT_OVERVIEW_CRON'>;

const DEFAULTS: ScheduleConfig = { DATAPACT_INSPECTION_CRON: '0 2 1 * *', DATAPACT_OVERVIEW_CRON: '* * * * *' };

/** Every Schedule DataPact runs, in one list. Boot creates each one; one already there has its spec brought up to date. */
export function schedulesOf(config: ScheduleConfig = DEFAULTS) {
  return [
    {
      id: 'datapact-housekeeping',
      workflowType: 'housekeeping',
      workflowId: 'housekeeping',
      // 03:30 Beijing time, every day.
      spec: { cronExpressions: ['30 3 * * *'], timezone: 'Asia/Shanghai' },
      overlap: ScheduleOverlapPolicy.SKIP,
    },
    {
      id: 'datapact-drill-reminder',
      workflowType: 'drillReminder',
      workflowId: 'drill-reminder',
      // 09:00 Beijing time, every day: the DSO hears of a drill due soon, then weekly of one overdue.
      spec: { cronExpressions: ['0 9 * * *'], timezone: 'Asia/Shanghai' },
      overlap: ScheduleOverlapPolicy.SKIP,
    },
    {
      // The special inspection (专项排查, issue 14): monthly by default; a run still going when the next is due is not doubled.
      id: 'datapact-inspection',
      workflowType: 'scheduledInspection',
      workflowId: SCHEDULED_INSPECTION_WORKFLOW_ID,
      spec: { cronExpressions: [config.DATAPACT_INSPECTION_CRON], timezone: 'Asia/Shanghai' },
      overlap: ScheduleOverlapPolicy.SKIP,
    },
    {
      // The monthly report (S10): 00:30 Beijing time on the 1st, for the month that has just ended.
      id: 'datapact-monthly-report',
      workflowType: 'scheduledMonthlyReport',
      workflowId: SCHEDULED_MONTHLY_REPORT_WORKFLOW_ID,
      spec: { cronExpressions: ['30 0 1 * *'], timezone: 'Asia/Shanghai' },
      overlap: ScheduleOverlapPolicy.SKIP,
    },
    {
      // The overview's counts (GET /api/overview), every minute by default; a refresh still counting when the next is due is not doubled.
      id: 'datapact-overview',
      workflowType: 'refreshOverview',
      workflowId: OVERVIEW_REFRESH_WORKFLOW_ID,
      spec: { cronExpressions: [config.DATAPACT_OVERVIEW_CRON], timezone: 'Asia/Shanghai' },
      overlap: ScheduleOverlapPolicy.SKIP,
    },
  ] as const;
}

/** The Schedules with the default configuration. */
export const SCHEDULES = schedulesOf();

/**
 * Creates each Schedule, or brings one already there up to date. `idSuffix` names a set of its own (a test's,
 * beside the others on a shared server); a deployment has none.
 */
export async function ensureSchedules(
  client: Client,
  taskQueue: string,
  config: ScheduleConfig = DEFAULTS,
  options: { idSuffix?: string } = {},
): Promise<void> {
  for (const defined of schedulesOf(config)) {
    const schedule = { ...defined, id: `${defined.id}${options.idSuffix ?? ''}` };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: schedule.workflowType,
      workflowId: schedule.workflowId,
      taskQueue,
      args: [],
    };
    try {
      await client.schedule.create({
        scheduleId: schedule.id,
        spec: { cronExpressions: [...schedule.spec.cronExpressions], timezone: schedule.spec.timezone },
        action,
        policies: { overlap: schedule.overlap },
      });
      logger.info({ scheduleId: schedule.id }, 'schedule created');
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(schedule.id).update((previous) => ({
        ...previous,
        spec: { cronExpressions: [...schedule.spec.cronExpressions], timezone: schedule.spec.timezone },
        action,
        policies: { ...previous.policies, overlap: schedule.overlap },
      }));
    }
  }
}
