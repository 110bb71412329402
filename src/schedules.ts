import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { logger } from './logger';

/** Every Schedule DataPact runs, in one list. Boot creates each one; one already there has its spec brought up to date. */
export const SCHEDULES = [
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
] as const;

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  for (const schedule of SCHEDULES) {
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
