/**
 * npm run chaos [-- --n 200 --concurrency 25 --kill-every 20 --record-histories --keep] — agreements through
 * their whole life while the servers fail under them (issue 17.1).
 *
 * The embedded stack's servers with their files on disk (test/chaos/servers.ts), the worker in a child
 * process of its own (test/chaos/worker-child.ts), the API in this process. N lifecycles, driven only
 * through the API with the demo users' tokens, each by a small state machine that reads the agreement and
 * sends the next step (so that a step whose answer was lost is not sent twice): approvals through the
 * stages the route asks for, usage reports, early ends, emergency revocations, a partner's blacklisting,
 * withdrawals and rejections. Meanwhile the worker is SIGKILLed and restarted every few seconds, the
 * Temporal dev server is stopped and started once, and the store (FerretDB) is stopped for 20 seconds.
 * Then, at quiescence, it checks and prints: every agreement in its expected final state; the access
 * ledger (one grant per activated agreement, one effective revoke per ended one, none left granted);
 * the audit chain end to end and one event per transition; no 5xx without problem+json, no stack trace.
 * Exits 1 on any miss.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { sequencePending, startAuditSequencer, verifyAuditChain } from '../../src/audit/audit-log';
import { answerClientErrorsAsProblems, keepIdleConnectionsLonger } from '../../src/api/app';
import { demoUsers, devTokenRoute } from '../../src/dev/demo-users';
import { logger } from '../../src/logger';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { buildApi, prepareStore } from '../../src/server';
import { partnerIdOf } from '../../src/services/partners';
import { dataConverterFrom } from '../../src/temporal/data-converter';
import { bundleWorkflows } from '../../src/worker';
import { agreementWorkflowId } from '../../workflows/ids';
import { TEST_AUTH_CONFIG } from '../support/api';
import { TEST_PAYLOAD_CONFIG } from '../support/env';
import { aNomination, agreementStepBodies, anAgreementRequest, anAsset, answersOf } from '../support/factories';
import { recordHistory } from '../support/histories';
import { restartable, startChaosServers, until, type Restartable } from './servers';
import { SCENARIOS, expectedFinal, type Scenario } from './scenarios';

const DEFAULTS = { n: 200, concurrency: 25, 'kill-every': 20 };
/** How long the store stays down (issue 17.1), and the Temporal server. */
const STORE_DOWN_MS = 20_000;
const TEMPORAL_DOWN_MS = 10_000;
/** A lifecycle that has not reached its final state by then is a miss. */
const LIFECYCLE_LIMIT_MS = 10 * 60_000;
const POLL_MS = 400;
const TASK_QUEUE = 'chaos';
const BLACKLIST_SOURCE = 'manual';
/** A stack trace or an internal path in an answer. */
const LEAK = /\n\s+at [^\n]+:\d+:\d+|node_modules|\/src\/[a-z-]+\/[a-z-]+\.ts|\/work\/|Error: .*\n/;

