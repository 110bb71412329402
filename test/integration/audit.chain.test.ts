import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import {
  GENESIS_HASH,
  appendAuditEvent,
  hashOf,
  sequencePending,
  verifyAuditChain,
  type StoredAuditEvent,
} from '../../src/audit/audit-log';
import type { AuditEventBody } from '../../src/audit/audit-event';
import { createAuditSequencer, SequencerHalted, type SequencerStep } from '../../src/audit/sequencer';
import { AuditBatchModel } from '../../src/models/audit-batch.model';
import { AuditClaimModel } from '../../src/models/audit-claim.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { AuditPendingModel } from '../../src/models/audit-pending.model';
import { connectTestStore, disconnectTestStore, testEnv } from '../support/env';
import { eventually } from '../support/api';

const DB = 'datapact_test_audit_chain';
const APPENDER = path.resolve(__dirname, '../support/audit-appender.ts');
const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');

beforeAll(async () => {
  await connectTestStore('audit_chain');
});
afterAll(disconnectTestStore);

const raw = () => mongoose.connection.collection('audit_events');

async function emptyTrail() {
  await Promise.all([
    AuditEventModel.deleteMany({}),
    AuditBatchModel.deleteMany({}),
    AuditClaimModel.deleteMany({}),
    AuditPendingModel.deleteMany({}),
  ]);
  await AuditEventModel.createIndexes();
}

function step(i: number, extra: Partial<AuditEventBody> = {}): AuditEventBody {
  return {
    eventKey: `step:${i}`,
    at: new Date(),
    actor: { sub: 'tester', roles: ['system'] },
    action: 'test.step',
    subject: { type: 'Test', id: `t${i}` },
    before: { n: i - 1 },
    after: { n: i },
    reason: `step ${i}`,
    ...extra,
  };
}

/** A chain of `length` events: the first half one by one (a batch each), the rest at once (shared batches). */
async function freshChain(length: number) {
  await emptyTrail();
  const half = Math.ceil(length / 2);
  for (let i = 1; i <= half; i++) await appendAuditEvent(step(i));
  await Promise.all(Array.from({ length: length - half }, (_, k) => appendAuditEvent(step(half + k + 1))));
}

const seqsInTrail = async () =>
  (await AuditEventModel.find({}, { seq: 1 }).lean()).map((e) => e.seq).sort((a, b) => a - b);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('appendAuditEvent', () => {
  it('resolves with the event stored, numbered and chained to the one before', async () => {
    await emptyTrail();
    const first = await appendAuditEvent(step(1));
    const second = await appendAuditEvent(step(2));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, eventKey: 'step:1' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(await AuditEventModel.findById('step:2').lean()).toMatchObject({ seq: 2, hash: second.hash });
  });

  it('gives 400 concurrent appends from two processes one gap-free chain, each event once', async () => {
    await emptyTrail();
    const child = promisify(execFile)(TSX, [APPENDER, testEnv().mongoUri, DB, 'child', 'burst', '200'], {
      timeout: 120_000,
    });
    // Appends here once the other process has begun, in rounds as it does.
    await eventually(
      () => AuditPendingModel.exists({ _id: 'child:0' }),
      (found) => found !== null,
      90_000,
    );
    for (let from = 0; from < 200; from += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          appendAuditEvent({
            eventKey: `parent:${from + k}`,
            actor: { sub: 'appender-parent', roles: ['system'] },
            action: 'test.append',
            subject: { type: 'Test', id: `parent-${from + k}` },
          }),
        ),
      );
    }
    await child;

    expect(await seqsInTrail()).toEqual(upTo(400));
    const keys = (await AuditEventModel.find({}, { eventKey: 1 }).lean()).map((e) => e.eventKey);
    expect(new Set(keys).size).toBe(400);
    expect(keys.filter((k) => k.startsWith('child:'))).toHaveLength(200);
    expect(await verifyAuditChain(50)).toMatchObject({ valid: true, events: 400 });
    await sequencePending();
    expect(await AuditPendingModel.countDocuments({})).toBe(0);
  }, 150_000);

  it('gives two sequencers racing for the same batch numbers one gap-free chain', async () => {
    await emptyTrail();
    const other = createAuditSequencer();
    await Promise.all([
      ...Array.from({ length: 120 }, (_, i) => appendAuditEvent(step(i, { eventKey: `a:${i}` }))),
      ...Array.from({ length: 120 }, (_, i) => other.append(step(i, { eventKey: `b:${i}` }))),
    ]);
    expect(await seqsInTrail()).toEqual(upTo(240));
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 240 });
  }, 120_000);

  it('appends a retried event (same key) once, and returns the first', async () => {
    await freshChain(2);
    const input = {
      eventKey: 'partner:p1:v3',
      actor: { sub: 'x', roles: ['system'] },
      action: 'a',
      subject: { type: 'Partner', id: 'p1' },
    };
    const first = await appendAuditEvent({ ...input, reason: 'first' });
    const again = await appendAuditEvent({ ...input, reason: 'second' });
    expect(again).toEqual(first);
    expect(again.reason).toBe('first');
    // After the intake is cleared, the claim still knows the key: here, and in a process started since.
    await sequencePending();
    expect(await AuditPendingModel.countDocuments({})).toBe(0);
    await appendAuditEvent(step(4));
    expect(await appendAuditEvent({ ...input, reason: 'much later' })).toEqual(first);
    await sequencePending();
    const restarted = createAuditSequencer();
    expect(await restarted.append(step(5, { eventKey: input.eventKey, reason: 'after a restart' }))).toEqual(first);
    expect(await AuditEventModel.countDocuments({})).toBe(4);
  });

  it('makes retries racing in two sequencers one event', async () => {
    await freshChain(2);
    const other = createAuditSequencer();
    const retry = (reason: string) => step(9, { eventKey: 'partner:p2:v1', reason });
    const results = await Promise.all([
      appendAuditEvent(retry('a')),
      appendAuditEvent(retry('b')),
      other.append(retry('c')),
      other.append(retry('d')),
    ]);
    expect(new Set(results.map((e) => e.hash)).size).toBe(1);
    expect(await AuditEventModel.countDocuments({ eventKey: 'partner:p2:v1' })).toBe(1);
    expect(await seqsInTrail()).toEqual(upTo(3));
  });

  it('numbers the events of one batch in the order of their time', async () => {
    await emptyTrail();
    const base = Date.parse('2026-03-01T08:00:00Z');
    const minutes = [7, 3, 9, 1, 5, 8, 2, 6, 4, 0];
    // Queued by a process that stops after its intake, so that one batch takes them all.
    const queuing = createAuditSequencer({ haltAfter: 'intake' });
    await queuing.settledHead();
    await Promise.allSettled(minutes.map((m) => queuing.append(step(m, { at: new Date(base + m * 60_000) }))));

    await sequencePending();
    const events = await AuditEventModel.find({}).lean();
    const byTime = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
    expect(byTime.map((e) => e.seq)).toEqual(upTo(10));
    const batch = await AuditBatchModel.findById(1).lean();
    expect(batch).toMatchObject({ firstSeq: 1, lastSeq: 10, keys: byTime.map((e) => e.eventKey) });
  });
});

