/**
 * `idempotentCreate` against the real store, behind the real token check and error middleware, with a
 * create the test holds open: a repeat of a running request waits for its result and never runs beside
 * it; only a claim whose heartbeat stopped is taken over.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import express from 'express';
import { DomainError } from '../../policies/errors';
import {
  HEARTBEAT_INTERVAL_MS,
  HOLDER_DEAD_AFTER_MS,
  idempotentCreate,
  REPLAY_WAIT_MS,
  RETRY_AFTER_SECONDS,
  THIS_PROCESS,
  type Created,
} from '../../src/api/idempotency';
import { problemHandler } from '../../src/api/problem';
import { canonicalJson } from '../../src/audit/audit-log';
import { createTokenVerifier } from '../../src/auth/jwt';
import { authenticate } from '../../src/auth/middleware';
import { IdempotencyHolderModel, IdempotencyKeyModel } from '../../src/models/idempotency-key.model';
import { as, eventually, TEST_AUTH_CONFIG, users } from '../support/api';
import { connectTestStore, disconnectTestStore } from '../support/env';

/** What the route's create does, per test; `arrivals` counts requests that reached the route. */
let create: (body: Record<string, unknown>) => Promise<Created>;
let arrivals = 0;
/** How to release every create held so far. */
const opens: (() => void)[] = [];
let server: Server;
let client: AxiosInstance;

beforeAll(async () => {
  await connectTestStore('idempotency');
  await IdempotencyKeyModel.createIndexes();
  const app = express();
  app.use(
    authenticate(
      createTokenVerifier({
        secret: TEST_AUTH_CONFIG.AUTH_JWT_SECRET,
        issuer: TEST_AUTH_CONFIG.AUTH_ISSUER,
        audience: TEST_AUTH_CONFIG.AUTH_AUDIENCE,
      }),
    ),
  );
  app.use(express.json());
  app.post('/things', async (req, res) => {
    arrivals++;
    await idempotentCreate(req, res, () => create(req.body as Record<string, unknown>));
  });
  app.use(problemHandler);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  client = axios.create({
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    validateStatus: () => true,
    ...(await as(users.requesterA)),
  });
});
afterEach(() => {
  // A failed test never leaves a request held open.
  for (const open of opens.splice(0)) open();
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await disconnectTestStore();
});

/** A create that waits until the test opens it, and counts its runs. */
function heldCreate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = { runs: 0, open };
  opens.push(open);
  create = async (body) => {
    held.runs++;
    await opened;
    return { status: 201, body: { id: `thing-${held.runs}`, ...body }, location: `/things/thing-${held.runs}` };
  };
  return held;
}

