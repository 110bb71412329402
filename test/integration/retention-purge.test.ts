import mongoose from 'mongoose';
import { createRetentionPurgeActivities } from '../../activities/retention-purge';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import { appendAuditEvent, verifyAuditChain } from '../../src/audit/audit-log';
import { AuditAnchorModel } from '../../src/models/audit-anchor.model';
import { AuditBatchModel } from '../../src/models/audit-batch.model';
import { AuditClaimModel } from '../../src/models/audit-claim.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { AuditPendingModel } from '../../src/models/audit-pending.model';
import { housekeeping } from '../../workflows/housekeeping/housekeeping';
import { startApi, type ApiHarness } from '../support/api';
import { recordHistory } from '../support/histories';

const DAY_MS = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('retention_purge');
});
afterAll(async () => {
  await api?.stop();
});

async function emptyTrail() {
  await Promise.all(
    [AuditEventModel, AuditBatchModel, AuditClaimModel, AuditPendingModel, AuditAnchorModel].map((m) =>
      m.collection.deleteMany({}),
    ),
  );
  await AuditEventModel.createIndexes();
}

/** Events one by one (a batch each), in time order, `days` ago. */
async function eventsAt(days: number[], prefix: string) {
  for (const [i, d] of days.entries())
    await appendAuditEvent({
      eventKey: `${prefix}:${i}`,
      at: daysAgo(d),
      actor: { sub: 'tester', roles: ['system'] },
      action: 'test.step',
      subject: { type: 'Test', id: `${prefix}${i}` },
      after: { n: i },
    });
}

const seqs = async () => (await AuditEventModel.find({}, { seq: 1 }).lean()).map((e) => e.seq).sort((a, b) => a - b);

describe('the retention purge of the audit trail', () => {
  it('deletes the events older than 180 days behind an anchor, once: the rest verifies from it, and an altered event after it is found', async () => {
    await emptyTrail();
    await eventsAt([400, 300, 200, 181, 100, 10, 0], 'aged');
    const run = (workflowId: string) =>
      api.temporal.workflow.execute(housekeeping, { workflowId, taskQueue: api.taskQueue });

    const first = await run('housekeeping-test-retention-1');
    expect(first.retention).toMatchObject({ auditEventsDeleted: 4, auditAnchorSeq: 4 });
    expect(await seqs()).toEqual([5, 6, 7]);
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 3 });
    expect((await run('housekeeping-test-retention-2')).retention).toMatchObject({
      auditEventsDeleted: 0,
      auditAnchorSeq: 4,
    });
    await recordHistory(
      api.temporal.workflow.getHandle('housekeeping-test-retention-1'),
      'housekeeping-retention-purge',
    );

    // New events chain on; the trail still verifies from the anchor.
    await eventsAt([0], 'later');
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 4 });

    // An event after the anchor altered: found at its number.
    const raw = mongoose.connection.collection('audit_events');
    await raw.updateOne({ seq: 5 }, { $set: { action: 'test.forged' } });
    expect(await verifyAuditChain()).toMatchObject({ valid: false, firstBrokenSeq: 5 });
    // Nothing is purged from a trail that does not verify, whatever is due.
    expect((await run('housekeeping-test-retention-3')).retention).toMatchObject({
      auditEventsDeleted: 0,
      auditRefusedAtSeq: 5,
    });
    await raw.updateOne({ seq: 5 }, { $set: { action: 'test.step' } });
    expect(await verifyAuditChain()).toMatchObject({ valid: true });

    // A forged anchor (moved on to hide events that were not due) is found too.
    await AuditAnchorModel.collection.insertOne({
      _id: 6,
      seq: 6,
      hash: 'f'.repeat(64),
      at: new Date(),
      purgedAt: new Date(),
    } as never);
    expect(await verifyAuditChain()).toMatchObject({ valid: false, problem: 'the retained anchor was altered' });
    await AuditAnchorModel.deleteOne({ _id: 6 });
  });

  it('completes a purge stopped after its anchor: the events at or before it go, the trail verifies meanwhile', async () => {
    await emptyTrail();
    await eventsAt([300, 250, 5], 'stopped');
    const last = await AuditEventModel.findOne({ seq: 2 }).lean();
    // As a purge stopped between its two steps leaves it: anchored at 2, nothing deleted yet.
    await AuditAnchorModel.collection.insertOne({
      _id: 2,
      seq: 2,
      hash: last!.hash,
      at: last!.at,
      purgedAt: new Date(),
    } as never);
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 1 });
    const purge = createRetentionPurgeActivities({
      parameters: DEFAULT_PARAMETERS,
      collection: (name) => mongoose.connection.collection(name),
    });
    expect(await purge.purgeAuditEvents({ asOf: new Date().toISOString() })).toMatchObject({
      deleted: 2,
      anchorSeq: 2,
    });
    expect(await seqs()).toEqual([3]);
  });

  it('never goes below the 180-day floor, whatever the configuration and the request say', async () => {
    await emptyTrail();
    await eventsAt([179, 170, 1], 'floor');
    const purge = createRetentionPurgeActivities({
      parameters: { ...DEFAULT_PARAMETERS, logRetentionDays: 1 },
      collection: (name) => mongoose.connection.collection(name),
    });
    const asOf = new Date().toISOString();
    expect(await purge.purgeAuditEvents({ asOf, requestedDays: 0 })).toMatchObject({ deleted: 0, anchorSeq: 0 });
    expect(await seqs()).toEqual([1, 2, 3]);
    // The same events two days later: the first is past the floor, and goes.
    const later = new Date(Date.now() + 2 * DAY_MS).toISOString();
    expect(await purge.purgeAuditEvents({ asOf: later, requestedDays: 0 })).toMatchObject({ deleted: 1, anchorSeq: 1 });
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 2 });
  });
});

