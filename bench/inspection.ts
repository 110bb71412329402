/**
 * npm run bench:inspection — a special inspection (issue 14 §7) at the scale of a large operator.
 *
 * Seeds N agreements (BENCH_AGREEMENTS, default 100,000) with 1,000 partners and their usage reports in
 * the store (bench/inspection-seed.ts; kept in BENCH_DATA_DIR and reused while its marker names the same
 * seed), then, in the same run:
 * - the floor (bench/inspection-floor.ts): one plain process that reads the same rows with the same
 *   driver and applies the same rule functions, reading them through one streaming cursor and through the
 *   256 bucket queries one after another (before the run; the bucket queries again after it): the fastest
 *   counts (BENCH_FLOOR_CURSOR=0 leaves the slow cursor out);
 * - the run: the real worker (src/worker.ts, a process of its own) runs `inspection-<period>` on the dev
 *   stack (its embedded servers, or those TEMPORAL_ADDRESS / MONGODB_URI name): wall time from the start
 *   to the workflow's result, documents per second, findings, and the worker's peak RSS during the run;
 * and prints the ratio run/floor. The target: within 1.3× of the floor, under 512 MB.
 * BENCH_SEED_ONLY=1 seeds (or finds the seed) and stops there; BENCH_WORKER_NODE_FLAGS gives the worker's
 * node flags (an experiment's: the worker runs without any by default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import mongoose from 'mongoose';
import type { Claims } from '../policies/abilities';
import { startStack } from '../src/dev/stack';
import { agreementEntity } from '../src/entities/agreement';
import { findingEntity } from '../src/entities/finding';
import { inspectionEntity } from '../src/entities/inspection';
import { partnerEntity } from '../src/entities/partner';
import { dataConverterFrom } from '../src/temporal/data-converter';
import { TEST_PAYLOAD_CONFIG } from '../test/support/env';
import { inspectionWorkflowId } from '../workflows/ids';
import { progressQuery, type InspectionSummary } from '../workflows/inspection/messages';
import { inspection } from '../workflows/inspection/run';
import type { FloorRead } from './inspection-floor';
import { ensureSeed } from './inspection-seed';
import { AGREEMENTS } from './store-seed';

const DB = 'datapact_bench_inspection';
const TASK_QUEUE = 'bench-inspection';
/** One store per size, so that seeds of different sizes are each kept. */
const DATA_DIR = process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), `datapact-bench-inspection-${AGREEMENTS}`);
/** The targets of issue 14 §7. */
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 512;
const PROGRESS_MS = 10_000;
const RSS_SAMPLE_MS = 250;
const WORKER_READY_MS = 180_000;
const DSO: Claims = { sub: 'bench.dso', roles: ['dso'], unit: 'security' };
const ROOT = path.resolve(__dirname, '..');
/** Node's flags for the worker (an experiment's, e.g. `--max-old-space-size=384`; none by default), printed with the figures. */
const WORKER_NODE_FLAGS = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

interface FloorFigures {
  how: FloorRead;
  when: 'before' | 'after';
  read: number;
  scanned: number;
  findings: number;
  byRule: Record<string, number>;
  ms: number;
  peakRssMb: number;
}