const say = (zh: string, en: string) => console.log(`${zh}\n${en}`);
const progress = (line: string) => console.error(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Answer {
  at: number;
  method: string;
  url: string;
  status: number;
  contentType: string;
  leak: boolean;
  code: string;
}

async function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      concurrency: { type: 'string' },
      'kill-every': { type: 'string' },
      'record-histories': { type: 'boolean' },
      keep: { type: 'boolean' },
    },
  });
  const [n, concurrency, killEvery] = (['n', 'concurrency', 'kill-every'] as const).map((name) => {
    const value = Number(values[name] ?? DEFAULTS[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, not ${values[name]}`);
    return value;
  }) as [number, number, number];
  logger.level = (process.env.CHAOS_LOG_LEVEL as typeof logger.level | undefined) ?? 'silent';
  // Stopped by hand: exit, so that test/chaos/servers.ts kills every server and worker it started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!.toFixed(2);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'datapact-chaos-'));
  chmodSync(dataDir, 0o711); // the postgres system user must pass it
  progress(`files under ${dataDir}`);
  const servers = await startChaosServers(dataDir, progress);
  const cleanups: (() => Promise<unknown>)[] = [
    async () => {
      await servers.temporal.stop('SIGTERM');
      await servers.store.stop('SIGTERM');
      await servers.postgres.stop('SIGINT');
      if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
    },
  ];
  const answers: Answer[] = [];
  const misses: string[] = [];
  let worker: Restartable | undefined;
  try {
    await until('the store', () => ping(servers.mongoUri));
    await until('Temporal', () => temporalAnswers(servers.temporalAddress));
    progress('servers ready; bundling the workflows once');
    const bundlePath = path.join(dataDir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleWorkflows({ logger: quiet })).code);

    // The worker: a child process, killed and restarted.
    let workerReady = 0;
    worker = restartable({
      name: 'worker',
      // Node itself with tsx's loader, not the tsx binary: that one runs the script in a grandchild, which
      // outlives a SIGKILL of its parent (a killed worker that keeps working).
      exe: process.execPath,
      args: ['--import', 'tsx', path.resolve(__dirname, 'worker-child.ts')],
      logFile: path.join(dataDir, 'worker.log'),
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: servers.temporalAddress,
        MONGODB_URI: servers.mongoUri,
        CHAOS_TASK_QUEUE: TASK_QUEUE,
        CHAOS_BUNDLE: bundlePath,
        LOG_LEVEL: 'error',
      },
      ipc: true,
      onMessage: (m) => {
        if (m === 'ready') workerReady++;
      },
    });
    worker.start();
    cleanups.push(() => worker!.stop('SIGTERM'));

    // The API, in this process: the demo users' token route, as the dev stack has it.
    await mongoose.connect(servers.mongoUri, { serverSelectionTimeoutMS: 5_000 });
    cleanups.push(() => mongoose.disconnect());
    await prepareStore();
    const sequencer = startAuditSequencer();
    cleanups.push(() => sequencer.stop());
    const connection = await Connection.connect({ address: servers.temporalAddress });
    // Not closed at the end: a request whose caller gave up during an outage can leave an update call that the
    // client is still retrying, and closing the connection under it throws from the retry's timer (the run then
    // exited 1 after printing PASS). The process exits once the checks are printed, which ends the connection.
    const temporal = new Client({
      connection,
      namespace: 'default',
      dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
    });
    const partnerCodes = { a: aNomination(), b: aNomination() };
    const partnerIds = [partnerIdOf(partnerCodes.a.creditCode), partnerIdOf(partnerCodes.b.creditCode)];
    const signing = {
      secret: TEST_AUTH_CONFIG.AUTH_JWT_SECRET,
      issuer: TEST_AUTH_CONFIG.AUTH_ISSUER,
      audience: TEST_AUTH_CONFIG.AUTH_AUDIENCE,
    };
    const app = buildApi(
      temporal,
      { ...TEST_AUTH_CONFIG, ...TEST_PAYLOAD_CONFIG, TEMPORAL_TASK_QUEUE: TASK_QUEUE, BODY_LIMIT: '100kb' } as never,
      [devTokenRoute(() => demoUsers(partnerIds), signing)],
    );
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      keepIdleConnectionsLonger(s);
      answerClientErrorsAsProblems(s);
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tokens = (await axios.get(`${baseURL}/api/dev/tokens`)).data.users as { sub: string; token: string }[];
    const as = (sub: string): AxiosInstance => {
      const token = tokens.find((u) => u.sub === sub)!.token;
      const client = axios.create({
        baseURL,
        headers: { authorization: `Bearer ${token}` },
        validateStatus: () => true,
        timeout: 60_000,
      });
      client.interceptors.response.use((res) => {
        const body = typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '');
        answers.push({
          at: Date.now(),
          method: res.config.method ?? '',
          url: res.config.url ?? '',
          status: res.status,
          contentType: String(res.headers['content-type'] ?? ''),
          leak: LEAK.test(body),
          code: String((res.data as { code?: unknown } | undefined)?.code ?? ''),
        });
        return res;
      });
      return client;
    };
    const users = {
      requester: as('li.na'),
      unitHead: as('wang.fang'),
      reviewer: as('chen.jie'),
      legal: as('sun.li'),
      dso: as('liu.yang'),
      partnerA: as('partner-a.user'),
      partnerB: as('partner-b.user'),
    };
    await until('the worker', async () => workerReady > 0);

    // The world: an asset of the requester's unit, two approved partners (B is blacklisted later).
    const asset = await retryStep(() => users.dso.post('/api/assets', anAsset({ ownerUnit: 'marketing' })), [201]);
    const assetId = asset.data.id as string;
    await approvedPartner(users.requester, users.partnerA, users.reviewer, partnerCodes.a);
    await approvedPartner(users.requester, users.partnerB, users.reviewer, partnerCodes.b);
    progress(`asset ${assetId}, partners ${partnerIds.join(', ')} approved`);

    // The faults, on a timeline from now, while the lifecycles run.
    const t0 = Date.now();
    let running = true;
    const faults: string[] = [];
    const kills = (async () => {
      let killed = 0;
      while (running) {
        // Killed a few seconds after it is ready (killed while it starts, it would never work).
        await sleepWhile(() => running && workerReady < killed + 1, 120_000);
        await sleepWhile(() => running, killEvery * 1000);
        if (!running) break;
        await worker!.stop('SIGKILL');
        killed++;
        worker!.start();
      }
      faults.push(`worker SIGKILLed and restarted ${killed} times (every ${killEvery} s)`);
    })();
    const outages = (async () => {
      await sleepWhile(() => running, 20_000);
      if (!running) return;
      progress('stopping the Temporal dev server');
      const at = Date.now();
      await servers.temporal.stop('SIGTERM');
      await sleepWhile(() => true, TEMPORAL_DOWN_MS);
      servers.temporal.start();
      await until('Temporal again', () => temporalAnswers(servers.temporalAddress));
      faults.push(`Temporal dev server stopped and started: down ${((Date.now() - at) / 1000).toFixed(1)} s`);
      progress('Temporal back');
      await sleepWhile(() => running, 15_000);
      if (!running) return;
      progress(`stopping the store for ${STORE_DOWN_MS / 1000} s`);
      const storeAt = Date.now();
      await servers.store.stop('SIGKILL');
      await sleepWhile(() => true, STORE_DOWN_MS);
      servers.store.start();
      await until('the store again', () => ping(servers.mongoUri));
      faults.push(`store (FerretDB) killed and started again: down ${((Date.now() - storeAt) / 1000).toFixed(1)} s`);
      progress('store back');
    })();

    // The lifecycles.
    const lifecycles = Array.from({ length: n }, (_, i) => ({
      i,
      scenario: SCENARIOS[i % SCENARIOS.length]!,
      id: undefined as string | undefined,
      final: undefined as string | undefined,
      error: undefined as string | undefined,
    }));
    let next = 0;
    let done = 0;
    const report = setInterval(
      () => progress(`${done}/${n} lifecycles driven; worker ready ${workerReady} times; ${answers.length} answers`),
      10_000,
    );
    const runLifecycle = async (lc: (typeof lifecycles)[number], stopAtActive = true) => {
      try {
        lc.final = await drive({ lc, users, assetId, partnerIds, stopAtActive });
      } catch (err) {
        lc.error = (err as Error).message;
      }
      done++;
    };
    await Promise.all(
      Array.from({ length: Math.min(concurrency, n) }, async () => {
        while (next < n) await runLifecycle(lifecycles[next++]!);
      }),
    );
    // Partner B's agreements are active (they stop there): the DSO blacklists B, which revokes them all.
    const onB = lifecycles.filter((l) => l.scenario === 'blacklisted' && l.final === 'active');
    if (onB.length > 0) {
      await retryStep(
        () =>
          users.dso.post('/api/blacklist', {
            creditCode: partnerCodes.b.creditCode,
            reason: '混沌测试：合作方列入不良名单',
            source: BLACKLIST_SOURCE,
          }),
        [201, 409],
      );
      progress(`partner B blacklisted: ${onB.length} agreements to revoke`);
      done -= onB.length;
      await Promise.all(onB.map((lc) => runLifecycle(lc, false)));
    }
    clearInterval(report);
    running = false;
    await Promise.all([kills, outages]);
    const lifecyclesMs = Date.now() - t0;
    progress(`every lifecycle driven in ${(lifecyclesMs / 1000).toFixed(1)} s; waiting for quiescence`);

    // Quiescence: the worker left running, the intake sequenced, the ledger unchanged for a while.
    if (!worker.running()) worker.start();
    await sequencePending();
    let ledgerCount = -1;
    await until(
      'a quiet ledger',
      async () => {
        const count = await AccessLedgerModel.countDocuments({});
        const still = count === ledgerCount;
        ledgerCount = count;
        return still;
      },
      120_000,
    );

    // Checks.
    const ids = lifecycles.filter((l) => l.id).map((l) => l.id!);
    const byState = new Map<string, number>();
    for (const lc of lifecycles) {
      const want = expectedFinal(lc.scenario);
      if (lc.error) misses.push(`lifecycle ${lc.i} (${lc.scenario}): ${lc.error}`);
      else if (lc.final !== want) misses.push(`agreement ${lc.id} (${lc.scenario}): ${lc.final}, expected ${want}`);
      byState.set(lc.final ?? 'error', (byState.get(lc.final ?? 'error') ?? 0) + 1);
    }
    const ledger = await AccessLedgerModel.find({ agreementId: { $in: ids } }).lean();
    const rowsOf = new Map<string, typeof ledger>();
    for (const row of ledger) rowsOf.set(row.agreementId, [...(rowsOf.get(row.agreementId) ?? []), row]);
    let grants = 0;
    let revokes = 0;
    for (const lc of lifecycles.filter((l) => l.id)) {
      const rows = (rowsOf.get(lc.id!) ?? []).sort((a, b) => a.version - b.version);
      const g = rows.filter((r) => r.action === 'grant').length;
      const r = rows.filter((r) => r.action === 'revoke' && r.effective).length;
      grants += g;
      revokes += r;
      const activated = lc.scenario !== 'withdrawn' && lc.scenario !== 'rejected';
      if (g !== (activated ? 1 : 0)) misses.push(`agreement ${lc.id} (${lc.scenario}): ${g} grants in the ledger`);
      if (r !== (activated ? 1 : 0)) misses.push(`agreement ${lc.id} (${lc.scenario}): ${r} effective revokes`);
      if (rows.length > 0 && rows[rows.length - 1]!.action !== 'revoke')
        misses.push(`agreement ${lc.id} (${lc.scenario}): left granted`);
    }
    const chain = await verifyAuditChain();
    if (!chain.valid) misses.push(`audit chain broken at ${chain.firstBrokenSeq}: ${chain.problem}`);
    const transitions = await transitionProblems(lifecycles);
    misses.push(...transitions.problems);
    const fiveXX = answers.filter((a) => a.status >= 500);
    const fiveXXCodes = new Map<string, number>();
    for (const a of fiveXX)
      fiveXXCodes.set(`${a.status} ${a.code}`, (fiveXXCodes.get(`${a.status} ${a.code}`) ?? 0) + 1);
    const bare = fiveXX.filter((a) => !a.contentType.startsWith('application/problem+json'));
    const leaks = answers.filter((a) => a.leak);
    for (const a of bare.slice(0, 10)) misses.push(`${a.status} without problem+json: ${a.method} ${a.url}`);
    if (bare.length > 10) misses.push(`… ${bare.length - 10} more 5xx without problem+json`);
    for (const a of leaks.slice(0, 10))
      misses.push(`a stack trace or internal path in ${a.status} ${a.method} ${a.url}`);
    if (leaks.length > 10) misses.push(`… ${leaks.length - 10} more leaks`);

    if (values['record-histories']) {
      process.env.RECORD_HISTORIES = '1';
      for (const scenario of SCENARIOS) {
        const lc = lifecycles.find((l) => l.scenario === scenario && l.id && l.final === expectedFinal(scenario));
        if (lc) await recordHistory(temporal.workflow.getHandle(agreementWorkflowId(lc.id!)), `chaos-${scenario}`);
      }
    }

    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    const totalS = ((Date.now() - started) / 1000).toFixed(1);
    say('混沌测试（npm run chaos）', 'Chaos run (npm run chaos)');
    say(
      `  ${n} 个协议生命周期，并发 ${concurrency}；驱动耗时 ${(lifecyclesMs / 1000).toFixed(1)} 秒，总耗时 ${totalS} 秒；负载 ${loadAtStart} → ${os.loadavg()[0]!.toFixed(2)}`,
      `  ${n} agreement lifecycles, ${concurrency} at a time; driven in ${(lifecyclesMs / 1000).toFixed(1)} s, ${totalS} s in all; load ${loadAtStart} → ${os.loadavg()[0]!.toFixed(2)}`,
    );
    for (const f of faults) say(`  故障：${f}`, `  fault: ${f}`);
    say(`  工作进程就绪 ${workerReady} 次`, `  worker ready ${workerReady} times`);
    say(
      `  最终状态：${[...byState].map(([s, c]) => `${s} ${c}`).join('，')}`,
      `  final states: ${[...byState].map(([s, c]) => `${s} ${c}`).join(', ')}`,
    );
    say(
      `  访问台账：授权 ${grants}，有效撤销 ${revokes}`,
      `  access ledger: ${grants} grants, ${revokes} effective revokes`,
    );
    say(
      `  审计链：${chain.valid ? `完整，${chain.events} 个事件` : `断裂于 ${chain.firstBrokenSeq}`}`,
      `  audit chain: ${chain.valid ? `verifies, ${chain.events} events` : `broken at ${chain.firstBrokenSeq}`}`,
    );
    say(
      `  API 应答 ${answers.length} 个：${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ')}；5xx ${fiveXX.length}（无 problem+json ${bare.length}），泄露 ${leaks.length}`,
      `  API answers ${answers.length}: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ')}; 5xx ${fiveXX.length} (without problem+json ${bare.length}), leaks ${leaks.length}`,
    );
    for (const [scenario, actions] of transitions.sample)
      say(`  审计事件（${scenario}）：${actions.join(' → ')}`, `  audit events (${scenario}): ${actions.join(' → ')}`);
    if (fiveXX.length > 0)
      say(
        `  5xx（均为 problem+json）：${[...fiveXXCodes].map(([c, k]) => `${c}×${k}`).join('，')}`,
        `  5xx (each problem+json): ${[...fiveXXCodes].map(([c, k]) => `${c}×${k}`).join(', ')}`,
      );
    if (misses.length === 0) say('  通过：无一遗漏', '  PASS: no miss');
    else {
      say(`  失败：${misses.length} 处遗漏`, `  FAIL: ${misses.length} misses`);
      for (const m of misses.slice(0, 50)) console.log(`    - ${m}`);
    }
  } catch (err) {
    misses.push(`the run failed: ${(err as Error).stack ?? err}`);
    console.error(err);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  process.exit(misses.length === 0 ? 0 : 1);
}

/** The actions an agreement records at most once per lifecycle: a second one is a transition recorded twice. */
const ONCE_PER_LIFECYCLE = [
  'agreement.drafted',
  'agreement.submitted',
  'agreement.routed',
  'agreement.approved',
  'agreement.provision_recorded',
  'agreement.access_granted',
  'agreement.activated',
  'agreement.usage_reported',
  'agreement.revoking',
  'agreement.expiring',
  'agreement.revoked',
  'agreement.expired',
  'agreement.attestation_received',
  'agreement.closed',
  'agreement.withdrawn',
  'agreement.rejected',
];

/** The transitions each scenario must have recorded, once each. */
const RECORDED: Record<Scenario, string[]> = {
  ended_early: [
    'agreement.submitted',
    'agreement.activated',
    'agreement.usage_reported',
    'agreement.revoking',
    'agreement.revoked',
    'agreement.closed',
  ],
  emergency: [
    'agreement.submitted',
    'agreement.activated',
    'agreement.usage_reported',
    'agreement.revoking',
    'agreement.revoked',
  ],
  blacklisted: ['agreement.submitted', 'agreement.activated', 'agreement.revoked'],
  withdrawn: ['agreement.submitted', 'agreement.withdrawn'],
  rejected: ['agreement.submitted', 'agreement.rejected'],
};

/** Each agreement's audit events by action: none of the once-only twice, each of its scenario's once. */
async function transitionProblems(
  lifecycles: { id?: string; scenario: Scenario }[],
): Promise<{ problems: string[]; sample: Map<Scenario, string[]> }> {
  const scenarioOf = new Map(lifecycles.filter((l) => l.id).map((l) => [l.id!, l.scenario]));
  const actions = new Map<string, string[]>();
  for await (const e of AuditEventModel.collection.find({}, { projection: { subject: 1, action: 1, seq: 1 } })) {
    const id = (e.subject as { id: string }).id;
    if (!scenarioOf.has(id)) continue;
    actions.set(id, [...(actions.get(id) ?? []), `${String(e.seq).padStart(9, '0')} ${e.action as string}`]);
  }
  const problems: string[] = [];
  const sample = new Map<Scenario, string[]>();
  for (const [id, scenario] of scenarioOf) {
    const recorded = (actions.get(id) ?? []).sort().map((a) => a.slice(10));
    if (!sample.has(scenario)) sample.set(scenario, recorded);
    const count = (action: string) => recorded.filter((a) => a === action).length;
    for (const action of ONCE_PER_LIFECYCLE)
      if (count(action) > 1) problems.push(`audit: ${id} (${scenario}) ${action} recorded ${count(action)} times`);
    for (const action of RECORDED[scenario])
      if (count(action) === 0) problems.push(`audit: ${id} (${scenario}) has no ${action}`);
  }
  return { problems, sample };
}

type Users = Record<'requester' | 'unitHead' | 'reviewer' | 'legal' | 'dso' | 'partnerA' | 'partnerB', AxiosInstance>;

/**
 * One lifecycle: reads the agreement and sends the step its state and scenario call for, until its
 * final state. An answer lost in an outage is not a reason to send a step twice: the next read says
 * whether it took effect.
 */
async function drive(input: {
  lc: { i: number; scenario: Scenario; id?: string };
  users: Users;
  assetId: string;
  partnerIds: string[];
  /** Partner B's agreements stop when active, until B is blacklisted. */
  stopAtActive: boolean;
}): Promise<string> {
  const { lc, users, assetId, partnerIds } = input;
  const onB = lc.scenario === 'blacklisted';
  const partnerId = partnerIds[onB ? 1 : 0]!;
  const partner = onB ? users.partnerB : users.partnerA;
  const bodies = agreementStepBodies(partnerId, assetId);
  const createKey = randomUUID();
  const request = anAgreementRequest(partnerId, assetId, { controls: ['access_control', 'encryption_in_transit'] });
  lc.id ??= (
    await retryStep(
      () =>
        users.requester.post(
          '/api/agreements',
          { title: `chaos ${lc.i} ${lc.scenario}`, request },
          { headers: { 'idempotency-key': createKey } },
        ),
      [201],
    )
  ).data.id as string;
  const p = `/api/agreements/${lc.id}`;
  const want = expectedFinal(lc.scenario);
  const deadline = Date.now() + LIFECYCLE_LIMIT_MS;
  let usageReported = false;
  while (Date.now() < deadline) {
    const read = await users.requester.get(p).catch(() => undefined);
    if (read?.status !== 200) {
      await sleep(POLL_MS);
      continue;
    }
    const { status, awaiting, attestation } = read.data as {
      status: string;
      awaiting?: string;
      attestation?: { status: string };
    };
    if (status === want) return status;
    let step: Promise<AxiosResponse> | undefined;
    if (status === 'draft') step = users.requester.post(`${p}/submission`, {});
    else if (status === 'submitted' || status === 'in_review') {
      if (lc.scenario === 'withdrawn') step = users.requester.post(`${p}/withdrawal`, { reason: '混沌测试：撤回' });
      else if (awaiting) {
        const [who, stage] = deciderOf(awaiting, users);
        const outcome =
          lc.scenario === 'rejected' ? { outcome: 'reject', reason: '混沌测试：驳回' } : { outcome: 'approve' };
        if (who) step = who.post(`${p}/decisions`, { stage, ...outcome });
      }
    } else if (status === 'active') {
      // Blacklisted later, all of partner B's at once (main).
      if (onB && input.stopAtActive) return status;
      if (!usageReported) {
        const res = await partner.post(`${p}/usage-reports`, bodies['usage-reports']).catch(() => undefined);
        // 409: reported already (an answer lost before) — the workflow keeps the first.
        if (res?.status === 200 || res?.status === 409) usageReported = true;
      } else if (lc.scenario === 'ended_early')
        step = users.requester.post(`${p}/early-end`, { reason: '混沌测试：提前终止' });
      else if (lc.scenario === 'emergency')
        step = users.dso.post(`${p}/emergency-revocation`, { reason: '混沌测试：紧急撤销' });
    } else if (status === 'revoked' && lc.scenario === 'ended_early' && attestation?.status === 'awaiting') {
      step = partner.post(`${p}/deletion-attestation`, bodies['deletion-attestation']);
    } else if (
      ['withdrawn', 'rejected', 'closed', 'expired'].includes(status) ||
      (status === 'revoked' && want !== 'closed')
    ) {
      return status; // final, though not the one expected: the check says so
    }
    if (step) await step.catch(() => undefined);
    await sleep(POLL_MS);
  }
  throw new Error(`not final after ${LIFECYCLE_LIMIT_MS / 1000} s`);
}

function deciderOf(awaiting: string, users: Users): [AxiosInstance | undefined, string] {
  if (awaiting.startsWith('unit_head:')) return [users.unitHead, 'unit_head'];
  if (awaiting === 'role:security_reviewer') return [users.reviewer, 'security_review'];
  if (awaiting === 'role:legal') return [users.legal, 'legal'];
  if (awaiting === 'role:dso') return [users.dso, 'dso'];
  return [undefined, ''];
}

/** Sends a step until it is answered with one of `ok` (the servers may be down meanwhile). */
async function retryStep(send: () => Promise<AxiosResponse>, ok: number[], limitMs = 180_000): Promise<AxiosResponse> {
  const deadline = Date.now() + limitMs;
  let last: AxiosResponse | undefined;
  while (Date.now() < deadline) {
    last = await send().catch(() => undefined);
    if (last && ok.includes(last.status)) return last;
    await sleep(POLL_MS);
  }
  throw new Error(`no ${ok.join('/')} within ${limitMs / 1000} s: ${last?.status} ${JSON.stringify(last?.data)}`);
}

async function approvedPartner(
  requester: AxiosInstance,
  portal: AxiosInstance,
  reviewer: AxiosInstance,
  nomination: ReturnType<typeof aNomination>,
): Promise<void> {
  const id = partnerIdOf(nomination.creditCode);
  await retryStep(() => requester.post('/api/partners', nomination), [201, 409]);
  await retryStep(() => portal.post(`/api/partners/${id}/answers`, { answers: answersOf('best') }), [200]);
  await retryStep(() => reviewer.post(`/api/partners/${id}/decision`, { outcome: 'approve' }), [200]);
}

async function ping(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
  try {
    await client.db().admin().ping();
    return true;
  } finally {
    await client.close();
  }
}

async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function sleepWhile(going: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (going() && Date.now() < end) await sleep(Math.min(250, end - Date.now()));
}
const noop = () => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

void main();
