/**
 * npm run bench:lifecycle [-- --n 500 --concurrency 10 --limit 900] — agreements from request to their end
 * through the API, against a floor in the same run (issue 17.3).
 *
 * On its own embedded stack (or the servers TEMPORAL_ADDRESS / MONGODB_URI name), with the API and its
 * worker in this process (test/support/api.ts). One agreement first, whose history says how many updates
 * and activities a lifecycle takes; then, in the same process on the same servers:
 * - the floor: N bench-only workflows (bench/lifecycle-floor.workflow.ts) with the same updates, each
 *   running the same number of trivial activities, sent straight to Temporal, on a worker of their own;
 * - the lifecycles: N agreements drafted, submitted, approved by the unit head and a security reviewer
 *   (scripted), awaited active, then ended (the requester's early end: the revocation an expiry runs, which
 *   on the dev server's real clock is months away) and awaited in the ledger;
 * each as lifecycles per second at the same concurrency, and their ratio.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { AccessLedgerModel } from '../src/models/access-ledger.model';
import { workerDataConverterFrom } from '../src/temporal/data-converter';
import { agreementWorkflowId } from '../workflows/ids';
import { TEST_PAYLOAD_CONFIG } from '../test/support/env';
import {
  anApprovedAgreement,
  expectStatus,
  floorBundle,
  load,
  progress,
  say,
  sayBreakdown,
  timeBreakdownOf,
  withBenchWorld,
  type Clients,
  type FloorWorker,
} from './sharing-bench';
import { floorStepUpdate, lifecycleFloor, type LifecycleFloorInput } from './lifecycle-floor.workflow';

const DEFAULTS = { n: 500, concurrency: 10, limit: 900 };
const POLL_MS = 200;
/** How many histories of each kind the breakdown of where the time goes reads. */
const PROFILED = 50;
/** Target of issue 17.3. */
const TARGET_RATIO = 0.6;

/** The lifecycle floor's worker (bench/lifecycle-floor.workflow.ts): its trivial activity only. */
const lifecycleFloorWorker: FloorWorker = async (connection, taskQueue) =>
  Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG),
    workflowBundle: await floorBundle(require.resolve('./lifecycle-floor.workflow')),
    activities: { floorStep: async ({ n: step }: { id: string; n: number }) => step },
  });

