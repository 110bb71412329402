/**
 * The monthly inspection's Schedule on the real dev server: created at start-up with the configured cron,
 * overlap skip, once however often the worker starts (a changed cron brought up to date); a run it starts
 * inspects the Shanghai month, and a second start in the same month runs nothing.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { monthlyPeriodOf } from '../../policies/inspection-period';
import { inspectionEntity } from '../../src/entities/inspection';
import { ensureSchedules, schedulesOf } from '../../src/schedules';
import { inspectionWorkflowId } from '../../workflows/ids';
import { eventually, startApi, type ApiHarness } from '../support/api';

/** This file's own Schedules, beside those other test files make on the same server. */
const SUFFIX = `-it-${randomUUID().slice(0, 8)}`;
const SCHEDULE_ID = `datapact-inspection${SUFFIX}`;
let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('inspection_schedule');
}, 120_000);

afterAll(async () => {
  for (const s of schedulesOf()) {
    await api.temporal.schedule
      .getHandle(`${s.id}${SUFFIX}`)
      .delete()
      .catch(() => undefined);
  }
  await api?.stop();
});

describe('the inspection Schedule', () => {
  it('exists once after start-up and after a restart, with the configured cron and overlap skip', async () => {
    const options = { idSuffix: SUFFIX };
    await ensureSchedules(api.temporal, api.taskQueue, { DATAPACT_INSPECTION_CRON: '0 2 1 * *' }, options);
    // A restart with another cron: the same Schedule, its spec brought up to date.
    await ensureSchedules(api.temporal, api.taskQueue, { DATAPACT_INSPECTION_CRON: '30 1 28 * *' }, options);

    // The list is the server's visibility store: it shows a new Schedule a moment later.
    const ids = await eventually(
      async () => {
        const found: string[] = [];
        for await (const s of api.temporal.schedule.list()) found.push(s.scheduleId);
        return found;
      },
      (found) => found.includes(SCHEDULE_ID),
    );
    expect(ids.filter((id) => id === SCHEDULE_ID)).toHaveLength(1);
    const description = await api.temporal.schedule.getHandle(SCHEDULE_ID).describe();
    expect(description.spec.timezone).toBe('Asia/Shanghai');
    expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'scheduledInspection',
      taskQueue: api.taskQueue,
    });
    expect(JSON.stringify(description.spec)).toContain('28');
  });

  it('a triggered run inspects the Shanghai month; a second one in the same month runs nothing', async () => {
    const handle = api.temporal.schedule.getHandle(SCHEDULE_ID);
    await handle.trigger();
    const started = await eventually(
      async () => (await handle.describe()).info.recentActions,
      (actions) => actions.length >= 1,
      30_000,
    );
    const first = api.temporal.workflow.getHandle(started[0]!.action.workflow.workflowId);
    const summary = await first.result();
    const period = monthlyPeriodOf(new Date(started[0]!.takenAt));
    expect(summary).toMatchObject({ period, status: 'completed' });
    const run = await eventually(
      () => inspectionEntity.model.findById(period).lean<{ status?: string; trigger?: string }>(),
      (doc) => doc?.status === 'completed',
    );
    expect(run).toMatchObject({ trigger: 'schedule', status: 'completed' });
    expect(await api.temporal.workflow.getHandle(inspectionWorkflowId(period)).result()).toMatchObject({ period });

    await handle.trigger();
    const again = await eventually(
      async () => (await handle.describe()).info.recentActions,
      (actions) => actions.length >= 2,
      30_000,
    );
    const second = api.temporal.workflow.getHandle(again[1]!.action.workflow.workflowId);
    expect(await second.result()).toBeNull();
    expect((await inspectionEntity.model.findById(period).lean<{ runs?: number }>())?.runs).toBe(1);
  });
});
