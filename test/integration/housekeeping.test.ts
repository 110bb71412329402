import { IdempotencyKeyModel } from '../../src/models/idempotency-key.model';
import { ensureSchedules, SCHEDULES } from '../../src/schedules';
import { housekeeping, IDEMPOTENCY_KEY_LIFETIME_HOURS } from '../../workflows/housekeeping/housekeeping';
import { startApi, type ApiHarness } from '../support/api';
import { recordHistory } from '../support/histories';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('housekeeping');
});
afterAll(async () => {
  for (const s of SCHEDULES)
    await api.temporal.schedule
      .getHandle(s.id)
      .delete()
      .catch(() => undefined);
  await api?.stop();
});

describe('ensureSchedules', () => {
  it('creates every schedule, and a second boot finds them and changes nothing', async () => {
    await ensureSchedules(api.temporal, 'housekeeping-queue');
    await ensureSchedules(api.temporal, 'housekeeping-queue');
    const description = await api.temporal.schedule.getHandle('datapact-housekeeping').describe();
    expect(description.spec.timezone).toBe('Asia/Shanghai');
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'housekeeping',
      taskQueue: 'housekeeping-queue',
    });
    const ids: string[] = [];
    for await (const s of api.temporal.schedule.list()) ids.push(s.scheduleId);
    expect(ids.filter((id) => id === 'datapact-housekeeping')).toHaveLength(1);
  });
});

describe('housekeeping', () => {
  it(`expires Idempotency-Key records older than ${IDEMPOTENCY_KEY_LIFETIME_HOURS} hours, once`, async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600 * 1000);
    await IdempotencyKeyModel.collection.insertMany([
      { _id: 'old-1' as never, bodyHash: 'x', state: 'done', createdAt: hoursAgo(30), updatedAt: hoursAgo(30) },
      { _id: 'old-2' as never, bodyHash: 'x', state: 'in_progress', createdAt: hoursAgo(48), updatedAt: hoursAgo(48) },
      { _id: 'fresh' as never, bodyHash: 'x', state: 'done', createdAt: hoursAgo(1), updatedAt: hoursAgo(1) },
    ]);
    const run = (id: string) =>
      api.temporal.workflow.execute(housekeeping, { workflowId: id, taskQueue: api.taskQueue });

    expect(await run('housekeeping-test-1')).toEqual({ idempotencyKeysDeleted: 2 });
    expect(await run('housekeeping-test-2')).toEqual({ idempotencyKeysDeleted: 0 });
    expect((await IdempotencyKeyModel.find({}, { _id: 1 }).lean()).map((k) => k._id)).toEqual(['fresh']);
    await recordHistory(api.temporal.workflow.getHandle('housekeeping-test-1'), 'housekeeping-expires-keys');
  });
});
