/**
 * Verifying the audit trail end to end: each event's hash recomputed from its content, each hash the
 * one its batch recorded when it was sequenced, each event chained to the one before, and the batches
 * chained head to head. Two plain scans (the store sorts and ranges nothing cheaply: a sorted page
 * would read the whole trail each time), the events kept in memory by number as a few short strings
 * each, then checked in order, so that the first problem names its sequence number. After a retention
 * purge the trail starts at its anchor (`audit_anchors`): the events after it are verified from the
 * anchor's hash, which must be the hash its event was given when it was sequenced.
 */
import type { Document } from 'mongodb';
import { AuditAnchorModel } from '../models/audit-anchor.model';
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

/** The last purged event: the trail is verified from the event after it. */
export interface RetainedAnchor {
  seq: number;
  hash: string;
}

/** The anchor the trail starts after (the highest purge's), or undefined when nothing was ever purged. */
export async function retainedAnchor(): Promise<RetainedAnchor | undefined> {
  let highest: RetainedAnchor | undefined;
  // Few documents (one per purge), and the store sorts nothing cheaply: read them all.
  for await (const doc of AuditAnchorModel.collection.find({}, { projection: { seq: 1, hash: 1 } })) {
    const anchor = doc as unknown as RetainedAnchor;
    if (!highest || anchor.seq > highest.seq) highest = { seq: anchor.seq, hash: anchor.hash };
  }
  return highest;
}

export async function verifyAuditTrail(head: VerifiedHead, batchSize: number): Promise<ChainVerdict> {
  const anchor = await retainedAnchor();
  const from = anchor ? anchor.seq + 1 : 1;
  const { recorded, batchProblems } = await readBatches(head, batchSize);
  const { events, eventProblems } = await readEvents(head, batchSize, from);
  if (anchor) {
    // A forged anchor would let a purge of events that were not due pass unseen: the batches kept its hash.
    const expected = recorded.get(anchor.seq);
    if (anchor.seq > head.lastSeq || (expected !== undefined && expected !== anchor.hash))
      return { valid: false, events: 0, firstBrokenSeq: from, problem: 'the retained anchor was altered' };
  }
  // A batch record altered below the anchor is still a broken trail.
  const below = [...batchProblems.keys()].filter((seq) => seq < from).sort((a, b) => a - b)[0];
  if (below !== undefined)
    return { valid: false, events: 0, firstBrokenSeq: below, problem: batchProblems.get(below)! };
  let prevHash = anchor?.hash ?? GENESIS_HASH;
  for (let seq = from; seq <= head.lastSeq; seq++) {
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
    if (problem) return { valid: false, events: seq - from, firstBrokenSeq: seq, problem };
    prevHash = event!.hash;
  }
  return { valid: true, events: head.lastSeq - from + 1, headHash: head.headHash };
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

async function readEvents(head: VerifiedHead, batchSize: number, from: number) {
  const events = new Map<number, EventRecord>();
  const eventProblems = new Map<number, string>();
  for await (const doc of AuditEventModel.collection.find({}, { batchSize })) {
    const { hash, ...body } = doc as unknown as Document & { seq: unknown; prevHash: string; hash: string };
    const seq = body.seq;
    // Events after the head are being stored by a sequencer right now.
    // Events at or before the anchor are purged, or being purged right now.
    if (typeof seq !== 'number' || seq < from || seq > head.lastSeq) continue;
    if (events.has(seq)) eventProblems.set(seq, `two events carry number ${seq}`);
    events.set(seq, { prevHash: body.prevHash, hash, intact: hashOf(body) === hash });
  }
  return { events, eventProblems };
}