const progress = (line: string) => console.error(`[bench] ${line}`);
/** Both languages, each on its line. */
const say = (zh: string, en: string) => console.log(`${zh}\n${en}`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main() {
  const loadAtStart = load();
  // The store persists between runs (the seed is reused); Temporal starts empty every run.
  if (!process.env.TEMPORAL_ADDRESS) rmSync(path.join(DATA_DIR, 'temporal.db'), { force: true });
  const stack = await startStack({ dataDir: DATA_DIR, say: progress });
  const mongoUri = stack.mongoUri.replace(/\/[^/]*$/, `/${DB}`);
  try {
    await mongoose.connect(mongoUri);
    const seed = await ensureSeed(mongoose.connection.db!, AGREEMENTS, progress);
    for (const model of [agreementEntity.rowModel!, partnerEntity.model, findingEntity.model, inspectionEntity.model])
      await model.createIndexes();
    // Every run starts from no findings: a run judges the seed, not what an earlier run left.
    await findingEntity.model.deleteMany({});
    await inspectionEntity.model.deleteMany({});
    if (process.env.BENCH_SEED_ONLY === '1') return;

    const floors: FloorFigures[] = [];
    const measureFloor = async (how: FloorRead, when: FloorFigures['when']) => {
      floors.push({ ...(await floor(mongoUri, how)), when });
      progress(`floor (${how}, ${when} the run): ${seconds(floors.at(-1)!.ms)} s, ${floors.at(-1)!.findings} findings`);
    };
    // Both plain ways to read before the run; the faster one (the bucket queries, on FerretDB) again after it.
    if (process.env.BENCH_FLOOR_CURSOR !== '0') await measureFloor('cursor', 'before');
    await measureFloor('buckets', 'before');
    const loadAtRun = load();
    const run = await inspect(stack.temporalAddress, mongoUri);
    await measureFloor('buckets', 'after');
    const stored = await findingEntity.model.countDocuments({ period: run.period });
    report({ seed, floors, run, stored, loadAtStart, loadAtRun, loadAtEnd: load(), external: !stack.started.length });
  } finally {
    await mongoose.disconnect();
    await stack.stop();
  }
}

/** The floor, in a process of its own. */
async function floor(mongoUri: string, how: FloorRead): Promise<Omit<FloorFigures, 'when'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'inspection-floor.ts'), how], {
    cwd: ROOT,
    env: { ...process.env, MONGODB_URI: mongoUri },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the floor exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Omit<FloorFigures, 'when'>;
}

interface RunFigures {
  period: string;
  ms: number;
  summary: InspectionSummary;
  peakRssMb: number;
  startupPeakRssMb: number;
  /** Whether the kernel reset the peak at the run's start (else the peak is sampled). */
  peakReset: boolean;
  /** Where the run's time went, from its history: each activity type's time from scheduled to completed. */
  activities: Record<string, { count: number; ms: number }>;
}

/** Each activity type's count and summed time from scheduled to completed, in the run's history. */
async function activityTimesOf(handle: WorkflowHandle): Promise<RunFigures['activities']> {
  const history = await handle.fetchHistory();
  const scheduled = new Map<string, { type: string; at: number }>();
  const times: RunFigures['activities'] = {};
  for (const event of history.events ?? []) {
    const at = tsToMs(event.eventTime);
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), { type: s.activityType!.name!, at });
    const c = event.activityTaskCompletedEventAttributes;
    if (c) {
      const { type, at: from } = scheduled.get(String(c.scheduledEventId))!;
      times[type] = { count: (times[type]?.count ?? 0) + 1, ms: (times[type]?.ms ?? 0) + at - from };
    }
  }
  return times;
}