describe('a sequencer killed between its steps', () => {
  it.each<SequencerStep>(['intake', 'claim', 'batch', 'store'])(
    'after its %s step loses nothing and sequences nothing twice once another process sweeps',
    async (haltAfter) => {
      await freshChain(3);
      const dying = createAuditSequencer({ haltAfter });
      await dying.settledHead();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => dying.append(step(10 + i, { eventKey: `left:${i}` }))),
      );
      expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof SequencerHalted)).toBe(true);
      const holding = async () => (await AuditBatchModel.find({}).lean()).filter((b) => b.keys.includes('left:0'));
      const numbered = await holding();

      await sequencePending();

      expect(await seqsInTrail()).toEqual(upTo(13));
      const keys = (await AuditEventModel.find({}, { eventKey: 1 }).lean()).map((e) => e.eventKey);
      expect(keys.filter((k) => k.startsWith('left:'))).toHaveLength(10);
      // A batch the dying sequencer wrote keeps its numbers: it is completed, not sequenced again.
      expect(numbered).toHaveLength(haltAfter === 'batch' || haltAfter === 'store' ? 1 : 0);
      expect(await holding()).toEqual(
        numbered.length ? [expect.objectContaining({ _id: numbered[0]!._id })] : [expect.anything()],
      );
      expect(await AuditPendingModel.countDocuments({})).toBe(0);
      expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 13 });
      // The caller's retry finds its event.
      const retried = await appendAuditEvent(step(10, { eventKey: 'left:0' }));
      expect(await AuditEventModel.findById('left:0').lean()).toMatchObject({ seq: retried.seq, hash: retried.hash });
      expect(await AuditEventModel.countDocuments({})).toBe(13);
    },
  );

  it('has the batch of a sequencer that died completed by the next append of another', async () => {
    await freshChain(3);
    const dying = createAuditSequencer({ haltAfter: 'batch' });
    await dying.settledHead();
    await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => dying.append(step(10 + i, { eventKey: `left:${i}` }))),
    );
    const next = await createAuditSequencer({ storeGraceMs: 200 }).append(step(20));
    expect(next.seq).toBe(9);
    expect(await seqsInTrail()).toEqual(upTo(9));
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 9 });
  });

  it('loses nothing when an appending process is killed mid-run', async () => {
    await emptyTrail();
    // Node with tsx's loader, not the tsx wrapper: one process, which SIGKILL ends at once.
    const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, testEnv().mongoUri, DB, 'killed', 'loop'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const reported: string[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      reported.push(...lines);
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await eventually(
      async () => reported.length,
      (n) => n >= 60,
      90_000,
    );
    child.kill('SIGKILL');
    await exited;
    const queued = (await AuditPendingModel.find({}, { _id: 1 }).lean()).map((d) => String(d._id));
    const claimed = (await AuditClaimModel.find({}, { _id: 1 }).lean()).map((d) => String(d._id));

    await sequencePending();

    const inTrail = (await AuditEventModel.find({}, { eventKey: 1 }).lean()).map((e) => e.eventKey);
    expect(new Set(inTrail).size).toBe(inTrail.length);
    expect(inTrail).toEqual(expect.arrayContaining([...reported, ...queued, ...claimed]));
    expect(await seqsInTrail()).toEqual(upTo(inTrail.length));
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: inTrail.length });
  }, 150_000);
});

