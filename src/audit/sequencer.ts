/**
 * The audit sequencer (S7): appends from every process are queued durably and numbered in batches,
 * so that the company's writes no longer queue behind one shared sequence number (issue 11.5).
 *
 * One cycle takes everything this process has queued, and needs no transaction: only an insert under a
 * unique index decides a race (E11000: someone else won), and every write can be repeated.
 * 1. intake  The events go into `audit_pending` (`_id` = event key), in one command. From here they
 *            outlive this process: any process's sweep completes them. E11000: that key is queued
 *            already (a retry), and the first intake is the event.
 * 2. claim   One claim per key goes into `audit_claims`, in one command. A claim with another nonce
 *            means the key was sequenced from an earlier intake: the caller gets that event.
 * 3. batch   Batch n+1 is inserted: the keys sorted by the events' time, numbered on from the head of
 *            batch n, and the hash each event gets, chained from that head (as a transparency log
 *            writes its next tree head at the expected offset). E11000: another sequencer took n+1;
 *            read it, drop the keys it holds, try n+2.
 * 4. store   The events go into `audit_events` (a duplicate = stored already), the batch is marked
 *            stored, and the callers are answered. A batch is only cut on a stored head, so at most the
 *            head batch is incomplete: a sequencer waits for the one that cut it, and completes it from
 *            the intake (checking each hash against the batch) if that one died.
 * Then the cycle deletes its intake documents. The sweep (every few seconds in each process) deletes
 * those a process left behind whose key is in a stored batch, and sequences the others.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
import { logger } from '../logger';
import { isDuplicateKey } from '../models/duplicate-key';
import { AuditBatchModel } from '../models/audit-batch.model';
import { AuditClaimModel } from '../models/audit-claim.model';
import { AuditEventModel } from '../models/audit-event.model';
import { AuditPendingModel } from '../models/audit-pending.model';
import type { AuditEventBody, StoredAuditEvent } from './audit-event';
import { GENESIS_HASH, hashOf } from './event-hash';

/** A batch numbers at most this many events (its record holds a key and a hash for each). */
const MAX_BATCH_EVENTS = 500;
/** How often each process sweeps the intake, and how old an intake must be before another process takes it over. */
export const SWEEP_EVERY_MS = 5_000;
export const SWEEP_GRACE_MS = 15_000;
/** How long a sequencer waits for another to store the batch it cut before storing it itself (that one died). */
const STORE_GRACE_MS = 10_000;
const STORE_POLL_MS = { first: 10, max: 200 };
/** Keys of recent batches kept in memory to recognise an event sequenced by another process. */
const MAX_CACHED_KEYS = 200_000;
/** The nonce of the claims of events appended before the batch sequencer. */
const LEGACY_NONCE = 'legacy';
const DELETE_CHUNK = 500;

export type SequencerStep = 'intake' | 'claim' | 'batch' | 'store';

export interface AuditSequencerOptions {
  /** For tests: stop after this step as a killed process would, leaving what it wrote. */
  haltAfter?: SequencerStep;
  /** How long to wait for another sequencer to store the batch it cut (default STORE_GRACE_MS). */
  storeGraceMs?: number;
}

/** Thrown to the callers of a sequencer stopped by `haltAfter`. */
export class SequencerHalted extends Error {
  constructor(step: SequencerStep) {
    super(`the audit sequencer was halted after its ${step} step`);
  }
}

export type AuditSequencer = ReturnType<typeof createAuditSequencer>;

type StoredEventDoc = StoredAuditEvent & { _id: string };

interface BatchDoc {
  _id: number;
  firstSeq: number;
  lastSeq: number;
  prevHash: string;
  headHash: string;
  keys: string[];
  hashes: string[];
  materialised: boolean;
  legacy?: boolean;
  sequencedAt: Date;
}

interface PendingDoc {
  _id: string;
  nonce: string;
  since: number;
  enqueuedAt: Date;
  event: AuditEventBody;
}

interface Head {
  n: number;
  lastSeq: number;
  headHash: string;
}

