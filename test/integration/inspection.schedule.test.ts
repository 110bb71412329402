/**
 * The monthly inspection's Schedule on the real dev server: created at start-up with the configured cron,
 * overlap skip, once however often the worker starts (a changed cron brought up to date); a run it starts
 * inspects the Shanghai month, and a second start in the same month runs nothing.
 */
import { monthlyPeriodOf } from '../../policies/inspection-period';
import { inspectionEntity } from '../../src/entities/inspection';
import { ensureSchedules } from '../../src/schedules';
import { inspectionWorkflowId } from '../../workflows/ids';
import { eventually, startApi, type ApiHarness } from '../support/api';
import { deleteSchedules, expectOneSchedule, scheduleSuffix, triggerRun } from '../support/schedules';

/** This file's own Schedules, beside those other test files make on the same server. */
const SUFFIX = scheduleSuffix('it');
const SCHEDULE_ID = `datapact-inspection${SUFFIX}`;
let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('inspection_schedule');
}, 120_000);

afterAll(async () => {
  await deleteSchedules(api.temporal, SUFFIX);
  await api?.stop();
});

describe('the inspection Schedule', () => {
  it('exists once after start-up and after a restart, with the configured cron and overlap skip', async () => {
    const options = { idSuffix: SUFFIX };
    await ensureSchedules(
      api.temporal,
      api.taskQueue,
      { DATAPACT_INSPECTION_CRON: '0 2 1 * *', DATAPACT_OVERVIEW_CRON: '* * * * *' },
      options,
    );
    // A restart with another cron: the same Schedule, its spec brought up to date.
    await ensureSchedules(
      api.temporal,
      api.taskQueue,
      { DATAPACT_INSPECTION_CRON: '30 1 28 * *', DATAPACT_OVERVIEW_CRON: '* * * * *' },
      options,
    );

    const description = await expectOneSchedule(api.temporal, SCHEDULE_ID, 'scheduledInspection', api.taskQueue);
    expect(JSON.stringify(description.spec)).toContain('28');
  });

  it('a triggered run inspects the Shanghai month; a second one in the same month runs nothing', async () => {
    const first = await triggerRun(api.temporal, SCHEDULE_ID, 1);
    const summary = await first.run.result();
    const period = monthlyPeriodOf(first.takenAt);
    expect(summary).toMatchObject({ period, status: 'completed' });
    const run = await eventually(
      () => inspectionEntity.model.findById(period).lean<{ status?: string; trigger?: string }>(),
      (doc) => doc?.status === 'completed',
    );
    expect(run).toMatchObject({ trigger: 'schedule', status: 'completed' });
    expect(await api.temporal.workflow.getHandle(inspectionWorkflowId(period)).result()).toMatchObject({ period });

    const second = await triggerRun(api.temporal, SCHEDULE_ID, 2);
    expect(await second.run.result()).toBeNull();
    expect((await inspectionEntity.model.findById(period).lean<{ runs?: number }>())?.runs).toBe(1);
  });
});
