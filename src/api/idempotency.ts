/**
 * `Idempotency-Key` on creates. The first request with a key claims it by an insert under a unique
 * `_id` (with FerretDB's lock-free read-modify-write updates, only an insert decides a race), naming
 * itself and its process. A repeat of the request waits for the first one's result and answers with it;
 * it never runs the create beside it. The claim is held by a lease: the holding process renews its
 * heartbeat every few seconds while it runs, and only a claim whose process has stopped renewing for
 * several intervals (it died) is taken over, by deleting that very claim and inserting a new one, so
 * that of two takers one wins. A holder in the same process is never taken over: it is alive for
 * certain, however late its renewals land on a busy store.
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { DomainError } from '../../policies/errors';
import { canonicalJson } from '../audit/audit-log';
import { logger } from '../logger';
import { IdempotencyHolderModel, IdempotencyKeyModel } from '../models/idempotency-key.model';
import { isDuplicateKey } from '../models/duplicate-key';

/** What an Idempotency-Key may be (the OpenAPI document states the same pattern). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_:.-]{8,200}$/;
/** How often a process holding keys renews its lease. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/**
 * A claim whose process last renewed its lease longer ago than this has lost its holder (six renewals
 * missed: a process that died, not one that is slow); only then may another request take the key over.
 */
export const HOLDER_DEAD_AFTER_MS = 6 * HEARTBEAT_INTERVAL_MS;
/** How long a repeat waits for the first request's result before it answers 409 `idempotency.in_progress`. */
export const REPLAY_WAIT_MS = 10_000;
/** The Retry-After of that 409: about when to ask again. */
export const RETRY_AFTER_SECONDS = 2;
/** A repeat of a request running in another process reads the key again after these pauses (then the last). */
const POLL_PAUSES_MS = [50, 100, 200, 400, 800, 1_000];

/** This process, as its claims and its lease name it. */
export const THIS_PROCESS = `${os.hostname()}:${process.pid}:${randomUUID()}`;

export interface Created {
  status: number;
  body: unknown;
  location?: string;
}

interface Claim extends Partial<Created> {
  bodyHash: string;
  state: 'in_progress' | 'done';
  holder?: string;
  process?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Settles when the create this process runs for a key has finished (stored or released). */
const runningHere = new Map<string, Promise<void>>();

/**
 * Runs a create once per `Idempotency-Key` (per caller and route): a repeat with the same body gets the
 * first result (waiting for it while the first request still runs); the same key with another body is a
 * 409. Without the header the create simply runs.
 */
export async function idempotentCreate(req: Request, res: Response, create: () => Promise<Created>): Promise<void> {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return send(res, await create());
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new DomainError('request.invalid', 'Idempotency-Key has 8 to 200 letters, digits, _ : . -');
  const id = `${req.claims.sub} ${req.method} ${req.baseUrl}${req.path} ${key}`;
  const bodyHash = createHash('sha256')
    .update(canonicalJson(req.body ?? null))
    .digest('hex');
  const waitUntil = Date.now() + REPLAY_WAIT_MS;
  await holdProcessLease();

  for (let round = 0; ; round++) {
    const holder = randomUUID();
    if (await claimed({ id, bodyHash, holder })) return runAsHolder({ id, holder, create, res });
    const first = await IdempotencyKeyModel.findById(id).lean<Claim>();
    if (first) {
      if (first.bodyHash !== bodyHash) {
        throw new DomainError('idempotency.key_reused', 'this Idempotency-Key was used with a different body');
      }
      if (first.state === 'done') {
        res.setHeader('Idempotency-Replayed', 'true');
        return send(res, first as Claim & Created);
      }
      if (await holderIsDead(id, first)) {
        // Remove this very claim (a newer one is left alone), then claim anew.
        const removed = await IdempotencyKeyModel.deleteOne({
          _id: id,
          state: 'in_progress',
          updatedAt: first.updatedAt,
        });
        if (removed.deletedCount === 1) continue;
      }
    }
    // Running (or released a moment ago): wait for it, within bounds.
    if (Date.now() >= waitUntil) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new DomainError('idempotency.in_progress', 'the first request with this key is still running');
    }
    await untilFinished(id, round, waitUntil);
  }
}

