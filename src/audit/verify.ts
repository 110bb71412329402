/**
 * Verifying the audit trail end to end: each event's hash recomputed from its content, each hash the
 * one its batch recorded when it was sequenced, each event chained to the one before, and the batches
 * chained head to head. Two plain scans (the store sorts and ranges nothing cheaply: a sorted page
 * would read the whole trail each time), the events kept in memory by number as a few short strings
 * each, then checked in order, so that the first problem names its sequence number.
 */
import type { Document } from 'mongodb';
import { AuditBatchModel } from '../models/audit-batch.model';
import { AuditEventModel } from '../models/audit-event.model';
import { GENESIS_HASH, hashOf } from './event-hash';

export type ChainVerdict =
  | { valid: true; events: number; headHash: string }
  | { valid: false; events: number; firstBrokenSeq: number; problem: string };

/** The head to verify up to: later events are still being stored. */
export interface VerifiedHead {
  n: number;
  lastSeq: number;
  headHash: string;
}

interface BatchRecord {
  _id: number;
  firstSeq: number;
  lastSeq: number;
  prevHash: string;
  headHash: string;
  hashes?: string[];
}

interface EventRecord {
  prevHash: string;
  hash: string;
  intact: boolean;
}

export async function verifyAuditTrail(head: VerifiedHead, batchSize: number): Promise<ChainVerdict> {
  const { recorded, batchProblems } = await readBatches(head, batchSize);
  const { events, eventProblems } = await readEvents(head, batchSize);
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= head.lastSeq; seq++) {
    const event = events.get(seq);
    const problem =
      eventProblems.get(seq) ??
      (!event
        ? `event ${seq} is missing`
        : !event.intact
          ? 'its content does not match its hash'
          : recorded.has(seq) && recorded.get(seq) !== event.hash
            ? 'its hash is not the one recorded when it was sequenced'
            : event.prevHash !== prevHash
              ? 'does not follow the event before it'
              : batchProblems.get(seq));
    if (problem) return { valid: false, events: seq - 1, firstBrokenSeq: seq, problem };
    prevHash = event!.hash;
  }
  return { valid: true, events: head.lastSeq, headHash: head.headHash };
}

/** The hash each event was given when sequenced, and what is wrong with the batch records, by first sequence number. */
async function readBatches(head: VerifiedHead, batchSize: number) {
  const batches = new Map<number, BatchRecord>();
  for await (const doc of AuditBatchModel.collection.find({}, { projection: { keys: 0 }, batchSize })) {
    const batch = doc as unknown as BatchRecord;
    if (batch._id <= head.n) batches.set(batch._id, batch);
  }
  const recorded = new Map<number, string>();
  const batchProblems = new Map<number, string>();
  const note = (seq: number, problem: string) => {
    if (!batchProblems.has(seq)) batchProblems.set(seq, problem);
  };
  let before: BatchRecord | undefined;
  for (let n = 0; n <= head.n; n++) {
    const batch = batches.get(n);
    const expectedFirst = before ? before.lastSeq + 1 : 1;
    if (!batch) {
      note(expectedFirst, `the record of batch ${n}, which sequenced it, is missing`);
      before = undefined;
      continue;
    }
    const hashes = batch.hashes ?? [];
    const anchor = n === 0;
    const consistent = anchor
      ? batch.firstSeq === 1 && batch.prevHash === GENESIS_HASH && hashes.length === 0
      : batch.firstSeq === expectedFirst &&
        (!before || batch.prevHash === before.headHash) &&
        hashes.length === batch.lastSeq - batch.firstSeq + 1 &&
        hashes[hashes.length - 1] === batch.headHash;
    if (!consistent) note(batch.firstSeq, `the record of batch ${n}, which sequenced it, was altered`);
    hashes.forEach((hash, i) => recorded.set(batch.firstSeq + i, hash));
    // The anchor recorded only the head of the trail before the batches.
    if (anchor && batch.lastSeq > 0) recorded.set(batch.lastSeq, batch.headHash);
    before = batch;
  }
  return { recorded, batchProblems };
}

async function readEvents(head: VerifiedHead, batchSize: number) {
  const events = new Map<number, EventRecord>();
  const eventProblems = new Map<number, string>();
  for await (const doc of AuditEventModel.collection.find({}, { batchSize })) {
    const { hash, ...body } = doc as unknown as Document & { seq: unknown; prevHash: string; hash: string };
    const seq = body.seq;
    // Events after the head are being stored by a sequencer right now.
    if (typeof seq !== 'number' || seq < 1 || seq > head.lastSeq) continue;
    if (events.has(seq)) eventProblems.set(seq, `two events carry number ${seq}`);
    events.set(seq, { prevHash: body.prevHash, hash, intact: hashOf(body) === hash });
  }
  return { events, eventProblems };
}