/** Starts the worker, runs one inspection through it, stops it. */
async function inspect(temporalAddress: string, mongoUri: string): Promise<RunFigures> {
  const worker = await startWorker(temporalAddress, mongoUri);
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({
      connection,
      namespace: 'default',
      dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
    });
    const startupPeakRssMb = memoryOf(worker.pid!).peakMb;
    // From here the worker's peak is the run's (Linux: 5 > clear_refs resets VmHWM).
    let peakReset = true;
    try {
      writeFileSync(`/proc/${worker.pid}/clear_refs`, '5');
    } catch {
      peakReset = false;
    }
    let sampled = memoryOf(worker.pid!).rssMb;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, memoryOf(worker.pid!).rssMb);
    }, RSS_SAMPLE_MS);
    const period = `bench-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
    const started = performance.now();
    const handle = await client.workflow.start(inspection, {
      workflowId: inspectionWorkflowId(period),
      taskQueue: TASK_QUEUE,
      args: [{ period, trigger: 'on_demand', requestedBy: DSO }],
    });
    const ticker = setInterval(() => {
      handle
        .query(progressQuery)
        .then(({ progress: p }) =>
          progress(
            `run: ${p.partitionsDone}/${p.partitions} partitions, ${p.read} read, ${p.findings} findings, worker RSS ${memoryOf(worker.pid!).rssMb.toFixed(0)} MB (${seconds(performance.now() - started)} s)`,
          ),
        )
        .catch(() => undefined);
    }, PROGRESS_MS);
    const summary = await handle.result();
    const ms = performance.now() - started;
    clearInterval(ticker);
    clearInterval(sampler);
    const memory = memoryOf(worker.pid!);
    return {
      period,
      ms,
      summary,
      peakRssMb: peakReset ? memory.peakMb : Math.max(sampled, memory.rssMb),
      startupPeakRssMb,
      peakReset,
      activities: await activityTimesOf(handle),
    };
  } finally {
    await connection.close();
    await stopWorker(worker);
  }
}

/** The real worker (src/worker.ts) on the bench's task queue, ready once it says so. */
async function startWorker(temporalAddress: string, mongoUri: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', path.join(ROOT, 'src/worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      MONGODB_URI: mongoUri,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      ...TEST_PAYLOAD_CONFIG,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The SDK's own lines (bundling, state changes) are not the figures: only its warnings and errors are shown.
  // A warning's block (its lines up to the next log line) is shown whole.
  let inWarning = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (/^\S+Z \[[A-Z]+\]/.test(line)) inWarning = /\[(WARN|ERROR)\]/.test(line);
      if (inWarning && line.trim()) progress(`worker: ${line}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not start')), WORKER_READY_MS);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      for (;;) {
        const nl = buffered.indexOf('\n');
        if (nl < 0) break;
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.includes('"worker running"')) {
          clearTimeout(timer);
          resolve();
        } else if (/"level":(40|50|60)/.test(line)) {
          progress(`worker: ${line}`);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** The process's resident set now and its peak (VmHWM), in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return { rssMb: 0, peakMb: 0 };
  const status = readFileSync(file, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function report(r: {
  seed: { agreements: number; anchor: number };
  floors: FloorFigures[];
  run: RunFigures;
  stored: number;
  loadAtStart: string;
  loadAtRun: string;
  loadAtEnd: string;
  external: boolean;
}) {
  const { run, floors } = r;
  const best = floors.reduce((a, b) => (a.ms <= b.ms ? a : b));
  // The bucket floors before and after bracket the run: on a shared machine the load moves during a run.
  const bracket = floors.filter((f) => f.how === 'buckets');
  const bracketMs = bracket.reduce((sum, f) => sum + f.ms, 0) / bracket.length;
  const p = run.summary.progress;
  const ratio = run.ms / best.ms;
  const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
  const findingsAgree = p.findings === best.findings && r.stored === p.raised;
  console.log('');
  say(
    `DataPact bench:inspection — ${r.seed.agreements} 份协议、1,000 个合作方（种子 ${new Date(r.seed.anchor).toISOString()}）；存储：${r.external ? '外部' : '内嵌 FerretDB v1 (PostgreSQL)'}；负载 开始 ${r.loadAtStart} / 运行 ${r.loadAtRun} / 结束 ${r.loadAtEnd}（${os.cpus().length} 核）`,
    `DataPact bench:inspection — ${r.seed.agreements} agreements, 1,000 partners (seeded ${new Date(r.seed.anchor).toISOString()}); store: ${r.external ? 'external' : 'embedded FerretDB v1 (PostgreSQL)'}; load at start ${r.loadAtStart} / run ${r.loadAtRun} / end ${r.loadAtEnd} (${os.cpus().length} cores)`,
  );
  say(
    `检查（worker 进程${WORKER_NODE_FLAGS.length ? `，node 参数 ${WORKER_NODE_FLAGS.join(' ')}` : ''}，Temporal）：${seconds(run.ms)} 秒，${perSecond(p.read, run.ms)} 份/秒；读取 ${p.read}，检查 ${p.scanned}，发现 ${p.findings}（新提出 ${p.raised}，入库 ${r.stored}），通知协议 ${p.agreementsTold}；worker 运行期峰值 RSS ${run.peakRssMb.toFixed(0)} MB（启动期 ${run.startupPeakRssMb.toFixed(0)} MB${run.peakReset ? '' : '；采样'}）`,
    `inspection (worker process${WORKER_NODE_FLAGS.length ? ` with node ${WORKER_NODE_FLAGS.join(' ')}` : ''}, Temporal): ${seconds(run.ms)} s, ${perSecond(p.read, run.ms)} docs/s; read ${p.read}, judged ${p.scanned}, findings ${p.findings} (raised ${p.raised}, stored ${r.stored}), agreements told ${p.agreementsTold}; worker peak RSS during the run ${run.peakRssMb.toFixed(0)} MB (at start-up ${run.startupPeakRssMb.toFixed(0)} MB${run.peakReset ? '' : '; sampled'})`,
  );
  for (const f of floors)
    say(
      `下限（${f.how === 'cursor' ? '单个流式游标' : '256 个分桶查询'}，检查${f.when === 'before' ? '前' : '后'}）：${seconds(f.ms)} 秒，${perSecond(f.read, f.ms)} 份/秒；读取 ${f.read}，检查 ${f.scanned}，发现 ${f.findings}；峰值 RSS ${f.peakRssMb.toFixed(0)} MB`,
      `floor (${f.how === 'cursor' ? 'one streaming cursor' : '256 bucket queries'}, ${f.when} the run): ${seconds(f.ms)} s, ${perSecond(f.read, f.ms)} docs/s; read ${f.read}, judged ${f.scanned}, findings ${f.findings}; peak RSS ${f.peakRssMb.toFixed(0)} MB`,
    );
  const spent = Object.entries(run.activities)
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(([type, t]) => `${type} ${t.count}× ${seconds(t.ms)} s`);
  const inActivities = Object.values(run.activities).reduce((sum, t) => sum + t.ms, 0);
  say(
    `检查的时间（历史记录，活动从调度到完成）：${spent.join('，')}；活动之外（工作流任务、子工作流启动）${seconds(run.ms - inActivities)} 秒`,
    `where the run's time went (history, activity scheduled to completed): ${spent.join(', ')}; outside activities (workflow tasks, child starts) ${seconds(run.ms - inActivities)} s`,
  );
  say(
    `按规则的发现（下限）：${Object.entries(best.byRule)
      .map(([rule, n]) => `${rule} ${n}`)
      .join('，')}`,
    `findings by rule (floor): ${Object.entries(best.byRule)
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ')}`,
  );
  say(
    `比值 检查/下限：对最快的下限 ${ratio.toFixed(2)}×，对检查前后分桶下限的平均 ${(run.ms / bracketMs).toFixed(2)}×（目标 ≤ ${TARGET_RATIO}×：${ratio <= TARGET_RATIO ? '达到' : '未达到'}）；峰值 RSS ${run.peakRssMb.toFixed(0)} MB（目标 < ${TARGET_RSS_MB} MB：${run.peakRssMb < TARGET_RSS_MB ? '达到' : '未达到'}）；发现数与下限${findingsAgree ? '一致' : '不一致'}`,
    `ratio run/floor: ${ratio.toFixed(2)}× the fastest floor, ${(run.ms / bracketMs).toFixed(2)}× the mean of the bucket floors before and after the run (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'not met'}); peak RSS ${run.peakRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB: ${run.peakRssMb < TARGET_RSS_MB ? 'met' : 'not met'}); findings ${findingsAgree ? 'agree' : 'DO NOT agree'} with the floor`,
  );
  if (!findingsAgree) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