interface Entry {
  key: string;
  nonce: string;
  /** No batch before this one can hold this intake's key (it was the head, or older, when it was queued). */
  since: number;
  body: AuditEventBody;
  /** Its intake document is stored (by this process, or by the one that queued a swept entry). */
  durable: boolean;
  /** An appender waits for the stored event (a sweep only for the outcome). */
  wantsEvent: boolean;
  waiters: { resolve: (event: StoredAuditEvent | null) => void; reject: (err: unknown) => void }[];
  settled: boolean;
  /** Settled as in a stored batch (not failed). */
  sequenced: boolean;
}

export function createAuditSequencer(options: AuditSequencerOptions = {}) {
  let head: Head | null = null;
  /** The keys of batches `cachedFrom`…head, by key and by batch. */
  const batchOfKey = new Map<string, number>();
  const keysOfBatch = new Map<number, string[]>();
  let cachedFrom = Number.POSITIVE_INFINITY;
  const queued = new Map<string, Entry>();
  const inCycle = new Map<string, Entry>();
  let draining: Promise<void> | null = null;
  const clearing = new Set<Promise<void>>();
  let lane: Promise<unknown> = Promise.resolve();
  let halted = false;
  /** The first appends of a process share one search for the head. */
  let locating: Promise<Head> | null = null;

  /** Cycles, sweeps and head reads share the in-memory head: one at a time. */
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const run = lane.then(() => work());
    lane = run.catch(() => undefined);
    return run;
  }

  /** Queues an event and resolves with it as stored, numbered and chained. */
  async function append(body: AuditEventBody): Promise<StoredAuditEvent> {
    if (halted) throw new SequencerHalted(options.haltAfter!);
    const since = head?.n ?? (await (locating ??= serially(() => advance()).finally(() => (locating = null)))).n;
    const event = await enqueue({ key: body.eventKey, nonce: randomUUID(), since, body, durable: false }, true);
    if (!event) throw new Error(`audit event ${body.eventKey} was sequenced but not returned`);
    return event;
  }

  function enqueue(
    fields: Pick<Entry, 'key' | 'nonce' | 'since' | 'body' | 'durable'>,
    wantsEvent: boolean,
  ): Promise<StoredAuditEvent | null> {
    return new Promise((resolve, reject) => {
      // The same key queued twice in this process is one event: the first one's.
      const existing = [queued.get(fields.key), inCycle.get(fields.key)].find((e) => e && !e.settled);
      const entry: Entry = existing ?? { ...fields, wantsEvent, waiters: [], settled: false, sequenced: false };
      entry.wantsEvent ||= wantsEvent;
      entry.waiters.push({ resolve, reject });
      if (!existing) {
        queued.set(entry.key, entry);
        draining ??= drain();
      }
    });
  }

  async function drain(): Promise<void> {
    try {
      // Appends issued together join one cycle.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (queued.size > 0) {
        const entries = [...queued.values()];
        queued.clear();
        for (const entry of entries) inCycle.set(entry.key, entry);
        await serially(() => cycle(entries)).catch((err: unknown) => {
          for (const entry of entries) if (!entry.settled) fail(entry, err);
        });
        clearIntake(entries.filter((entry) => entry.sequenced).map((entry) => entry.key));
        for (const entry of entries) {
          if (!entry.settled) fail(entry, new Error(`audit event ${entry.key} was left unsequenced`));
          if (inCycle.get(entry.key) === entry) inCycle.delete(entry.key);
        }
      }
    } finally {
      draining = null;
    }
  }

  async function cycle(entries: Entry[]): Promise<void> {
    await intake(entries.filter((entry) => !entry.durable));
    haltIf('intake');
    pruneCache();
    await advance();
    let open = await claim(await dropSequenced(entries));
    haltIf('claim');
    open.sort(byTime);
    while (open.length > 0) {
      const chunk = open.slice(0, MAX_BATCH_EVENTS);
      // A number another sequencer has taken meanwhile is not worth numbering and hashing a batch for.
      const next = (await batchExists(head!.n + 1)) ? null : batchAfter(head!, chunk);
      if (next && (await insertBatch(next.batch))) {
        haltIf('batch');
        await storeEvents(next.batch, next.events);
        haltIf('store');
        await markStored(next.batch);
        chunk.forEach((entry, i) => settle(entry, withoutId(next.events[i]!)));
        remember(next.batch);
        head = headOf(next.batch);
        open = open.slice(chunk.length);
      } else {
        // Another sequencer took this number: its batch may hold some of ours.
        await advance();
        open = await dropSequenced(open);
      }
    }
  }

  async function intake(entries: Entry[]): Promise<void> {
    const now = new Date();
    const refused = await insertAll(
      AuditPendingModel.collection,
      entries.map((e) => ({ _id: e.key, nonce: e.nonce, since: e.since, enqueuedAt: now, event: e.body })),
    );
    for (const [i, entry] of entries.entries()) {
      entry.durable = true;
      if (!refused.has(i)) continue;
      // Queued already (an activity retrying while its first append waits): the first intake is the event.
      const first = await AuditPendingModel.findById(entry.key).lean<PendingDoc>();
      if (first)
        Object.assign(entry, { nonce: first.nonce, since: Math.min(entry.since, first.since), body: first.event });
      // Gone meanwhile: it is in a batch, and the claim step finds it sequenced.
    }
  }

  async function claim(entries: Entry[]): Promise<Entry[]> {
    const refused = await insertAll(
      AuditClaimModel.collection,
      entries.map((e) => ({ _id: e.key, nonce: e.nonce })),
    );
    const open: Entry[] = [];
    for (const [i, entry] of entries.entries()) {
      if (!refused.has(i)) {
        open.push(entry);
        continue;
      }
      const claimed = await AuditClaimModel.findById(entry.key).lean<{ nonce: string }>();
      // The same nonce: this intake, claimed by a sequencer that stopped before its batch.
      if (claimed?.nonce === entry.nonce) open.push(entry);
      else await settleFromStore(entry);
    }
    return open;
  }

  /** Settles the entries whose key a batch up to the head holds; returns the others. */
  async function dropSequenced(entries: Entry[]): Promise<Entry[]> {
    const pending = entries.filter((entry) => !entry.settled);
    if (pending.length === 0) return pending;
    await cacheFrom(Math.min(...pending.map((entry) => entry.since)));
    const open: Entry[] = [];
    for (const entry of pending) {
      if (batchOfKey.has(entry.key)) await settleFromStore(entry);
      else open.push(entry);
    }
    return open;
  }

  /**
   * Moves the in-memory head to the last batch, stored: a head still being stored is awaited, and
   * completed here if its sequencer does not finish within the grace (it died) or at once if `now`.
   */
  async function advance(now = false): Promise<Head> {
    let last: BatchDoc | null = null;
    if (head) {
      const known = await AuditBatchModel.findById(head.n, { headHash: 1, materialised: 1 }).lean<BatchDoc>();
      if (!known || known.headHash !== head.headHash) forget();
      else if (!known.materialised) last = await AuditBatchModel.findById(head.n).lean<BatchDoc>();
    }
    if (!head) last = await locateHead();
    for (;;) {
      const next = await AuditBatchModel.findById(head!.n + 1).lean<BatchDoc>();
      if (!next) break;
      remember(next);
      head = headOf(next);
      last = next;
    }
    if (last && !last.materialised && (now || !(await storedByItsSequencer(last._id)))) {
      await storeEvents(last, await eventsFromIntake(last));
      await markStored(last);
    }
    return head!;
  }

  /** Finds the last batch by doubling steps and bisection (numbers have no gap); creates the anchor if none. */
  async function locateHead(): Promise<BatchDoc> {
    const anchor = (await AuditBatchModel.findById(0).lean<BatchDoc>()) ?? (await createAnchor());
    const exists = batchExists;
    let found = 0;
    let step = 1;
    while (await exists(found + step)) {
      found += step;
      step *= 2;
    }
    let missing = found + step;
    while (missing - found > 1) {
      const mid = Math.floor((found + missing) / 2);
      if (await exists(mid)) found = mid;
      else missing = mid;
    }
    const last = found === 0 ? anchor : await AuditBatchModel.findById(found).lean<BatchDoc>();
    if (!last) throw new Error(`audit batch ${found} disappeared while the head was located`);
    cachedFrom = found;
    remember(last);
    head = headOf(last);
    // Entries queued against a head that is gone (the store was emptied) may be in any batch now.
    for (const entry of [...queued.values(), ...inCycle.values()]) entry.since = Math.min(entry.since, found);
    return last;
  }

  /** Batch 0: the head of the trail as the batch sequencer finds it, so that numbering goes on from there. */
  async function createAnchor(): Promise<BatchDoc> {
    const last = await AuditEventModel.findOne({}, { seq: 1, hash: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number; hash: string }>();
    if (last) await claimLegacyKeys();
    const anchor: BatchDoc = {
      _id: 0,
      firstSeq: 1,
      lastSeq: last?.seq ?? 0,
      prevHash: GENESIS_HASH,
      headHash: last?.hash ?? GENESIS_HASH,
      keys: [],
      hashes: [],
      materialised: true,
      legacy: last !== null,
      sequencedAt: new Date(),
    };
    try {
      await AuditBatchModel.collection.insertOne(anchor as unknown as Document);
      return anchor;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await AuditBatchModel.findById(0).lean<BatchDoc>())!;
    }
  }

  /** Claims the keys of the events appended before the batch sequencer, once, so that a retry of one is not a new event. */
  async function claimLegacyKeys(): Promise<void> {
    let chunk: Document[] = [];
    for await (const doc of AuditEventModel.collection.find({}, { projection: { eventKey: 1 } })) {
      chunk.push({ _id: doc.eventKey as string, nonce: LEGACY_NONCE });
      if (chunk.length === 1000) {
        await insertAll(AuditClaimModel.collection, chunk);
        chunk = [];
      }
    }
    await insertAll(AuditClaimModel.collection, chunk);
  }

  async function batchExists(n: number): Promise<boolean> {
    return (await AuditBatchModel.exists({ _id: n })) !== null;
  }

  async function insertBatch(batch: BatchDoc): Promise<boolean> {
    try {
      await AuditBatchModel.collection.insertOne(batch as unknown as Document);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Waits for the sequencer that cut batch n to store it; false if it has not within the grace. */
  async function storedByItsSequencer(n: number): Promise<boolean> {
    const giveUp = Date.now() + (options.storeGraceMs ?? STORE_GRACE_MS);
    for (let wait = STORE_POLL_MS.first; Date.now() < giveUp; wait = Math.min(wait * 2, STORE_POLL_MS.max)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = await AuditBatchModel.findById(n, { materialised: 1 }).lean<BatchDoc>();
      if (batch?.materialised) return true;
    }
    return false;
  }

  /**
   * The events of a batch whose sequencer died before storing them, rebuilt from their intake (which is
   * only cleared once a batch is stored; an event it had stored is taken as stored), each checked
   * against the hash the batch gave it.
   */
  async function eventsFromIntake(batch: BatchDoc): Promise<StoredEventDoc[]> {
    const bodies = new Map<string, object>();
    for (const doc of await AuditPendingModel.find({ _id: { $in: batch.keys } }).lean<PendingDoc[]>()) {
      bodies.set(doc._id, doc.event);
    }
    for (const key of batch.keys.filter((k) => !bodies.has(k))) {
      const stored = await AuditEventModel.findById(key).lean<StoredEventDoc>();
      if (stored) bodies.set(key, withoutChain(stored));
    }
    let prevHash = batch.prevHash;
    return batch.keys.map((key, i) => {
      const body = { seq: batch.firstSeq + i, ...bodies.get(key), prevHash };
      const event = { _id: key, ...body, hash: hashOf(body) } as StoredEventDoc;
      if (event.hash !== batch.hashes[i]) {
        throw new Error(
          `audit batch ${batch._id}: the intake of event ${body.seq} is missing or not what was sequenced`,
        );
      }
      prevHash = event.hash;
      return event;
    });
  }

  /**
   * Stores a batch's events (again, harmlessly, if another process did). A refused
   * event is one stored already: its key was claimed for this batch alone. (Were it refused for its
   * number, held by a forged event, the verifier names that number; checking each refusal here would
   * cost a read per event whenever two processes complete the same batch.)
   */
  async function storeEvents(batch: BatchDoc, events: StoredEventDoc[]): Promise<void> {
    const refused = await insertAll(AuditEventModel.collection, events as unknown as Document[]);
    const last = events[events.length - 1];
    if (last && refused.has(events.length - 1)) {
      const stored = await AuditEventModel.findById(last._id, { hash: 1 }).lean<StoredAuditEvent>();
      if (stored?.hash !== last.hash) throw new Error(`audit batch ${batch._id} collides with stored events`);
    }
  }

  /** Marks a batch stored: from now on its intake may be cleared, and the next batch cut on it. */
  async function markStored(batch: BatchDoc): Promise<void> {
    await AuditBatchModel.collection.updateOne({ _id: batch._id } as Document, { $set: { materialised: true } });
  }

  async function settleFromStore(entry: Entry): Promise<void> {
    if (!entry.wantsEvent) return settle(entry, null);
    const stored =
      (await AuditEventModel.findById(entry.key).lean<StoredEventDoc>()) ??
      // An event of the appender before the batch sequencer has an ObjectId (found by a scan; rare).
      (await AuditEventModel.findOne({ eventKey: entry.key }).lean<StoredEventDoc>());
    if (stored) settle(entry, withoutId(stored));
    else fail(entry, new Error(`audit event ${entry.key} is sequenced but not in the trail`));
  }

  function settle(entry: Entry, event: StoredAuditEvent | null): void {
    entry.settled = true;
    entry.sequenced = true;
    for (const waiter of entry.waiters) waiter.resolve(event);
  }

  function fail(entry: Entry, err: unknown): void {
    entry.settled = true;
    for (const waiter of entry.waiters) waiter.reject(err);
  }

  /**
   * Deletes the intake of events now in a stored batch, beside the next cycle: the intake stays as
   * small as the work in flight, so the sweep's scan of it stays cheap. Left behind (this process
   * died), the sweep deletes it.
   */
  function clearIntake(keys: string[]): void {
    if (keys.length === 0) return;
    const run = (async () => {
      for (let i = 0; i < keys.length; i += DELETE_CHUNK) {
        await AuditPendingModel.deleteMany({ _id: { $in: keys.slice(i, i + DELETE_CHUNK) } });
      }
    })()
      .catch((err: unknown) => logger.warn({ err }, 'audit intake not cleared; the sweep clears it'))
      .finally(() => clearing.delete(run));
    clearing.add(run);
  }

  function remember(batch: BatchDoc): void {
    keysOfBatch.set(batch._id, batch.keys);
    for (const key of batch.keys) batchOfKey.set(key, batch._id);
    cachedFrom = Math.min(cachedFrom, batch._id);
  }

  /** Reads the keys of the batches from `n` up to where the cache begins. */
  async function cacheFrom(n: number): Promise<void> {
    while (cachedFrom > Math.max(n, 0)) {
      const batch = await AuditBatchModel.findById(cachedFrom - 1, { keys: 1 }).lean<BatchDoc>();
      if (!batch) throw new Error(`audit batch ${cachedFrom - 1} is missing`);
      remember(batch);
    }
  }

  /** Between cycles only: within one, the cache must keep covering every entry's `since`. */
  function pruneCache(): void {
    while (batchOfKey.size > MAX_CACHED_KEYS && head && cachedFrom < head.n) {
      for (const key of keysOfBatch.get(cachedFrom) ?? []) batchOfKey.delete(key);
      keysOfBatch.delete(cachedFrom);
      cachedFrom++;
    }
  }

  function forget(): void {
    head = null;
    batchOfKey.clear();
    keysOfBatch.clear();
    cachedFrom = Number.POSITIVE_INFINITY;
  }

  function haltIf(step: SequencerStep): void {
    if (options.haltAfter !== step) return;
    halted = true;
    throw new SequencerHalted(step);
  }

  /**
   * Completes what processes left in the intake: of the documents queued more than `graceMs` ago (the
   * younger ones are their process's work in flight), deletes those whose key is in a stored batch, and
   * sequences the others that no cycle of this process holds (their process died, or is stuck).
   */
  async function sweep(graceMs: number): Promise<{ sequenced: number; cleared: number }> {
    const recovering = graceMs === 0;
    if (halted) throw new SequencerHalted(options.haltAfter!);
    const cutoff = Date.now() - graceMs;
    const docs = (await AuditPendingModel.find({}).lean<PendingDoc[]>()).filter(
      (doc) => doc.enqueuedAt.getTime() <= cutoff,
    );
    if (docs.length === 0) return { sequenced: 0, cleared: 0 };
    const done: string[] = [];
    const orphans: PendingDoc[] = [];
    await serially(async () => {
      pruneCache();
      // Every batch up to a stored head is stored: the intake of its keys has served.
      await advance(recovering);
      await cacheFrom(Math.min(...docs.map((doc) => doc.since)));
      for (const doc of docs) {
        if (batchOfKey.has(doc._id)) done.push(doc._id);
        else if (!queued.has(doc._id) && !inCycle.has(doc._id)) orphans.push(doc);
      }
    });
    const outcomes = await Promise.allSettled(
      orphans.map((doc) =>
        enqueue({ key: doc._id, nonce: doc.nonce, since: doc.since, body: doc.event, durable: true }, false),
      ),
    );
    orphans.forEach((doc, i) => {
      if (outcomes[i]!.status === 'fulfilled') done.push(doc._id);
    });
    for (let i = 0; i < done.length; i += DELETE_CHUNK) {
      await AuditPendingModel.deleteMany({ _id: { $in: done.slice(i, i + DELETE_CHUNK) } });
    }
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return { sequenced: orphans.length, cleared: done.length };
  }

  /** Sweeps every `everyMs` until stopped (each process runs one: any of them completes another's intake). */
  function start(opts: { everyMs?: number; graceMs?: number } = {}): { stop(): Promise<void> } {
    let sweeping: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      sweeping ??= sweep(opts.graceMs ?? SWEEP_GRACE_MS)
        .catch((err: unknown) => logger.warn({ err }, 'audit intake sweep failed; the next one retries'))
        .finally(() => (sweeping = null));
    }, opts.everyMs ?? SWEEP_EVERY_MS);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await sweeping;
        await draining;
        await Promise.all(clearing);
      },
    };
  }

  return {
    append,
    /** Sequences every intake document now (none left waiting for a grace period): tests, and recovery. */
    sequencePending: (opts: { graceMs?: number } = {}) => sweep(opts.graceMs ?? 0),
    /** The head after completing any batch left half-stored: what a verifier checks against. */
    settledHead: () => serially(() => advance(true)),
    start,
  };
}