/** Claims the key by inserting it: true when this request holds it now, false when it was there already. */
async function claimed(claim: { id: string; bodyHash: string; holder: string }): Promise<boolean> {
  try {
    await IdempotencyKeyModel.create({
      _id: claim.id,
      bodyHash: claim.bodyHash,
      state: 'in_progress',
      holder: claim.holder,
      process: THIS_PROCESS,
    });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * True only when the claim's process has stopped renewing its lease for HOLDER_DEAD_AFTER_MS. A claim of
 * this process is never dead while it runs; one this process no longer runs is a leftover of a failed
 * write. A claim written before leases (no process named) is judged by its own age.
 */
async function holderIsDead(id: string, claim: Claim): Promise<boolean> {
  const deadBefore = Date.now() - HOLDER_DEAD_AFTER_MS;
  if (claim.process === THIS_PROCESS) return !runningHere.has(id) && claim.updatedAt.getTime() < deadBefore;
  if (!claim.process) return claim.updatedAt.getTime() < deadBefore;
  const lease = await IdempotencyHolderModel.findById(claim.process).lean<{ heartbeatAt: Date }>();
  return (lease?.heartbeatAt ?? claim.updatedAt).getTime() < deadBefore;
}

/** Waits for the first request: at once when it runs in this process, else a pause before reading again. */
async function untilFinished(id: string, round: number, waitUntil: number): Promise<void> {
  const left = Math.max(0, waitUntil - Date.now());
  const here = runningHere.get(id);
  if (!here) return void (await sleep(Math.min(left, POLL_PAUSES_MS[Math.min(round, POLL_PAUSES_MS.length - 1)]!)));
  const timeUp = new AbortController();
  await Promise.race([here, sleep(left, undefined, { signal: timeUp.signal }).catch(() => undefined)]);
  timeUp.abort(); // no timer left behind once the first request has finished
}

/** Runs the create under the claim; stores the result, or frees the key on failure. */
async function runAsHolder(input: {
  id: string;
  holder: string;
  create: () => Promise<Created>;
  res: Response;
}): Promise<void> {
  const { id, holder } = input;
  let finished = () => {};
  runningHere.set(id, new Promise<void>((resolve) => (finished = resolve)));
  try {
    let result: Created;
    try {
      result = await input.create();
    } catch (err) {
      // A refused or failed create leaves the key free, so that a corrected retry can use it.
      await IdempotencyKeyModel.deleteOne({ _id: id, holder });
      throw err;
    }
    const stored = await IdempotencyKeyModel.updateOne({ _id: id, holder }, { $set: { state: 'done', ...result } });
    if (stored.matchedCount === 0) logger.warn({ key: id }, 'Idempotency-Key taken over meanwhile: result not stored');
    send(input.res, result);
  } finally {
    runningHere.delete(id);
    finished();
  }
}

let lease: Promise<void> | undefined;

/**
 * Starts this process's lease on its first claim: written once (awaited, so no claim of this process
 * exists without it), then renewed every HEARTBEAT_INTERVAL_MS, one renewal at a time, while the process
 * lives. The timer does not keep the process alive.
 */
function holdProcessLease(): Promise<void> {
  lease ??= renewLease().then(() => {
    let renewal: Promise<void> | undefined;
    setInterval(() => {
      // The last renewal has not landed yet: no pile-up on a busy store.
      renewal ??= renewLease()
        .catch((err: unknown) => logger.warn({ err }, 'Idempotency-Key lease renewal failed; will try again'))
        .finally(() => (renewal = undefined));
    }, HEARTBEAT_INTERVAL_MS).unref();
  });
  lease.catch(() => (lease = undefined)); // a first write that failed is tried again by the next claim
  return lease;
}

async function renewLease(): Promise<void> {
  await IdempotencyHolderModel.updateOne(
    { _id: THIS_PROCESS },
    { $set: { heartbeatAt: new Date() } },
    { upsert: true },
  );
}

function send(res: Response, result: Created): void {
  if (result.location) res.location(result.location);
  res.status(result.status).json(result.body);
}
