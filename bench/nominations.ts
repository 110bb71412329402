/**
 * npm run bench:nominations — concurrent nominations through the running API, each sent twice with the
 * same Idempotency-Key, the second while the first may still run (as a client does that retries on a
 * timeout). Its own embedded stack (Temporal dev server, FerretDB), the API and a worker in this process
 * (as the integration tests run them), real signed tokens. The client is a conforming one: on 409
 * `idempotency.in_progress` it waits the Retry-After and asks again.
 *
 * Prints: duplicates created (must be 0), repeats answered with their first result (must be all), p50/p99
 * of a nomination and of its repeat, and exits non-zero on any miss.
 *   BENCH_NOMINATIONS (default 1000)  how many nominations (each sent twice)
 *   BENCH_CONCURRENCY (default all)    how many nominations in flight at once
 *   BENCH_REPEAT_AFTER_MS (default 50) the repeat leaves up to this long after its first request
 *   BENCH_REQUEST_TIMEOUT_MS (default 1 h) a request unanswered this long counts as failed (status 0)
 */
import { Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import axios, { type AxiosInstance } from 'axios';
import mongoose from 'mongoose';
import { checkCharacterOf } from '../policies/credit-code';
import type { Claims } from '../policies/abilities';
import { mintToken } from '../src/auth/jwt';
import { startStack } from '../src/dev/stack';
import { logger } from '../src/logger';
import { startAuditSequencer } from '../src/audit/audit-log';
import { PartnerModel } from '../src/entities/partner';
import { AuditEventModel } from '../src/models/audit-event.model';
import { buildApi, prepareStore } from '../src/server';
import { dataConverterFrom } from '../src/temporal/data-converter';
import { bundleWorkflows, createWorker } from '../src/worker';

const NOMINATIONS = Number(process.env.BENCH_NOMINATIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? NOMINATIONS);
const REPEAT_AFTER_MS = Number(process.env.BENCH_REPEAT_AFTER_MS ?? 50);
const REQUEST_TIMEOUT_MS = Number(process.env.BENCH_REQUEST_TIMEOUT_MS ?? 60 * 60_000);
const AUTH = { secret: 'bench-secret-0123456789abcdef0123456789abcdef', issuer: 'datapact', audience: 'datapact-api' };
const TASK_QUEUE = 'bench-nominations';
const UNITS = ['marketing', 'network-ops', 'sales', 'iot'];
const NOMINATORS = 20;

interface Answer {
  status: number;
  body: unknown;
  ms: number;
  /** 409 `idempotency.in_progress` answers waited out (Retry-After) before this one. */
  waits: number;
}

interface Pair {
  creditCode: string;
  first: Answer;
  repeat: Answer;
}

async function main() {
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const say = (line: string) => console.error(`[bench] ${line}`);
  const stack = await startStack({ say });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    await mongoose.connect(stack.mongoUri, { dbName: 'datapact_bench_nominations' });
    cleanups.push(() => mongoose.disconnect());
    await mongoose.connection.dropDatabase();
    await prepareStore();
    const sequencer = startAuditSequencer();
    cleanups.push(() => sequencer.stop());
    // A payload key of this run's own: the bench's histories are sealed as the product's are.
    const payloads = {
      DATAPACT_PAYLOAD_KEYS: `bench-1:${randomBytes(32).toString('base64')}`,
      DATAPACT_PAYLOAD_KEY_ID: 'bench-1',
    };

    const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    cleanups.push(() => nativeConnection.close());
    say('bundling the workflows for the worker…');
    const workflowBundle = await bundleWorkflows({ logger: quiet });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      payloads,
      workflowBundle,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: 'default', dataConverter: dataConverterFrom(payloads) });
    const app = buildApi(temporal, {
      AUTH_JWT_SECRET: AUTH.secret,
      AUTH_JWKS_URL: undefined,
      AUTH_ISSUER: AUTH.issuer,
      AUTH_AUDIENCE: AUTH.audience,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      BODY_LIMIT: '100kb',
      ...payloads,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    // No client-side limit but REQUEST_TIMEOUT_MS (fetch would give up after 300 s without headers).
    const http = axios.create({
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeout: REQUEST_TIMEOUT_MS,
      validateStatus: () => true,
      httpAgent: new Agent({ keepAlive: true, maxSockets: Infinity }),
    });

    const tokens = await Promise.all(
      Array.from({ length: NOMINATORS }, (_, i) => {
        const claims: Claims = { sub: `bench.nominator.${i}`, roles: ['requester'], unit: UNITS[i % UNITS.length] };
        return mintToken(claims, AUTH);
      }),
    );

    say(
      `${NOMINATIONS} nominations, ${CONCURRENCY} at a time, each repeated within ${REPEAT_AFTER_MS} ms; load ${load()}`,
    );
    const started = Date.now();
    const pairs = await inParallel(NOMINATIONS, CONCURRENCY, (i) => nominateTwice(http, tokens[i % NOMINATORS]!, i));
    const seconds = (Date.now() - started) / 1000;

    const report = await reportOf(pairs, temporal);
    print({ ...report, seconds });
    process.exitCode = report.misses.length === 0 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => say(`cleanup: ${err.message}`));
  }
}

/** One nomination sent, and the same again with the same key while the first may still run. */
async function nominateTwice(http: AxiosInstance, token: string, i: number): Promise<Pair> {
  const body = aNomination(i);
  const key = `bench-${randomUUID()}`;
  const first = send(http, token, key, body);
  await sleep(Math.random() * REPEAT_AFTER_MS);
  const repeat = send(http, token, key, body);
  return { creditCode: body.creditCode, first: await first, repeat: await repeat };
}