function byTime(a: Entry, b: Entry): number {
  return a.body.at.getTime() - b.body.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function batchAfter(head: Head, chunk: Entry[]): { batch: BatchDoc; events: StoredEventDoc[] } {
  let seq = head.lastSeq;
  let prevHash = head.headHash;
  const events = chunk.map((entry) => {
    const body = { seq: ++seq, ...entry.body, prevHash };
    const event: StoredEventDoc = { _id: entry.key, ...body, hash: hashOf(body) };
    prevHash = event.hash;
    return event;
  });
  const batch: BatchDoc = {
    _id: head.n + 1,
    firstSeq: head.lastSeq + 1,
    lastSeq: seq,
    prevHash: head.headHash,
    headHash: prevHash,
    keys: events.map((e) => e._id),
    hashes: events.map((e) => e.hash),
    materialised: false,
    sequencedAt: new Date(),
  };
  return { batch, events };
}

function headOf(batch: BatchDoc): Head {
  return { n: batch._id, lastSeq: batch.lastSeq, headHash: batch.headHash };
}

function withoutChain(event: StoredEventDoc): AuditEventBody {
  const { _id, seq: _seq, prevHash: _prev, hash: _hash, ...body } = event;
  return body;
}

function withoutId(event: StoredEventDoc): StoredAuditEvent {
  const { _id, ...rest } = event;
  return rest;
}

/**
 * An unordered insert of many documents in one command; returns the positions refused as duplicates
 * (E11000: there already). Any other failure is thrown.
 */
async function insertAll(collection: Collection<Document>, docs: Document[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs, { ordered: false });
    return new Set();
  } catch (err) {
    const { writeErrors, insertedCount } = err as { writeErrors?: unknown; insertedCount?: number };
    const errors = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
      index: number;
      code?: number;
    }[];
    const onlyDuplicates = errors.length > 0 && errors.every((e) => e.code === 11000);
    if (!onlyDuplicates || insertedCount === undefined || insertedCount + errors.length !== docs.length) throw err;
    return new Set(errors.map((e) => e.index));
  }
}
