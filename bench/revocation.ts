/**
 * npm run bench:revocation [-- --n 50 --setup 10 --limit 600] — how fast a blacklisting takes access
 * away (issue 13 §7: "a blacklisted partner's agreements are all revoked within seconds").
 *
 * On its own embedded stack (or the servers TEMPORAL_ADDRESS / MONGODB_URI name), with the API and its
 * worker in this process as the integration tests have them (test/support/api.ts, the test payload key):
 * N agreements made active with one partner through the API (timed apart); then, in the same run,
 * - the floor: N bench-only workflows (bench/revocation-floor.workflow.ts), each waiting for one signal
 *   and then running one `revokeAccess` of the same ledger connector, on a worker of their own in this
 *   process, started and granted beforehand like the agreements, signalled all at once: from the first
 *   signal to the last revoke in the ledger;
 * - the blacklisting: the DSO blacklists the partner through the API; from the request to the last of
 *   the N revokes in the ledger (`access_ledger`, polled; each row's own insert time),
 * and their ratio, with where the agreements' time went (each one's `agreement.revoking` audit event).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
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

/**
 * Sized for this project's 2-core machine: 50 agreements, 10 made at a time (each waits on its workflow's
 * updates more than on the cores); `--n 100` or more for a larger partner.
 */
const DEFAULTS = { n: 50, setup: 10, limit: 600 };
/** How often the ledger (and the rows) are read while waiting, and progress is said. */
const POLL_MS = 250;
const PROGRESS_MS = 10_000;

const claims = {
  requester: { sub: 'bench.requester', roles: ['requester'], unit: 'unit-a' },
  unitHead: { sub: 'bench.head', roles: ['unit_head'], unit: 'unit-a' },
  reviewer: { sub: 'bench.reviewer', roles: ['security_reviewer'], unit: 'security' },
  dso: { sub: 'bench.dso', roles: ['dso'], unit: 'security' },
} satisfies Record<string, Claims>;
type Clients = Record<keyof typeof claims, AxiosInstance>;