const keyId = (key: string) => `${users.requesterA.sub} POST /things ${key}`;
const post = (key: string, body: object) => client.post('/things', body, { headers: { 'Idempotency-Key': key } });
const claimOf = (key: string) => IdempotencyKeyModel.findById(keyId(key)).lean();
const until = async <T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000) => {
  const value = await eventually(read, check, timeoutMs);
  expect(check(value)).toBe(true);
  return value;
};
/** As the request's claim records it. */
const bodyHashOf = (body: object) => createHash('sha256').update(canonicalJson(body)).digest('hex');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('a repeat while the first request still runs', () => {
  it('gets the first result, however old the claim, and the create runs once', async () => {
    const held = heldCreate();
    const key = `slow-${randomUUID()}`;
    const body = { name: 'a' };
    const first = post(key, body);
    await until(
      () => claimOf(key),
      (c) => c?.state === 'in_progress',
    );
    // Created ten minutes ago: a guess from the claim's age took such a key over and ran the create again.
    await IdempotencyKeyModel.collection.updateOne(
      { _id: keyId(key) as never },
      { $set: { createdAt: minutesAgo(10) } },
    );
    const before = arrivals;
    const replay = post(key, body);
    await until(
      async () => arrivals,
      (n) => n > before,
    );
    held.open();

    const [a, b] = await Promise.all([first, replay]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data).toEqual(a.data);
    expect(b.headers.location).toBe(a.headers.location);
    expect(b.headers['idempotency-replayed']).toBe('true');
    expect(held.runs).toBe(1);
    expect(await claimOf(key)).toMatchObject({ state: 'done', status: 201, body: a.data });
  });

  it(`waits at most ${REPLAY_WAIT_MS / 1000} s, then answers 409 idempotency.in_progress with Retry-After; the first still finishes once`, async () => {
    const held = heldCreate();
    const key = `long-${randomUUID()}`;
    const first = post(key, { name: 'b' });
    await until(
      () => claimOf(key),
      (c) => c?.state === 'in_progress',
    );

    const started = Date.now();
    const replay = await post(key, { name: 'b' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(REPLAY_WAIT_MS - 100);
    expect([replay.status, replay.data.code]).toEqual([409, 'idempotency.in_progress']);
    expect(replay.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));

    held.open();
    expect((await first).status).toBe(201);
    const again = await post(key, { name: 'b' });
    expect([again.status, again.data.id, held.runs]).toEqual([201, 'thing-1', 1]);
  }, 60_000);

  it('is held by a lease its process renews while it runs (a heartbeat, not the claim’s age)', async () => {
    const held = heldCreate();
    const key = `beat-${randomUUID()}`;
    const first = post(key, { name: 'c' });
    const claim = await until(
      () => claimOf(key),
      (c) => c?.state === 'in_progress',
    );
    expect(claim!.process).toBe(THIS_PROCESS);
    const leaseOf = () => IdempotencyHolderModel.findById(THIS_PROCESS).lean();
    const seen = await until(leaseOf, (l) => l !== null);
    await until(
      leaseOf,
      (l) => (l?.heartbeatAt.getTime() ?? 0) > seen!.heartbeatAt.getTime(),
      HEARTBEAT_INTERVAL_MS * 4,
    );
    held.open();
    expect((await first).status).toBe(201);
  }, 60_000);

  it('a claim of another process, old but heartbeating, is waited for, and its result is the answer', async () => {
    const held = heldCreate();
    const key = `remote-${randomUUID()}`;
    const body = { name: 'd' };
    await IdempotencyHolderModel.collection.insertOne({
      _id: 'another-process' as never,
      heartbeatAt: new Date(),
      createdAt: minutesAgo(60),
      updatedAt: new Date(),
    });
    await IdempotencyKeyModel.collection.insertOne({
      _id: keyId(key) as never,
      bodyHash: bodyHashOf(body),
      state: 'in_progress',
      holder: 'a-request',
      process: 'another-process',
      createdAt: minutesAgo(60),
      updatedAt: minutesAgo(60),
    });
    const before = arrivals;
    const replay = post(key, body);
    await until(
      async () => arrivals,
      (n) => n > before,
    );
    // The other process finishes:
    await IdempotencyKeyModel.collection.updateOne(
      { _id: keyId(key) as never },
      { $set: { state: 'done', status: 201, body: { id: 'remote-thing' }, location: '/things/remote-thing' } },
    );
    const res = await replay;
    expect([res.status, res.data, res.headers['idempotency-replayed']]).toEqual([201, { id: 'remote-thing' }, 'true']);
    expect(held.runs).toBe(0);
  });
});

describe('a claim whose holder died', () => {
  const claimOfProcess = async (key: string, body: object, process: string, at: Date) =>
    IdempotencyKeyModel.collection.insertOne({
      _id: keyId(key) as never,
      bodyHash: bodyHashOf(body),
      state: 'in_progress',
      holder: 'a-request',
      process,
      createdAt: at,
      updatedAt: at,
    });

  it(`is taken over once its process has not renewed its lease for ${HOLDER_DEAD_AFTER_MS / 1000} s`, async () => {
    const held = heldCreate();
    held.open();
    const key = `dead-${randomUUID()}`;
    const body = { name: 'e' };
    const stale = new Date(Date.now() - HOLDER_DEAD_AFTER_MS - 60_000);
    await IdempotencyHolderModel.collection.insertOne({
      _id: 'dead-process' as never,
      heartbeatAt: stale,
      createdAt: minutesAgo(60),
      updatedAt: stale,
    });
    await claimOfProcess(key, body, 'dead-process', minutesAgo(2));
    const res = await post(key, body);
    expect([res.status, res.data.id, held.runs]).toEqual([201, 'thing-1', 1]);
    const claim = await claimOf(key);
    expect(claim).toMatchObject({ state: 'done', status: 201, process: THIS_PROCESS });
  });

  it('is taken over when its process left no lease at all and the claim is old', async () => {
    const held = heldCreate();
    held.open();
    const key = `gone-${randomUUID()}`;
    await claimOfProcess(key, { name: 'h' }, 'vanished-process', minutesAgo(5));
    const res = await post(key, { name: 'h' });
    expect([res.status, held.runs]).toEqual([201, 1]);
  });
});

describe('the same key with another body', () => {
  it('is 409 idempotency.key_reused, while the first runs and after it finished', async () => {
    const held = heldCreate();
    const key = `reuse-${randomUUID()}`;
    const first = post(key, { name: 'f' });
    await until(
      () => claimOf(key),
      (c) => c?.state === 'in_progress',
    );
    const during = await post(key, { name: 'other' });
    held.open();
    expect((await first).status).toBe(201);
    const after = await post(key, { name: 'other' });
    for (const res of [during, after]) expect([res.status, res.data.code]).toEqual([409, 'idempotency.key_reused']);
    expect(held.runs).toBe(1);
  });
});

describe('a create that fails', () => {
  it('frees the key: a repeat runs the create again', async () => {
    let runs = 0;
    create = async () => {
      runs++;
      if (runs === 1) throw new DomainError('request.invalid', 'not this time');
      return { status: 201, body: { id: `thing-${runs}` } };
    };
    const key = `fail-${randomUUID()}`;
    const failed = await post(key, { name: 'g' });
    expect([failed.status, failed.data.code]).toEqual([400, 'request.invalid']);
    expect(await claimOf(key)).toBeNull();
    const again = await post(key, { name: 'g' });
    expect([again.status, again.data.id, runs]).toEqual([201, 'thing-2', 2]);
  });
});