async function main() {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, concurrency: { type: 'string' }, limit: { type: 'string' } },
  });
  const [n, concurrency, limit] = (['n', 'concurrency', 'limit'] as const).map((name) => {
    const value = Number(values[name] ?? DEFAULTS[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, not ${values[name]}`);
    return value;
  }) as [number, number, number];
  await withBenchWorld('bench_lifecycle', lifecycleFloorWorker, async (world) => {
    const { api, clients, floorQueue, partnerId, assetId, loadAtStart } = world;
    // One lifecycle first: its history gives the floor its shape (and warms the servers up).
    const [first] = await lifecycles(clients, partnerId, assetId, 1, 1, limit);
    const shape = await shapeOf(api.temporal, agreementWorkflowId(first!));
    progress(`a lifecycle: ${shape.activitiesPerUpdate.length} updates, ${shape.total} activities`);

    const loadAtMeasure = load();
    const floorStarted = Date.now();
    const floorIds = await floorLifecycles(api.temporal, floorQueue, shape, n, concurrency);
    const floorMs = Date.now() - floorStarted;
    progress(`floor: ${n} in ${(floorMs / 1000).toFixed(1)} s`);
    const started = Date.now();
    const agreementIds = await lifecycles(clients, partnerId, assetId, n, concurrency, limit);
    const lifecycleMs = Date.now() - started;
    progress(`lifecycles: ${n} in ${(lifecycleMs / 1000).toFixed(1)} s`);

    const perSecond = n / (lifecycleMs / 1000);
    const floorPerSecond = n / (floorMs / 1000);
    const ratio = perSecond / floorPerSecond;
    say('协议生命周期基准（npm run bench:lifecycle）', 'Agreement lifecycle benchmark (npm run bench:lifecycle)');
    say(
      `  ${n} 个协议，并发 ${concurrency}；每个生命周期 ${shape.activitiesPerUpdate.length} 次更新、${shape.total} 个活动`,
      `  ${n} agreements, ${concurrency} at a time; each lifecycle ${shape.activitiesPerUpdate.length} updates, ${shape.total} activities`,
    );
    say(
      `  协议（经 API，至生效再终止）：${perSecond.toFixed(2)} 个/秒（${(lifecycleMs / 1000).toFixed(1)} 秒）`,
      `  agreements (through the API, to active, then ended): ${perSecond.toFixed(2)}/s (${(lifecycleMs / 1000).toFixed(1)} s)`,
    );
    say(
      `  基线（同样次数的更新与空活动，直连 Temporal）：${floorPerSecond.toFixed(2)} 个/秒（${(floorMs / 1000).toFixed(1)} 秒）`,
      `  floor (the same updates and trivial activities, straight to Temporal): ${floorPerSecond.toFixed(2)}/s (${(floorMs / 1000).toFixed(1)} s)`,
    );
    say(
      `  比值 ${ratio.toFixed(2)}×（目标 ≥ ${TARGET_RATIO}×）；负载 开始 ${loadAtStart}，测量时 ${loadAtMeasure}，结束 ${load()}`,
      `  ratio ${ratio.toFixed(2)}× (target ≥ ${TARGET_RATIO}×); load at start ${loadAtStart}, at measurement ${loadAtMeasure}, at the end ${load()}`,
    );
    // Where the time goes: the histories of (up to) PROFILED runs of each.
    const sample = (ids: readonly string[]) => ids.slice(0, PROFILED);
    sayBreakdown(
      '协议各步耗时',
      'Where an agreement’s time goes',
      await timeBreakdownOf(api.temporal, sample(agreementIds).map(agreementWorkflowId)),
    );
    sayBreakdown(
      '基线各步耗时',
      'Where a floor run’s time goes',
      await timeBreakdownOf(api.temporal, sample(floorIds)),
    );
  });
}

interface Shape extends Omit<LifecycleFloorInput, 'id'> {
  total: number;
}

/** How many activities an agreement ran after each of its updates, and after the last one. */
async function shapeOf(temporal: Client, workflowId: string): Promise<Shape> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const perUpdate: number[] = [];
  let before = 0;
  for (const event of history.events ?? []) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) perUpdate.push(0);
    else if (event.activityTaskScheduledEventAttributes) {
      if (perUpdate.length === 0) before++;
      else perUpdate[perUpdate.length - 1]!++;
    }
  }
  // What ran before the first update (the workflow's start) goes with the first; after the last, with the end.
  const activitiesAfter = perUpdate.pop() ?? 0;
  perUpdate.push(0);
  perUpdate[0]! += before;
  const total = perUpdate.reduce((a, b) => a + b, 0) + activitiesAfter;
  return { activitiesPerUpdate: perUpdate, activitiesAfter, total };
}

/** N floor runs, `concurrency` at a time; resolves with their workflow ids. */
async function floorLifecycles(temporal: Client, taskQueue: string, shape: Shape, n: number, concurrency: number) {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        next++;
        const id = randomUUID();
        const handle = await temporal.workflow.start(lifecycleFloor, {
          workflowId: `bench-lifecycle-floor-${id}`,
          taskQueue,
          args: [{ id, activitiesPerUpdate: shape.activitiesPerUpdate, activitiesAfter: shape.activitiesAfter }],
        });
        for (let u = 0; u < shape.activitiesPerUpdate.length; u++) await handle.executeUpdate(floorStepUpdate);
        await handle.result();
        ids.push(handle.workflowId);
      }
    }),
  );
  return ids;
}

/** N agreements through their life, `concurrency` at a time; resolves with their ids once each is ended in the ledger. */
async function lifecycles(
  clients: Clients,
  partnerId: string,
  assetId: string,
  n: number,
  concurrency: number,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  const deadline = Date.now() + limit * 1000;
  const until = async (what: string, check: () => Promise<boolean>) => {
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} not within ${limit} s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  let made = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (made < n) {
        made++;
        const id = await anApprovedAgreement(clients, partnerId, assetId);
        const path = `/api/agreements/${id}`;
        await until('active', async () => (await clients.requester.get(path)).data.status === 'active');
        await expectStatus('early end', clients.requester.post(`${path}/early-end`, { reason: '基准测试：终止' }), 200);
        await until('revoked in the ledger', async () =>
          Boolean(await AccessLedgerModel.exists({ agreementId: id, action: 'revoke' })),
        );
        ids.push(id);
      }
    }),
  );
  return ids;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
