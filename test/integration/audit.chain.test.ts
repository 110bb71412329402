import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { appendAuditEvent, hashOf, verifyAuditChain } from '../../src/audit/audit-log';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { connectTestStore, disconnectTestStore, testEnv } from '../support/env';

const DB = 'datapact_test_audit_chain';

beforeAll(async () => {
  await connectTestStore('audit_chain');
});
afterAll(disconnectTestStore);

async function freshChain(length: number) {
  await AuditEventModel.deleteMany({});
  await AuditEventModel.createIndexes();
  for (let i = 1; i <= length; i++) {
    await appendAuditEvent({
      actor: { sub: 'tester', roles: ['system'] },
      action: 'test.step',
      subject: { type: 'Test', id: `t${i}` },
      before: { n: i - 1 },
      after: { n: i },
      reason: `step ${i}`,
    });
  }
}

const raw = () => mongoose.connection.collection('audit_events');

describe('appendAuditEvent', () => {
  it('gives 50 parallel appends from two processes a contiguous, verifiable chain', async () => {
    await AuditEventModel.deleteMany({});
    await AuditEventModel.createIndexes();
    const child = promisify(execFile)(
      path.resolve(__dirname, '../../node_modules/.bin/tsx'),
      [path.resolve(__dirname, '../support/audit-appender.ts'), testEnv().mongoUri, DB, '25', 'child'],
      { timeout: 60_000 },
    );
    const here = Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        appendAuditEvent({
          actor: { sub: 'appender-parent', roles: ['system'] },
          action: 'test.append',
          subject: { type: 'Test', id: `parent-${i}` },
        }),
      ),
    );
    await Promise.all([child, here]);

    const seqs = (await AuditEventModel.find({}, { seq: 1 }).sort({ seq: 1 }).lean()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await AuditEventModel.countDocuments({ 'actor.sub': 'appender-child' })).toBe(25);
    expect(await AuditEventModel.countDocuments({ 'actor.sub': 'appender-parent' })).toBe(25);
    expect(await verifyAuditChain(7)).toMatchObject({ valid: true, events: 50 });
  }, 90_000);

  it('appends a retried event (same key) once', async () => {
    await freshChain(2);
    const input = {
      eventKey: 'partner:p1:v3',
      actor: { sub: 'x', roles: ['system'] },
      action: 'a',
      subject: { type: 'Partner', id: 'p1' },
    };
    const first = await appendAuditEvent(input);
    const again = await appendAuditEvent(input);
    expect(again.seq).toBe(first.seq);
    expect(await AuditEventModel.countDocuments({})).toBe(3);
  });
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
    const stored = await AuditEventModel.findOne({ seq: 4 }).lean();
    const { _id, hash: _old, ...body } = stored as unknown as Record<string, unknown>;
    const forged = { ...body, reason: 'forged' };
    await raw().updateOne({ seq: 4 }, { $set: { reason: 'forged', hash: hashOf(forged as never) } });
    expect(await verifyAuditChain(5)).toMatchObject({
      valid: false,
      firstBrokenSeq: 5,
      problem: 'does not follow the event before it',
    });
  });

  it('detects a deleted event', async () => {
    await freshChain(12);
    await raw().deleteOne({ seq: 9 });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: 9, problem: 'event 9 is missing' });
  });

  it('detects two events swapped in order', async () => {
    await freshChain(12);
    // Renumber: event 6 becomes 5 and event 5 becomes 6 (through a free number: seq is unique).
    await raw().updateOne({ seq: 5 }, { $set: { seq: -5 } });
    await raw().updateOne({ seq: 6 }, { $set: { seq: 5 } });
    await raw().updateOne({ seq: -5 }, { $set: { seq: 6 } });
    expect(await verifyAuditChain(5)).toMatchObject({ valid: false, firstBrokenSeq: 5 });
  });
});