describe('the retention purge of the records of provisions', () => {
  it('deletes the records of an agreement ended more than 3 years ago, and none of a younger or running one, even configured below the floor', async () => {
    const db = mongoose.connection;
    const ended = (id: string, status: string, days: number) =>
      db
        .collection('agreements')
        .insertOne({ _id: id, status, endsAt: daysAgo(days), updatedAt: daysAgo(days) } as never);
    await ended('agr-retention-old', 'expired', 3 * 366 + 2);
    await ended('agr-retention-young', 'revoked', 2 * 365);
    await ended('agr-retention-running', 'active', 4 * 365);
    // Records whose `retainUntil` a misconfiguration put in the past: the rules still decide.
    const record = (id: string, agreementId: string) => ({
      _id: id,
      agreementId,
      recordedAt: daysAgo(5 * 365),
      retainUntil: daysAgo(1),
    });
    await db
      .collection('provision_reports')
      .insertMany([
        record('provision:agr-retention-old:v1', 'agr-retention-old'),
        record('provision:agr-retention-young:v1', 'agr-retention-young'),
        record('provision:agr-retention-running:v1', 'agr-retention-running'),
        record('provision:agr-retention-gone:v1', 'agr-retention-gone'),
      ] as never[]);
    await db
      .collection('usage_reports')
      .insertMany([
        record('usage:agr-retention-old:2021-01-01', 'agr-retention-old'),
        { ...record('usage:agr-retention-old:2021-02-01', 'agr-retention-old'), retainUntil: daysAgo(-30) },
      ] as never[]);

    const purge = createRetentionPurgeActivities({
      parameters: { ...DEFAULT_PARAMETERS, provisionRecordRetentionYears: 1, pipiaRecordRetentionYears: 1 },
      collection: (name) => mongoose.connection.collection(name),
    });
    const asOf = new Date().toISOString();
    expect(await purge.purgeProvisionRecords({ asOf, requestedDays: 1 })).toEqual({
      deleted: { provision_reports: 1, usage_reports: 1 },
    });
    expect(await purge.purgeProvisionRecords({ asOf })).toEqual({ deleted: {} });
    const left = async (name: string) =>
      (
        await db
          .collection(name)
          .find({}, { projection: { _id: 1 } })
          .toArray()
      )
        .map((d) => d._id)
        .sort();
    expect(await left('provision_reports')).toEqual([
      'provision:agr-retention-gone:v1',
      'provision:agr-retention-running:v1',
      'provision:agr-retention-young:v1',
    ]);
    // Its own `retainUntil` not reached: kept, though the agreement is old enough.
    expect(await left('usage_reports')).toEqual(['usage:agr-retention-old:2021-02-01']);
  });
});
