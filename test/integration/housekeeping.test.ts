import type { AxiosInstance } from 'axios';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { PartnerModel } from '../../src/entities/partner';
import { IdempotencyHolderModel, IdempotencyKeyModel } from '../../src/models/idempotency-key.model';
import { partnerIdOf } from '../../src/services/partners';
import { ensureSchedules, SCHEDULES } from '../../src/schedules';
import { housekeeping, IDEMPOTENCY_KEY_LIFETIME_HOURS } from '../../workflows/housekeeping/housekeeping';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';
import { recordHistory } from '../support/histories';

let api: ApiHarness;
let requester: AxiosInstance;
beforeAll(async () => {
  api = await startApi('housekeeping');
  requester = await api.client(users.requesterA);
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

    expect(await run('housekeeping-test-1')).toMatchObject({ idempotencyKeysDeleted: 2 });
    expect(await run('housekeeping-test-2')).toMatchObject({ idempotencyKeysDeleted: 0 });
    expect((await IdempotencyKeyModel.find({}, { _id: 1 }).lean()).map((k) => k._id)).toEqual(['fresh']);
    await recordHistory(api.temporal.workflow.getHandle('housekeeping-test-1'), 'housekeeping-expires-keys');
  });

  it("deletes the leases of API processes silent for a day, not a live one's", async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600 * 1000);
    await IdempotencyHolderModel.collection.insertMany([
      { _id: 'dead-host:1:a' as never, heartbeatAt: hoursAgo(30) },
      { _id: 'live-host:2:b' as never, heartbeatAt: new Date() },
    ]);
    const result = await api.temporal.workflow.execute(housekeeping, {
      workflowId: 'housekeeping-test-leases',
      taskQueue: api.taskQueue,
    });
    expect(result.idempotencyHoldersDeleted).toBe(1);
    const left = (await IdempotencyHolderModel.find({}, { _id: 1 }).lean()).map((h) => h._id);
    expect(left).toContain('live-host:2:b');
    expect(left).not.toContain('dead-host:1:a');
  });

  it('withdraws a partner an older version left nominated without its workflow, once: its credit code may be nominated again', async () => {
    // As the API before the kit wrote them: the document first, then the workflow's start, which never came.
    const strand = async () => {
      const nomination = aNomination();
      const id = partnerIdOf(nomination.creditCode);
      const now = new Date();
      await PartnerModel.collection.insertOne({
        _id: id as never,
        ...nomination,
        status: 'nominated',
        nominatedBy: users.requesterA.sub,
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
      return { nomination, id };
    };
    const stranded = await strand();
    // Nominated again before any repair: the workflow's first version replaces the stranded document.
    const renominated = await strand();
    const again = await requester.post('/api/partners', renominated.nomination);
    expect([again.status, again.data.id]).toEqual([201, renominated.id]);
    // A partner whose workflow runs, set back to `nominated` in the store: not stranded, left alone.
    const live = await requester.post('/api/partners', aNomination());
    expect(live.status).toBe(201);
    await eventually(
      () => PartnerModel.findById(live.data.id).lean<{ status: string }>(),
      (p) => p?.status === 'vetting',
    );
    await PartnerModel.collection.updateOne({ _id: live.data.id }, { $set: { status: 'nominated' } });

    const run = (workflowId: string) =>
      api.temporal.workflow.execute(housekeeping, { workflowId, taskQueue: api.taskQueue });
    expect((await run('housekeeping-test-stranded-1')).strandedNominationsRepaired).toEqual([stranded.id]);
    expect((await run('housekeeping-test-stranded-2')).strandedNominationsRepaired).toEqual([]);

    expect(await PartnerModel.exists({ _id: live.data.id })).toBeTruthy();
    expect(await PartnerModel.exists({ _id: renominated.id })).toBeTruthy();
    expect(await PartnerModel.exists({ _id: stranded.id })).toBeNull();
    const events = await AuditEventModel.find({ 'subject.id': stranded.id }).lean();
    expect(events.map((e) => [e.action, e.actor.sub, e.why?.code])).toEqual([
      ['partner.nomination_withdrawn', 'system:housekeeping', 'partner.stranded_without_workflow'],
    ]);
    const nominated = await requester.post('/api/partners', stranded.nomination);
    expect([nominated.status, nominated.data.id]).toEqual([201, stranded.id]);
    await recordHistory(
      api.temporal.workflow.getHandle('housekeeping-test-stranded-1'),
      'housekeeping-repairs-stranded',
    );
  });
});
