/**
 * The retention purge of the audit trail (R13, R47: events kept at least 180 days, then they may go).
 * Only a prefix of the chain goes, and only a trail that verifies: the events from the start up to the
 * last one every rule lets go (`policies/retention.ts`, which no configuration takes below its floor).
 * The cut is anchored before anything is deleted: the anchor holds the last purged event's number and
 * hash, so that the events kept still verify from it (`./verify.ts`). Every step can be repeated: a
 * purge stopped after its anchor deletes the rest of its prefix when it runs again.
 */
import type { Document } from 'mongodb';
import { mayPurge, type RetentionParameters } from '../../policies/retention';
import { isDuplicateKey } from '../models/duplicate-key';
import { AuditAnchorModel } from '../models/audit-anchor.model';
import { AuditEventModel } from '../models/audit-event.model';
import { retainedAnchor, verifyAuditTrail, type VerifiedHead } from './verify';

export interface AuditPurgeResult {
  /** Events deleted by this run (a repeated run: those an interrupted one left). */
  deleted: number;
  /** The sequence number the trail now starts after; 0 when nothing was ever purged. */
  anchorSeq: number;
  /** Set when the trail did not verify: nothing was purged, and this is the first broken number. */
  refusedAtSeq?: number;
}

interface EventStamp {
  seq: number;
  at: Date;
  hash: string;
}

export async function purgeAuditTrail(input: {
  head: VerifiedHead;
  asOf: string;
  parameters: RetentionParameters;
  /** A retention asked for, in days; it can only lengthen the floor. */
  requestedDays?: number;
  batchSize: number;
}): Promise<AuditPurgeResult> {
  const { head, asOf, parameters, requestedDays, batchSize } = input;
  const anchor = await retainedAnchor();
  const from = anchor ? anchor.seq + 1 : 1;
  // Nothing goes from a trail that does not verify (a forged anchor included): the evidence stays.
  const verdict = await verifyAuditTrail(head, batchSize);
  if (!verdict.valid) return { deleted: 0, anchorSeq: anchor?.seq ?? 0, refusedAtSeq: verdict.firstBrokenSeq };
  // Finish an interrupted purge: its anchor is stored, some of its events may not be deleted.
  let deleted = anchor ? await deleteUpTo(anchor.seq) : 0;

  const stamps = new Map<number, EventStamp>();
  for await (const doc of AuditEventModel.collection.find({}, { projection: { seq: 1, at: 1, hash: 1 }, batchSize })) {
    const stamp = doc as unknown as EventStamp;
    if (typeof stamp.seq === 'number' && stamp.seq >= from && stamp.seq <= head.lastSeq) stamps.set(stamp.seq, stamp);
  }
  // The prefix: up to the first event that must stay (events are numbered in time order, almost).
  let last: EventStamp | undefined;
  for (let seq = from; seq <= head.lastSeq; seq++) {
    const stamp = stamps.get(seq);
    const due =
      stamp !== undefined &&
      mayPurge({
        record: { kind: 'audit_event', recordedAt: stamp.at.toISOString() },
        asOf,
        parameters,
        requestedDays,
      });
    if (!due) break;
    last = stamp;
  }
  if (!last) return { deleted, anchorSeq: anchor?.seq ?? 0 };

  try {
    await AuditAnchorModel.collection.insertOne({
      _id: last.seq,
      seq: last.seq,
      hash: last.hash,
      at: last.at,
      purgedAt: new Date(asOf),
    } as unknown as Document);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a repeated purge: the anchor is the same
  }
  deleted += await deleteUpTo(last.seq);
  return { deleted, anchorSeq: last.seq };
}

async function deleteUpTo(seq: number): Promise<number> {
  const { deletedCount } = await AuditEventModel.collection.deleteMany({ seq: { $lte: seq } });
  return deletedCount;
}