/** POST /api/partners as a conforming client: a 409 `idempotency.in_progress` is asked again after Retry-After. */
async function send(http: AxiosInstance, token: string, key: string, body: object): Promise<Answer> {
  const started = Date.now();
  for (let waits = 0; ; waits++) {
    const res = await http
      .post('/api/partners', body, { headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } })
      .catch((err: Error) => ({ status: 0, headers: {} as Record<string, string>, data: { error: err.message } }));
    const answer = res.data as { code?: string } | null;
    if (res.status === 409 && answer?.code === 'idempotency.in_progress') {
      await sleep(Number(res.headers['retry-after'] ?? 1) * 1000);
      continue;
    }
    return { status: res.status, body: answer, ms: Date.now() - started, waits };
  }
}

async function reportOf(pairs: Pair[], temporal: Client) {
  const codes = pairs.map((p) => p.creditCode);
  const idOf = (a: Answer) => (a.body as { id?: string } | null)?.id;
  const codeOf = (a: Answer) => (a.body as { code?: string } | null)?.code;
  const partners = await PartnerModel.countDocuments({ creditCode: { $in: codes } });
  const nominatedEvents = await AuditEventModel.countDocuments({ action: 'partner.nominated' });
  const workflows = (await temporal.workflow.count(`WorkflowType = 'partnerLifecycle' AND TaskQueue = '${TASK_QUEUE}'`))
    .count;
  // A create that ran for a key while the other request's create ran or had succeeded: two different ids,
  // or (the credit code being unique) a 409 partner.already_nominated beside a 201; in the store, more
  // workflows or partner.nominated events than partners.
  const raced = pairs.filter(
    (p) =>
      (p.first.status === 201 && p.repeat.status === 201 && idOf(p.first) !== idOf(p.repeat)) ||
      ([p.first, p.repeat].some((a) => a.status === 201) &&
        [p.first, p.repeat].some((a) => codeOf(a) === 'partner.already_nominated')),
  );
  const duplicates = raced.length + Math.max(0, workflows - partners) + Math.max(0, nominatedEvents - partners);
  const equal = pairs.filter((p) => p.first.status === p.repeat.status && same(p.first.body, p.repeat.body));
  const failed = pairs.filter((p) => p.first.status !== 201);
  const misses: string[] = [];
  if (duplicates > 0) misses.push(`${duplicates} duplicate(s) created`);
  if (equal.length !== pairs.length) {
    misses.push(`${pairs.length - equal.length} repeat(s) not equal to their first result`);
    const brief = (a: Answer) => `${a.status} ${codeOf(a) ?? idOf(a) ?? ''} after ${(a.ms / 1000).toFixed(1)} s`;
    for (const p of pairs.filter((q) => !equal.includes(q)).slice(0, 10))
      console.error(`[bench] unequal: first ${brief(p.first)}; repeat ${brief(p.repeat)}`);
  }
  if (failed.length > 0) {
    const why = new Map<string, number>();
    for (const p of failed) {
      const reason = `${p.first.status} ${codeOf(p.first) ?? (p.first.body as { error?: string })?.error ?? ''}`;
      why.set(reason, (why.get(reason) ?? 0) + 1);
    }
    misses.push(`${failed.length} nomination(s) not created (${[...why].map(([r, n]) => `${n}× ${r}`).join(', ')})`);
  }
  return {
    nominations: pairs.length,
    duplicates,
    equalRepeats: equal.length,
    partners,
    workflows,
    nominatedEvents,
    waitedOut: pairs.reduce((n, p) => n + p.first.waits + p.repeat.waits, 0),
    nomination: percentiles(pairs.map((p) => p.first.ms)),
    repeat: percentiles(pairs.map((p) => p.repeat.ms)),
    misses,
  };
}

function print(r: Awaited<ReturnType<typeof reportOf>> & { seconds: number }) {
  const ms = (v: number) => `${(v / 1000).toFixed(2)} s`;
  console.log(
    [
      '',
      `nominations                     ${r.nominations} (each sent twice with one Idempotency-Key), in ${r.seconds.toFixed(1)} s`,
      `duplicates created              ${r.duplicates}   (must be 0; partners ${r.partners}, workflows ${r.workflows}, partner.nominated events ${r.nominatedEvents})`,
      `repeats equal to their first    ${r.equalRepeats} of ${r.nominations}   (must be all)`,
      `409 in_progress waited out      ${r.waitedOut}   (Retry-After honoured, then asked again)`,
      `nomination  p50 ${ms(r.nomination.p50)}  p99 ${ms(r.nomination.p99)}  max ${ms(r.nomination.max)}`,
      `repeat      p50 ${ms(r.repeat.p50)}  p99 ${ms(r.repeat.p99)}  max ${ms(r.repeat.max)}`,
      `load        ${load()} (1, 5, 15 min) on ${os.cpus().length} cores`,
      r.misses.length === 0 ? 'OK' : `MISSED: ${r.misses.join('; ')}`,
      '',
    ].join('\n'),
  );
}

async function inParallel<T>(count: number, width: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await run(i);
      }
    }),
  );
  return results;
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

const RUN = (Date.now() % 1e5).toString().padStart(5, '0');
/** A valid credit code of its own: 91 + Beijing's division + the run and the nomination's number. */
function aNomination(i: number) {
  const first17 = `91110000${RUN}${String(i).padStart(4, '0')}`;
  return {
    legalName: `压测合作方 ${RUN}-${i} 有限公司`,
    creditCode: first17 + checkCharacterOf(first17)!,
    contacts: [{ name: '王经理', email: 'wang@example.com' }],
    dataLocations: ['CN'],
    certifications: [{ kind: 'iso27001', number: `ISMS-${i}`, expiresAt: '2030-12-31T00:00:00.000Z' }],
  };
}

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