const noop = () => undefined;
/** Keeps webpack's report of the floor's bundle out of the figures. */
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
/** Both languages, each on its line. */
const say = (zh: string, en: string) => console.log(`${zh}\n${en}`);
const progress = (line: string) => console.error(`[bench] ${line}`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, setup: { type: 'string' }, limit: { type: 'string' } },
  });
  const [n, setup, limit] = (['n', 'setup', 'limit'] as const).map((name) => {
    const value = Number(values[name] ?? DEFAULTS[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, not ${values[name]}`);
    return value;
  }) as [number, number, number];
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
  });
  // The API's request log and the activities' info lines are not the figures.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const loadAtStart = load();
  const store = process.env.MONGODB_URI ? 'external' : 'the embedded stack (src/dev/stack.ts)';
  const stack = await startStack({ say: progress });
  // Whatever was started is stopped, the last first, also when a step fails.
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    // The test harness finds the servers where jest's global setup puts them (the test server it does not use).
    process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
    process.env.MONGODB_URI = stack.mongoUri;
    process.env.DATAPACT_TEST_SERVER ??= 'unused by the bench';
    const api = await startApi('bench_revocation');
    cleanups.push(() => api.stop());
    const floorConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    cleanups.push(() => floorConnection.close());
    const floorQueue = `${api.taskQueue}-floor`;
    const floorWorker = await createWorker({
      connection: floorConnection,
      namespace: 'default',
      taskQueue: floorQueue,
      payloads: TEST_PAYLOAD_CONFIG,
      workflowBundle: await bundleWorkflows({
        workflowsPath: require.resolve('./revocation-floor.workflow'),
        logger: quiet,
      }),
    });
    const floorRunning = floorWorker.run();
    cleanups.push(async () => {
      floorWorker.shutdown();
      await floorRunning;
    });

    const clients = Object.fromEntries(
      await Promise.all(Object.entries(claims).map(async ([who, c]) => [who, await api.client(c)])),
    ) as Clients;
    const partnerId = await anApprovedPartner(api, clients);
    const asset = await clients.dso.post('/api/assets', anAsset());
    if (asset.status !== 201) throw new Error(`asset: ${asset.status} ${JSON.stringify(asset.data)}`);

    const setupStarted = Date.now();
    const agreementIds = await activeAgreements(clients, partnerId, asset.data.id, n, setup, limit);
    const setupMs = Date.now() - setupStarted;
    progress(`${n} agreements active in ${seconds(setupMs)} s`);

    const loadAtMeasure = load();
    const floor = await measureFloor(api, floorQueue, n, limit);
    progress(`floor: ${floor.revoked}/${n} revoked, the last ${seconds(floor.lastMs)} s after the first signal`);
    const blacklisting = await measureBlacklisting(api.temporal, clients, partnerId, agreementIds, limit);

    report({ n, setup, limit, setupMs, floor, blacklisting, loadAtStart, loadAtMeasure, store });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** Retries a step its workflow is not ready for yet (its process answers 409 until it gets there). */
async function whenReady<T extends { status: number }>(step: () => Promise<T>, ok: (r: T) => boolean): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await step();
    if (ok(res) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** A partner nominated, answered (the most capable answers: low risk, cleared for important data) and approved. */
async function anApprovedPartner(api: ApiHarness, clients: Clients): Promise<string> {
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

/** N requests of unit A drafted, submitted, approved by its unit head and a reviewer, and awaited active. */
async function activeAgreements(
  clients: Clients,
  partnerId: string,
  assetId: string,
  n: number,
  concurrency: number,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  const expect = async (what: string, sent: Promise<{ status: number; data: { id?: string } }>, status: number) => {
    const res = await sent;
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data;
  };
  let made = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (made < n) {
        made += 1;
        const request = anAgreementRequest(partnerId, assetId, { controls: [...R7_CONTROLS] });
        const draft = await expect(
          'draft',
          clients.requester.post('/api/agreements', { title: 'bench', request }),
          201,
        );
        const path = `/api/agreements/${draft.id}`;
        await expect('submission', clients.requester.post(`${path}/submission`, {}), 200);
        await expect(
          'unit head',
          clients.unitHead.post(`${path}/decisions`, { stage: 'unit_head', outcome: 'approve' }),
          200,
        );
        const stage = { stage: 'security_review', outcome: 'approve' };
        await expect('reviewer', clients.reviewer.post(`${path}/decisions`, stage), 200);
        ids.push(draft.id!);
      }
    }),
  );
  const active = await waitFor('agreements active', n, limit, async () => {
    const rows = await AgreementRowModel.find({ partnerId }, { status: 1 }).lean<{ status: string }[]>();
    return rows.filter((r) => r.status === 'active').length;
  });
  if (active < n) throw new Error(`only ${active} of ${n} agreements became active within ${limit} s`);
  return ids;
}

interface Revocations {
  /** How many of the N were revoked in the ledger before the limit. */
  revoked: number;
  /** From the trigger to the first and the last of them. */
  firstMs: number;
  lastMs: number;
  /** From the trigger to each one's revoke, in order. */
  eachMs: number[];
}

/** Reads the ledger until each agreement has its revoke (or the limit); when they were inserted, from `since`. */
async function revokesOf(agreementIds: readonly string[], since: number, limit: number): Promise<Revocations> {
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
async function measureFloor(api: ApiHarness, taskQueue: string, n: number, limit: number) {
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

/** The DSO blacklists the partner: until each agreement's revoke is in the ledger, and its row says revoked. */
async function measureBlacklisting(
  temporal: Client,
  clients: Clients,
  partnerId: string,
  agreementIds: string[],
  limit: number,
) {
  const started = Date.now();
  const blacklisted = await clients.dso.post(`/api/partners/${partnerId}/blacklisting`, { reason: 'bench' });
  if (blacklisted.status !== 200) throw new Error(`blacklisting: ${blacklisted.status}`);
  const answeredMs = Date.now() - started;
  const revocations = await revokesOf(agreementIds, started, limit);
  const revokedRows = await waitFor('rows revoked', agreementIds.length, limit, async () => {
    const rows = await AgreementRowModel.find({ partnerId }, { status: 1 }).lean<{ status: string }[]>();
    return rows.filter((r) => r.status === 'revoked').length;
  });
  const rowsMs = Date.now() - started;
  // When each agreement's story began its revocation (its `agreement.revoking` event, in workflow time).
  const wanted = new Set(agreementIds);
  const revoking = (
    await AuditEventModel.find({ action: 'agreement.revoking' }, { subject: 1, at: 1 }).lean<
      { subject: { id: string }; at: Date }[]
    >()
  )
    .filter((e) => wanted.has(e.subject.id))
    .map((e) => e.at.getTime() - started)
    .sort((a, b) => a - b);
  const retried = await retriedAttempts(
    temporal,
    agreementIds.map((id) => `agreement-${id}`),
    started,
  );
  return { ...revocations, answeredMs, revokedRows, rowsMs, revoking, retried };
}

/** How many histories are read at once when counting retried attempts. */
const HISTORY_READS = 10;

/**
 * The activity attempts after `since` that were retries, by activity type and by why the previous
 * attempt failed (e.g. "activity StartToClose timeout": an attempt that never reported back, retried
 * only when its start-to-close timeout ran out). They are where a long tail of the revocations comes from.
 */
async function retriedAttempts(temporal: Client, workflowIds: readonly string[], since: number) {
  const counts = new Map<string, number>();
  const queue = [...workflowIds];
  const msOf = (t?: { seconds?: unknown; nanos?: number | null } | null) =>
    Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  await Promise.all(
    Array.from({ length: HISTORY_READS }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const history = await temporal.workflow.getHandle(id).fetchHistory();
        const typeOf = new Map<string, string>();
        for (const event of history.events ?? []) {
          const scheduled = event.activityTaskScheduledEventAttributes;
          if (scheduled) typeOf.set(String(event.eventId), scheduled.activityType?.name ?? '?');
          const started = event.activityTaskStartedEventAttributes;
          if (!started || (started.attempt ?? 1) <= 1 || msOf(event.eventTime) < since) continue;
          const key = `${typeOf.get(String(started.scheduledEventId)) ?? '?'}: ${started.lastFailure?.message ?? '?'}`;
          counts.set(key, (counts.get(key) ?? 0) + (started.attempt ?? 1) - 1);
        }
      }
    }),
  );
  return counts;
}

const describeRetried = (retried: Map<string, number>) =>
  retried.size === 0
    ? '0'
    : [...retried]
        .sort((a, b) => b[1] - a[1])
        .map(([what, count]) => `${count} × ${what}`)
        .join('; ');

/** The q-quantile of ascending figures (nearest rank); NaN when there are none. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? sorted[0] ?? NaN;
}

/** Polls `count` until it reaches `n` or `limit` seconds pass, saying how far it got now and then; the last count. */
async function waitFor(what: string, n: number, limit: number, count: () => Promise<number>): Promise<number> {
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

function report(r: {
  n: number;
  setup: number;
  limit: number;
  setupMs: number;
  floor: Revocations & { signalledMs: number; retried: Map<string, number> };
  blacklisting: Revocations & {
    answeredMs: number;
    revokedRows: number;
    rowsMs: number;
    revoking: number[];
    retried: Map<string, number>;
  };
  loadAtStart: string;
  loadAtMeasure: string;
  store: string;
}) {
  const { n, floor, blacklisting: b } = r;
  const at = (q: number) => quantile(b.revoking, q);
  const complete = b.revoked === n && floor.revoked === n;
  const ratio = complete ? (b.lastMs / floor.lastMs).toFixed(1) : '—';
  const { store } = r;
  console.log('');
  say(
    `DataPact bench:revocation — ${n} 个协议、同一合作方；存储：${store}；负载（uptime，1/5/15 分钟）开始 ${r.loadAtStart}，测量前 ${r.loadAtMeasure}，结束 ${load()}（${os.cpus().length} 核）`,
    `DataPact bench:revocation — ${n} agreements with one partner; store: ${store}; load (uptime, 1/5/15 min) at start ${r.loadAtStart}, before measuring ${r.loadAtMeasure}, at end ${load()} (${os.cpus().length} cores)`,
  );
  say(
    `  准备：经 API 使 ${n} 个协议生效，用时 ${seconds(r.setupMs)} 秒（每次 ${Math.min(r.setup, n)} 个并行）`,
    `  setup: ${n} agreements made active through the API in ${seconds(r.setupMs)} s (${Math.min(r.setup, n)} at a time)`,
  );
  say(
    `  基线：${n} 个最简工作流（收到一个信号，执行一次台账 revokeAccess）：${floor.revoked} 个已撤销，最后一次在首个信号后 ${seconds(floor.lastMs)} 秒（首次 ${seconds(floor.firstMs)} 秒；信号发送用时 ${seconds(floor.signalledMs)} 秒）`,
    `  floor: ${n} trivial workflows (one signal, one ledger revokeAccess): ${floor.revoked} revoked, the last ${seconds(floor.lastMs)} s after the first signal (first ${seconds(floor.firstMs)} s; signals sent in ${seconds(floor.signalledMs)} s)`,
  );
  say(
    `  基线每个工作流（信号到撤销）：p50 ${seconds(quantile(floor.eachMs, 0.5))} 秒，p99 ${seconds(quantile(floor.eachMs, 0.99))} 秒`,
    `  floor per workflow (signal to revoke): p50 ${seconds(quantile(floor.eachMs, 0.5))} s, p99 ${seconds(quantile(floor.eachMs, 0.99))} s`,
  );
  say(
    `  拉黑：${b.revoked} 个已撤销，最后一次在数据安全官拉黑后 ${seconds(b.lastMs)} 秒（首次 ${seconds(b.firstMs)} 秒；拉黑请求 ${seconds(b.answeredMs)} 秒后返回，此时已通知全部协议；${b.revokedRows} 行显示已撤销：${seconds(b.rowsMs)} 秒）`,
    `  blacklisting: ${b.revoked} revoked, the last ${seconds(b.lastMs)} s after the DSO's blacklisting (first ${seconds(b.firstMs)} s; the blacklisting answered after ${seconds(b.answeredMs)} s, every agreement told by then; ${b.revokedRows} rows revoked after ${seconds(b.rowsMs)} s)`,
  );
  say(
    `  拉黑后每个协议（拉黑到撤销）：p50 ${seconds(quantile(b.eachMs, 0.5))} 秒，p99 ${seconds(quantile(b.eachMs, 0.99))} 秒`,
    `  blacklisting per agreement (blacklisting to revoke): p50 ${seconds(quantile(b.eachMs, 0.5))} s, p99 ${seconds(quantile(b.eachMs, 0.99))} s`,
  );
  say(
    `  各协议开始撤销（审计事件 agreement.revoking，工作流时间）：首个 ${seconds(at(0))} 秒，中位 ${seconds(at(0.5))} 秒，最后 ${seconds(at(1))} 秒`,
    `  each agreement began revoking (its agreement.revoking event, workflow time): first ${seconds(at(0))} s, median ${seconds(at(0.5))} s, last ${seconds(at(1))} s`,
  );
  say(
    `  重试的活动尝试（测量期间；上一次失败原因）：基线 ${describeRetried(floor.retried)}；拉黑 ${describeRetried(b.retried)}`,
    `  retried activity attempts (while measuring; why the previous attempt failed): floor ${describeRetried(floor.retried)}; blacklisting ${describeRetried(b.retried)}`,
  );
  if (complete) {
    const p50 = (quantile(b.eachMs, 0.5) / quantile(floor.eachMs, 0.5)).toFixed(1);
    say(
      `  比值：拉黑 / 基线 = ${ratio}（总时长，最后一次撤销）；p50 比值 ${p50}`,
      `  ratio: blacklisting / floor = ${ratio} (total, to the last revoke); p50 ratio ${p50}`,
    );
  } else say(`  未在 ${r.limit} 秒内全部撤销：无比值`, `  not every access was revoked within ${r.limit} s: no ratio`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