describe('verifyAuditChain', () => {
  it('finds an intact chain valid', async () => {
    await freshChain(12);
    expect(await verifyAuditChain(5)).toMatchObject({ valid: true, events: 12 });
  });

  it('detects an edited event and names its sequence number', async () => {
    await freshChain(12);
    await raw().updateOne({ seq: 7 }, { $set: { reason: 'nothing happened here' } });
    expect(await verifyAuditChain(5)).toMatchObject({
      valid: false,
      firstBrokenSeq: 7,
      problem: 'its content does not match its hash',
    });
  });

  it("detects an edit that also recomputes the edited event's own hash", async () => {
    await freshChain(12);
    await rehash(4, { reason: 'forged' });
    expect(await verifyAuditChain(5)).toMatchObject({
      valid: false,
      firstBrokenSeq: 4,
      problem: 'its hash is not the one recorded when it was sequenced',
    });
  });

  it('detects an edit that rewrites every hash after it, at the edited event', async () => {
    await freshChain(12);
    let prevHash = await rehash(4, { reason: 'forged' });
    for (let seq = 5; seq <= 12; seq++) prevHash = await rehash(seq, { prevHash });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: 4 });
  });

  it('detects a deleted event, also the last one', async () => {
    await freshChain(12);
    await raw().deleteOne({ seq: 9 });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: 9, problem: 'event 9 is missing' });
    await freshChain(12);
    await raw().deleteOne({ seq: 12 });
    expect(await verifyAuditChain(5)).toMatchObject({
      valid: false,
      firstBrokenSeq: 12,
      problem: 'event 12 is missing',
    });
  });

  it('detects two events swapped in order', async () => {
    await freshChain(12);
    // Renumber: event 6 becomes 5 and event 5 becomes 6 (through a free number: seq is unique).
    await raw().updateOne({ seq: 5 }, { $set: { seq: -5 } });
    await raw().updateOne({ seq: 6 }, { $set: { seq: 5 } });
    await raw().updateOne({ seq: -5 }, { $set: { seq: 6 } });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: 5 });
  });

  it('detects an altered batch record at the first event it sequenced', async () => {
    await freshChain(12);
    const last = await AuditBatchModel.findOne({ lastSeq: 12 }).lean();
    await mongoose.connection
      .collection('audit_batches')
      .updateOne({ _id: last!._id } as never, { $set: { headHash: 'f'.repeat(64) } });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: last!.firstSeq });
  });
});

describe('a trail appended before the batch sequencer', () => {
  /** Events as the appender before the batch sequencer stored them: ObjectId, chained one by one. */
  async function legacyChain(length: number): Promise<StoredAuditEvent[]> {
    await emptyTrail();
    const events: StoredAuditEvent[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= length; seq++) {
      const { eventKey: _key, ...rest } = step(seq);
      const body = { seq, eventKey: `legacy:${seq}`, ...rest, prevHash };
      const event = { ...body, hash: hashOf(body) };
      events.push(event);
      prevHash = event.hash;
    }
    await raw().insertMany(events.map((e) => ({ ...e })));
    return events;
  }

  it('goes on numbering after its last event, and knows its keys', async () => {
    const legacy = await legacyChain(5);
    const next = await appendAuditEvent(step(6));
    expect(next).toMatchObject({ seq: 6, prevHash: legacy[4]!.hash });
    const retried = await appendAuditEvent(step(3, { eventKey: 'legacy:3' }));
    expect(retried).toMatchObject({ seq: 3, hash: legacy[2]!.hash });
    expect(await seqsInTrail()).toEqual(upTo(6));
    expect(await verifyAuditChain()).toMatchObject({ valid: true, events: 6 });
  });

  it('still names an edited event before the batches', async () => {
    await legacyChain(5);
    await appendAuditEvent(step(6));
    await raw().updateOne({ seq: 2 }, { $set: { reason: 'rewritten' } });
    expect(await verifyAuditChain()).toMatchObject({ valid: false, firstBrokenSeq: 2 });
  });
});

/** Rewrites the stored event `seq` with `changes` and a hash recomputed to match; returns that hash. */
async function rehash(seq: number, changes: Record<string, unknown>): Promise<string> {
  const stored = (await raw().findOne({ seq })) as Record<string, unknown>;
  const { _id, hash: _old, ...body } = stored;
  const hash = hashOf({ ...body, ...changes });
  await raw().updateOne({ seq }, { $set: { ...changes, hash } });
  return hash;
}
