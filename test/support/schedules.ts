/**
 * A test file's own Schedules on the shared dev server (`ensureSchedules` with an id suffix, beside those
 * other test files make), what every one of ours is declared with, and runs started by triggering one.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import { schedulesOf } from '../../src/schedules';
import { eventually } from './api';

/** An id suffix of this file's own: `-<tag>-<8 random hex digits>`. */
export const scheduleSuffix = (tag: string) => `-${tag}-${randomUUID().slice(0, 8)}`;

/** Deletes each declared Schedule under `suffix` (one never made is no error). */
export async function deleteSchedules(temporal: Client, suffix: string): Promise<void> {
  for (const s of schedulesOf()) {
    await temporal.schedule
      .getHandle(`${s.id}${suffix}`)
      .delete()
      .catch(() => undefined);
  }
}

/**
 * Expects the server to list the Schedule exactly once, in Shanghai time with overlap skip, starting
 * `workflowType` on `taskQueue`; its description, for what else the test expects of it.
 */
export async function expectOneSchedule(
  temporal: Client,
  scheduleId: string,
  workflowType: string,
  taskQueue: string,
): Promise<ScheduleDescription> {
  // The list is the server's visibility store: it shows a new Schedule a moment later.
  const ids = await eventually(
    async () => {
      const found: string[] = [];
      for await (const s of temporal.schedule.list()) found.push(s.scheduleId);
      return found;
    },
    (found) => found.includes(scheduleId),
  );
  expect(ids.filter((id) => id === scheduleId)).toHaveLength(1);
  const description = await temporal.schedule.getHandle(scheduleId).describe();
  expect(description.spec.timezone).toBe('Asia/Shanghai');
  expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType, taskQueue });
  return description;
}

/**
 * Triggers the Schedule and waits until it has taken its `nth` action (1 for the first); the run that
 * action started, and when it was taken.
 */
export async function triggerRun(temporal: Client, scheduleId: string, nth: number) {
  const handle = temporal.schedule.getHandle(scheduleId);
  await handle.trigger();
  const actions = await eventually(
    async () => (await handle.describe()).info.recentActions,
    (taken) => taken.length >= nth,
    30_000,
  );
  const action = actions[nth - 1]!;
  return { run: temporal.workflow.getHandle(action.action.workflow.workflowId), takenAt: new Date(action.takenAt) };
}
