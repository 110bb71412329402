import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { IncidentActivities } from '../../activities/incidents';
import type { NotifyActivities } from '../../activities/notify';
import { drillScheduleOf } from '../../policies/incident-deadlines';
import { shanghaiDateOf } from '../../policies/calendar';

const { drillStatus } = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});
const { notify } = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

const DAY_MS = 24 * 3600 * 1000;
/** An overdue drill is recalled to the DSO once a week until one is held. */
const OVERDUE_REMINDER_DAYS = 7;

/**
 * The emergency-drill cadence (应急演练, R4, R26), run daily by its Schedule (src/schedules.ts): once the next
 * drill is within its reminder window the DSO is told (once), and once it is overdue, once a week.
 */
export async function drillReminder(): Promise<{ dueAt: string; remind: boolean; overdue: boolean }> {
  // The run's own start time, so that a retry or a replay decides the same.
  const now = workflowInfo().runStartTime;
  const status = await drillStatus();
  const schedule = drillScheduleOf({
    ...(status.lastDrillAt ? { lastDrillAt: new Date(status.lastDrillAt) } : {}),
    since: new Date(status.since),
    now,
    params: status.params,
  });
  const dueDate = shanghaiDateOf(schedule.dueAt);
  if (schedule.remind) {
    const week = schedule.overdue
      ? Math.floor((now.getTime() - schedule.dueAt.getTime()) / (OVERDUE_REMINDER_DAYS * DAY_MS))
      : -1;
    await notify({
      key: schedule.overdue ? `drill:${dueDate}:overdue:${week}` : `drill:${dueDate}:due`,
      recipient: 'role:dso',
      template: schedule.overdue ? 'incident.drill_overdue' : 'incident.drill_due',
      params: { dueDate, ...(status.lastDrillAt ? { lastDrillAt: status.lastDrillAt } : {}) },
      dueAt: schedule.dueAt.toISOString(),
    });
  }
  return { dueAt: schedule.dueAt.toISOString(), remind: schedule.remind, overdue: schedule.overdue };
}
