/**
 * What the sharing benchmarks share (`npm run bench:revocation`, `npm run bench:containment`): their
 * arguments, their own embedded stack (or the servers TEMPORAL_ADDRESS / MONGODB_URI name) with the API and
 * its worker in this process as the integration tests have them (test/support/api.ts, the test payload
 * key), a worker for the floor's bench-only workflows (bench/revocation-floor.workflow.ts), a partner
 * approved and N agreements made active with it through the API; then the floor — N workflows that each wait
 * for one signal and run one `revokeAccess` of the same ledger connector, signalled all at once — the
 * ledger reads that time the agreements' own revokes against it, and their report's common lines.
 * `npm run bench:lifecycle` runs on the same world (`withBenchWorld`) with a floor of its own.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { AxiosInstance } from 'axios';
import { ledgerAccessConnector } from '../activities/connectors/access-ledger';
import type { Claims } from '../policies/abilities';
import { R7_CONTROLS } from '../policies/parameters';
import { startStack } from '../src/dev/stack';
import { logger } from '../src/logger';
import { AgreementRowModel } from '../src/entities/agreement';
import { AccessLedgerModel } from '../src/models/access-ledger.model';
import { AuditEventModel } from '../src/models/audit-event.model';
import { bundleWorkflows, createWorker } from '../src/worker';
import { startApi, type ApiHarness } from '../test/support/api';
import { TEST_PAYLOAD_CONFIG } from '../test/support/env';
import { aNomination, aPartnerUser, anAgreementRequest, anAsset, answersOf } from '../test/support/factories';
import { floorReadyQuery, revocationFloor, revokeFloorSignal } from './revocation-floor.workflow';

/** How often the ledger (and the rows) are read while waiting, and progress is said. */
const POLL_MS = 250;
const PROGRESS_MS = 10_000;

export const claims = {
  requester: { sub: 'bench.requester', roles: ['requester'], unit: 'unit-a' },
  unitHead: { sub: 'bench.head', roles: ['unit_head'], unit: 'unit-a' },
  reviewer: { sub: 'bench.reviewer', roles: ['security_reviewer'], unit: 'security' },
  dso: { sub: 'bench.dso', roles: ['dso'], unit: 'security' },
} satisfies Record<string, Claims>;
export type Clients = Record<keyof typeof claims, AxiosInstance>;

const noop = () => undefined;
/** Keeps webpack's report of the floor's bundle out of the figures. */
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
/** Both languages, each on its line. */
export const say = (zh: string, en: string) => console.log(`${zh}\n${en}`);
export const progress = (line: string) => console.error(`[bench] ${line}`);
export const seconds = (ms: number) => (ms / 1000).toFixed(2);
export const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface BenchArgs {
  /** Agreements with the one partner. */
  n: number;
  /** Agreements made active at a time. */
  setup: number;
  /** Seconds to wait for each phase. */
  limit: number;
}

/** `--n`, `--setup`, `--limit` (or `BENCH_N` for `--n`), each a whole number, else the defaults. */
export function benchArgs(defaults: BenchArgs): BenchArgs {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, setup: { type: 'string' }, limit: { type: 'string' } },
  });
  const given = { n: values.n ?? process.env.BENCH_N, setup: values.setup, limit: values.limit };
  const [n, setup, limit] = (['n', 'setup', 'limit'] as const).map((name) => {
    const value = Number(given[name] ?? defaults[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, not ${given[name]}`);
    return value;
  }) as [number, number, number];
  return { n, setup, limit };
}

/** What a benchmark runs on: the API, its clients, the floor's queue, an approved partner and an asset. */
export interface BenchWorld {
  api: ApiHarness;
  clients: Clients;
  floorQueue: string;
  partnerId: string;
  assetId: string;
  loadAtStart: string;
  store: string;
}

/** What a sharing benchmark measures on: a bench world with N agreements made active with its partner. */
export interface SharingWorld extends BenchWorld {
  agreementIds: string[];
  setupMs: number;
}

/** A worker for a floor's bench-only workflows on `taskQueue`. */
export type FloorWorker = (connection: NativeConnection, taskQueue: string) => Promise<Worker>;

/** The bundle of a floor's workflows (`workflowsPath`), webpack's report of it kept out of the figures. */
export const floorBundle = (workflowsPath: string) => bundleWorkflows({ workflowsPath, logger: quiet });

/**
 * Starts the stack, the API, its worker and the floor's worker (`floorWorker`), makes the partner and the
 * asset, runs `use` on them, and stops everything it started (the last first), also on a failure.
 */
export async function withBenchWorld<T>(
  name: string,
  floorWorker: FloorWorker,
  use: (world: BenchWorld) => Promise<T>,
): Promise<T> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
  });
  // The API's request log and the activities' info lines are not the figures.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const loadAtStart = load();
  const store = process.env.MONGODB_URI ? 'external' : 'the embedded stack (src/dev/stack.ts)';
  const stack = await startStack({ say: progress });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    // The test harness finds the servers where jest's global setup puts them (the test server it does not use).
    process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
    process.env.MONGODB_URI = stack.mongoUri;
    process.env.DATAPACT_TEST_SERVER ??= 'unused by the bench';
    const api = await startApi(name);
    cleanups.push(() => api.stop());
    const floorConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    cleanups.push(() => floorConnection.close());
    const floorQueue = `${api.taskQueue}-floor`;
    const worker = await floorWorker(floorConnection, floorQueue);
    const floorRunning = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await floorRunning;
    });

    const clients = Object.fromEntries(
      await Promise.all(Object.entries(claims).map(async ([who, c]) => [who, await api.client(c)])),
    ) as Clients;
    const partnerId = await anApprovedPartner(api, clients);
    const asset = await clients.dso.post('/api/assets', anAsset());
    if (asset.status !== 201) throw new Error(`asset: ${asset.status} ${JSON.stringify(asset.data)}`);
    return await use({ api, clients, floorQueue, partnerId, assetId: asset.data.id as string, loadAtStart, store });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** The revocation floor's worker (bench/revocation-floor.workflow.ts), with the real activities. */
const revocationFloorWorker: FloorWorker = async (connection, taskQueue) =>
  createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    payloads: TEST_PAYLOAD_CONFIG,
    workflowBundle: await floorBundle(require.resolve('./revocation-floor.workflow')),
  });

/**
 * A bench world with the revocation floor's worker and N agreements made active with its partner, `args.setup`
 * at a time; runs `measure` on them, and stops everything it started.
 */
export async function withSharingWorld<T>(
  name: string,
  args: BenchArgs,
  measure: (world: SharingWorld) => Promise<T>,
): Promise<T> {
  return withBenchWorld(name, revocationFloorWorker, async (world) => {
    const setupStarted = Date.now();
    const agreementIds = await activeAgreements(world, args.n, args.setup, args.limit);
    const setupMs = Date.now() - setupStarted;
    progress(`${args.n} agreements active in ${seconds(setupMs)} s`);
    return await measure({ ...world, agreementIds, setupMs });
  });
}

/** What a sharing benchmark's event (a blacklisting, an incident) measured: at least its revokes and its retried attempts. */
export type Measured = Revocations & { retried: Map<string, number> };
/** The floor's figures (`measureFloor`). */
export type Floor = Measured & { signalledMs: number };

/** One run of a sharing benchmark: its arguments, its world's setup, the floor and the event it measured. */
export interface SharingRun<E extends Measured> extends BenchArgs {
  setupMs: number;
  loadAtStart: string;
  loadAtMeasure: string;
  store: string;
  floor: Floor;
  event: E;
}

/**
 * A sharing benchmark's whole run: its arguments (`defaults` where none are given), its world, the floor, then
 * `measure`'s event on the same agreements, and `report`; a failure is printed and the process exits 1.
 */
export function runSharingBench<E extends Measured>(
  name: string,
  defaults: BenchArgs,
  measure: (world: SharingWorld, limit: number) => Promise<E>,
  report: (run: SharingRun<E>) => void,
): void {
  const main = async () => {
    const args = benchArgs(defaults);
    await withSharingWorld(name, args, async (world) => {
      const loadAtMeasure = load();
      const floor = await measureFloor(world.api, world.floorQueue, args.n, args.limit);
      progress(`floor: ${floor.revoked}/${args.n} revoked, the last ${seconds(floor.lastMs)} s after the first signal`);
      const event = await measure(world, args.limit);
      const { setupMs, loadAtStart, store } = world;
      report({ ...args, setupMs, loadAtStart, loadAtMeasure, store, floor, event });
    });
  };
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/** Retries a step its workflow is not ready for yet (its process answers 409 until it gets there). */
export async function whenReady<T extends { status: number }>(
  step: () => Promise<T>,
  ok: (r: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await step();
    if (ok(res) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** A partner nominated, answered (the most capable answers: low risk, cleared for important data) and approved. */
export async function anApprovedPartner(
  api: ApiHarness,
  clients: Pick<Clients, 'requester' | 'reviewer'>,
): Promise<string> {
  const nominated = await clients.requester.post('/api/partners', aNomination());
  if (nominated.status !== 201) throw new Error(`nomination: ${nominated.status} ${JSON.stringify(nominated.data)}`);
  const id = nominated.data.id as string;
  const portal = await api.client(aPartnerUser(id));
  await whenReady(
    () => portal.post(`/api/partners/${id}/answers`, { answers: answersOf('best') }),
    (r) => r.status === 200,
  );
  const approved = await whenReady(
    () => clients.reviewer.post(`/api/partners/${id}/decision`, { outcome: 'approve' }),
    (r) => r.status === 200 && r.data.status === 'approved',
  );
  if (approved.data.status !== 'approved') throw new Error(`the bench partner is not approved: ${approved.status}`);
  return id;
}

/** Throws unless the response has `status`; its body. */
export async function expectStatus(
  what: string,
  sent: Promise<{ status: number; data: { id?: string } }>,
  status: number,
) {
  const res = await sent;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

/** A request of unit A drafted, submitted, and approved by its unit head and a reviewer; its agreement's id. */
export async function anApprovedAgreement(clients: Clients, partnerId: string, assetId: string): Promise<string> {
  const request = anAgreementRequest(partnerId, assetId, { controls: [...R7_CONTROLS] });
  const draft = await expectStatus(
    'draft',
    clients.requester.post('/api/agreements', { title: 'bench', request }),
    201,
  );
  const path = `/api/agreements/${draft.id}`;
  await expectStatus('submission', clients.requester.post(`${path}/submission`, {}), 200);
  await expectStatus(
    'unit head',
    clients.unitHead.post(`${path}/decisions`, { stage: 'unit_head', outcome: 'approve' }),
    200,
  );
  const stage = { stage: 'security_review', outcome: 'approve' };
  await expectStatus('reviewer', clients.reviewer.post(`${path}/decisions`, stage), 200);
  return draft.id!;
}

/** N agreements approved (`anApprovedAgreement`), `concurrency` at a time, and awaited active. */
async function activeAgreements(
  { clients, partnerId, assetId }: BenchWorld,
  n: number,
  concurrency: number,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (made < n) {
        made += 1;
        ids.push(await anApprovedAgreement(clients, partnerId, assetId));
      }
    }),
  );
  const active = await waitFor('agreements active', n, limit, () => rowsSaying(partnerId, 'active'));
  if (active < n) throw new Error(`only ${active} of ${n} agreements became active within ${limit} s`);
  return ids;
}

/** How many of the partner's agreement rows say `status`. */
export async function rowsSaying(partnerId: string, status: string): Promise<number> {
  const rows = await AgreementRowModel.find({ partnerId }, { status: 1 }).lean<{ status: string }[]>();
  return rows.filter((r) => r.status === status).length;
}

/** When each of the agreements' stories recorded `action` (its audit event, in workflow time), from `since`, ascending. */
export async function auditTimesOf(action: string, agreementIds: readonly string[], since: number): Promise<number[]> {
  const wanted = new Set(agreementIds);
  const events = await AuditEventModel.find({ action }, { subject: 1, at: 1 }).lean<
    { subject: { id: string }; at: Date }[]
  >();
  return events
    .filter((e) => wanted.has(e.subject.id))
    .map((e) => e.at.getTime() - since)
    .sort((a, b) => a - b);
}

export interface Revocations {
  /** How many of the N were revoked in the ledger before the limit. */
  revoked: number;
  /** From the trigger to the first and the last of them. */
  firstMs: number;
  lastMs: number;
  /** From the trigger to each one's revoke, in order. */
  eachMs: number[];
}

/** Reads the ledger until each agreement has its revoke (or the limit); when they were inserted, from `since`. */
export async function revokesOf(agreementIds: readonly string[], since: number, limit: number): Promise<Revocations> {
  const wanted = new Set(agreementIds);
  let times: number[] = [];
  await waitFor('revokes in the ledger', wanted.size, limit, async () => {
    const rows = await AccessLedgerModel.find({ action: 'revoke' }, { agreementId: 1, recordedAt: 1 }).lean<
      { agreementId: string; recordedAt: Date }[]
    >();
    times = rows.filter((r) => wanted.has(r.agreementId)).map((r) => r.recordedAt.getTime());
    return times.length;
  });
  const eachMs = times.map((t) => t - since).sort((a, b) => a - b);
  return { revoked: eachMs.length, firstMs: eachMs[0] ?? NaN, lastMs: eachMs.at(-1) ?? NaN, eachMs };
}

/** N floor workflows, each granted in the ledger first (so that its revoke does an agreement's work), signalled at once. */
export async function measureFloor(api: ApiHarness, taskQueue: string, n: number, limit: number): Promise<Floor> {
  const ledger = ledgerAccessConnector({ ledger: AccessLedgerModel });
  const ids = Array.from({ length: n }, () => randomUUID());
  const handles = await Promise.all(
    ids.map(async (agreementId) => {
      await ledger.grant({
        key: `grant:${agreementId}:v1`,
        agreementId,
        version: 1,
        partnerId: 'bench-floor',
        scope: { assets: [], controls: [], validUntil: new Date(Date.now() + 86_400_000).toISOString() },
      });
      return await api.temporal.workflow.start(revocationFloor, {
        workflowId: `bench-floor-${agreementId}`,
        taskQueue,
        args: [{ agreementId, version: 1 }],
      });
    }),
  );
  // Every one has run its first task and waits for its signal, as the agreements wait for theirs.
  await Promise.all(handles.map((h) => h.query(floorReadyQuery)));
  const started = Date.now();
  await Promise.all(handles.map((h) => h.signal(revokeFloorSignal, { reason: 'bench floor' })));
  const signalledMs = Date.now() - started;
  const revocations = await revokesOf(ids, started, limit);
  const retried = await retriedAttempts(
    api.temporal,
    ids.map((id) => `bench-floor-${id}`),
    started,
  );
  return { ...revocations, signalledMs, retried };
}

/** How many histories are read at once when counting retried attempts. */
const HISTORY_READS = 10;

/**
 * The activity attempts after `since` that were retries, by activity type and by why the previous
 * attempt failed (e.g. "activity StartToClose timeout": an attempt that never reported back, retried
 * only when its start-to-close timeout ran out). They are where a long tail of the revocations comes from.
 */
export async function retriedAttempts(temporal: Client, workflowIds: readonly string[], since: number) {
  const counts = new Map<string, number>();
  await eachHistory(temporal, workflowIds, (events) => {
    const typeOf = new Map<string, string>();
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) typeOf.set(String(event.eventId), scheduled.activityType?.name ?? '?');
      const started = event.activityTaskStartedEventAttributes;
      if (!started || (started.attempt ?? 1) <= 1 || eventMs(event) < since) continue;
      const key = `${typeOf.get(String(started.scheduledEventId)) ?? '?'}: ${started.lastFailure?.message ?? '?'}`;
      counts.set(key, (counts.get(key) ?? 0) + (started.attempt ?? 1) - 1);
    }
  });
  return counts;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** When an event happened, in epoch ms. */
const eventMs = (event: HistoryEvent) =>
  Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/** Reads the histories of `workflowIds`, HISTORY_READS at a time, and hands each one's events to `visit`. */
async function eachHistory(
  temporal: Client,
  workflowIds: readonly string[],
  visit: (events: HistoryEvent[]) => void,
): Promise<void> {
  const queue = [...workflowIds];
  await Promise.all(
    Array.from({ length: HISTORY_READS }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        visit((await temporal.workflow.getHandle(id).fetchHistory()).events ?? []);
      }
    }),
  );
}

/** Where a workflow's time went, summed over the histories read: per activity type and for workflow tasks. */
export interface TimeBreakdown {
  runs: number;
  /** Per activity type (and `workflow task`): how many, time queued (scheduled → started), time running. */
  steps: Map<string, { count: number; queuedMs: number; runningMs: number }>;
  /** First event to last, summed. */
  wallMs: number;
}

/**
 * Sums, over the histories of `workflowIds`, per activity type and for the workflow tasks, the time from
 * scheduled to started (waiting for a worker) and from started to completed.
 */
export async function timeBreakdownOf(temporal: Client, workflowIds: readonly string[]): Promise<TimeBreakdown> {
  const steps: TimeBreakdown['steps'] = new Map();
  let wallMs = 0;
  await eachHistory(temporal, workflowIds, (events) => {
    const at = new Map<string, { name: string; scheduled: number; started?: number }>();
    for (const event of events) {
      const time = eventMs(event);
      const activity = event.activityTaskScheduledEventAttributes;
      if (activity) at.set(String(event.eventId), { name: activity.activityType?.name ?? '?', scheduled: time });
      if (event.workflowTaskScheduledEventAttributes) {
        at.set(String(event.eventId), { name: 'workflow task', scheduled: time });
      }
      const started = event.activityTaskStartedEventAttributes ?? event.workflowTaskStartedEventAttributes;
      const entry = started ? at.get(String(started.scheduledEventId)) : undefined;
      if (entry) entry.started = time;
      const done = event.activityTaskCompletedEventAttributes ?? event.workflowTaskCompletedEventAttributes;
      const step = done ? at.get(String(done.scheduledEventId)) : undefined;
      if (step?.started !== undefined) {
        const sum = steps.get(step.name) ?? { count: 0, queuedMs: 0, runningMs: 0 };
        sum.count += 1;
        sum.queuedMs += step.started - step.scheduled;
        sum.runningMs += time - step.started;
        steps.set(step.name, sum);
      }
    }
    if (events.length > 0) wallMs += eventMs(events.at(-1)!) - eventMs(events[0]!);
  });
  return { runs: workflowIds.length, steps, wallMs };
}

/** Prints a breakdown per run: each step's count, time queued and running, the largest first. */
export function sayBreakdown(zhTitle: string, enTitle: string, b: TimeBreakdown): void {
  const per = (ms: number) => (ms / Math.max(b.runs, 1)).toFixed(0);
  say(
    `  ${zhTitle}（${b.runs} 个历史的平均值，毫秒；首末事件间 ${per(b.wallMs)}）`,
    `  ${enTitle} (mean of ${b.runs} histories, ms; first to last event ${per(b.wallMs)})`,
  );
  const rows = [...b.steps].sort((x, y) => y[1].queuedMs + y[1].runningMs - (x[1].queuedMs + x[1].runningMs));
  for (const [name, s] of rows) {
    const count = (s.count / Math.max(b.runs, 1)).toFixed(1);
    say(
      `    ${name}：${count} 次，排队 ${per(s.queuedMs)}，执行 ${per(s.runningMs)}`,
      `    ${name}: ${count}×, queued ${per(s.queuedMs)}, running ${per(s.runningMs)}`,
    );
  }
}

export const describeRetried = (retried: Map<string, number>) =>
  retried.size === 0
    ? '0'
    : [...retried]
        .sort((a, b) => b[1] - a[1])
        .map(([what, count]) => `${count} × ${what}`)
        .join('; ');

/** The q-quantile of ascending figures (nearest rank); NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? sorted[0] ?? NaN;
}

/** Polls `count` until it reaches `n` or `limit` seconds pass, saying how far it got now and then; the last count. */
export async function waitFor(what: string, n: number, limit: number, count: () => Promise<number>): Promise<number> {
  const started = Date.now();
  let said = started;
  for (;;) {
    const got = await count();
    if (got >= n) return got;
    if (Date.now() - started > limit * 1000) {
      progress(`${what}: gave up at ${got}/${n} after ${limit} s`);
      return got;
    }
    if (Date.now() - said > PROGRESS_MS) {
      progress(`${what}: ${got}/${n} after ${seconds(Date.now() - started)} s`);
      said = Date.now();
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
/** How a report names the event it measures and what that event is timed from, in both languages. */
export interface EventNames {
  zh: string;
  en: string;
  fromZh: string;
  fromEn: string;
}

/** Whether every access was revoked, by the event and by the floor, within the limit. */
export const isComplete = (r: SharingRun<Measured>) => r.event.revoked === r.n && r.floor.revoked === r.n;

/** A report's first lines: the bench, N, the store and the load (then `machine`, if any), and the setup. */
export function sayRun(
  bench: string,
  r: SharingRun<Measured>,
  machine: { zh: string; en: string } = { zh: '', en: '' },
) {
  const { n } = r;
  console.log('');
  say(
    `DataPact ${bench} — ${n} 个协议、同一合作方；存储：${r.store}；负载（uptime，1/5/15 分钟）开始 ${r.loadAtStart}，测量前 ${r.loadAtMeasure}，结束 ${load()}${machine.zh}`,
    `DataPact ${bench} — ${n} agreements with one partner; store: ${r.store}; load (uptime, 1/5/15 min) at start ${r.loadAtStart}, before measuring ${r.loadAtMeasure}, at end ${load()}${machine.en}`,
  );
  say(
    `  准备：经 API 使 ${n} 个协议生效，用时 ${seconds(r.setupMs)} 秒（每次 ${Math.min(r.setup, n)} 个并行）`,
    `  setup: ${n} agreements made active through the API in ${seconds(r.setupMs)} s (${Math.min(r.setup, n)} at a time)`,
  );
  sayFloor(n, r.floor);
}

/** The event's line of p50 and p99 per agreement, from the event to each one's revoke. */
export function sayPerAgreement(names: EventNames, event: Revocations): void {
  say(
    `  ${names.zh}后每个协议（${names.fromZh}到撤销）：p50 ${seconds(quantile(event.eachMs, 0.5))} 秒，p99 ${seconds(quantile(event.eachMs, 0.99))} 秒`,
    `  ${names.en} per agreement (${names.fromEn} to revoke): p50 ${seconds(quantile(event.eachMs, 0.5))} s, p99 ${seconds(quantile(event.eachMs, 0.99))} s`,
  );
}

/** A report's last common lines: the attempts retried, by the floor and by the event, and their ratio (if complete). */
export function sayRetriedAndRatio(names: EventNames, r: SharingRun<Measured>): void {
  const { floor, event } = r;
  say(
    `  重试的活动尝试（测量期间；上一次失败原因）：基线 ${describeRetried(floor.retried)}；${names.zh} ${describeRetried(event.retried)}`,
    `  retried activity attempts (while measuring; why the previous attempt failed): floor ${describeRetried(floor.retried)}; ${names.en} ${describeRetried(event.retried)}`,
  );
  if (isComplete(r)) {
    const ratio = (event.lastMs / floor.lastMs).toFixed(1);
    const p50 = (quantile(event.eachMs, 0.5) / quantile(floor.eachMs, 0.5)).toFixed(1);
    say(
      `  比值：${names.zh} / 基线 = ${ratio}（总时长，最后一次撤销）；p50 比值 ${p50}`,
      `  ratio: ${names.en} / floor = ${ratio} (total, to the last revoke); p50 ratio ${p50}`,
    );
  } else say(`  未在 ${r.limit} 秒内全部撤销：无比值`, `  not every access was revoked within ${r.limit} s: no ratio`);
}

/** The floor's lines of a report: its revokes, the last, and each one's. */
function sayFloor(n: number, floor: Revocations & { signalledMs: number }): void {
  say(
    `  基线：${n} 个最简工作流（收到一个信号，执行一次台账 revokeAccess）：${floor.revoked} 个已撤销，最后一次在首个信号后 ${seconds(floor.lastMs)} 秒（首次 ${seconds(floor.firstMs)} 秒；信号发送用时 ${seconds(floor.signalledMs)} 秒）`,
    `  floor: ${n} trivial workflows (one signal, one ledger revokeAccess): ${floor.revoked} revoked, the last ${seconds(floor.lastMs)} s after the first signal (first ${seconds(floor.firstMs)} s; signals sent in ${seconds(floor.signalledMs)} s)`,
  );
  say(
    `  基线每个工作流（信号到撤销）：p50 ${seconds(quantile(floor.eachMs, 0.5))} 秒，p99 ${seconds(quantile(floor.eachMs, 0.99))} 秒`,
    `  floor per workflow (signal to revoke): p50 ${seconds(quantile(floor.eachMs, 0.5))} s, p99 ${seconds(quantile(floor.eachMs, 0.99))} s`,
  );
}
