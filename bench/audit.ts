/**
 * npm run bench:audit — what the audit trail costs a write under concurrency (issue 11.5).
 * 1,000 audited appends issued at once, each timed until it resolves (its event numbered, chained and
 * stored), next to plain inserts of the same documents into a scratch collection, issued at once the
 * same way: in one process, then split over two processes (as the API and a worker append together).
 * Same run, same store, rounds alternating which goes first; the chain is verified at the end. For
 * scale, each round also times one insertMany of the same 1,000 documents: the floor of any writer
 * that batches, as the sequencer does.
 * Embedded FerretDB (src/dev/stack.ts) unless MONGODB_URI names a store.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import mongoose from 'mongoose';
import { appendAuditEvent, startAuditSequencer, verifyAuditChain, type AuditInput } from '../src/audit/audit-log';
import { startStack } from '../src/dev/stack';
import { AuditEventModel } from '../src/models/audit-event.model';

const WRITES = Number(process.env.BENCH_WRITES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESSES = 2;
const WARM_UP = 50;
const DB = 'datapact_bench_audit';
const SCRATCH = 'bench_plain_inserts';

type Kind = 'audit' | 'plain';

interface Row {
  name: string;
  audit: Figures;
  plain: Figures;
  /** One insertMany of the same documents, in one process. */
  bulkMs?: number;
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

/** A partner approval as the partner workflow appends it; `tag` keeps keys unique across rounds and processes. */
function inputOf(tag: string, i: number): AuditInput {
  return {
    eventKey: `bench:${tag}:${i}`,
    actor: { sub: 'chen.jie', roles: ['security_reviewer'], unit: 'security' },
    action: 'partner.approved',
    subject: { type: 'Partner', id: `p-${tag}-${i}` },
    before: { status: 'vetting', stage: 'review' },
    after: { status: 'approved' },
    reason: '核查通过 / all checks passed',
    ruleVersion: 'partner-rules@3',
  };
}

/** The same document, written by a plain insert (the baseline): what the trail stores, minus its number and hashes. */
function plainDocOf(tag: string, i: number) {
  const input = inputOf(tag, i);
  return { _id: input.eventKey, ...input, at: new Date() };
}

function write(kind: Kind, tag: string, i: number): Promise<unknown> {
  return kind === 'audit'
    ? appendAuditEvent(inputOf(tag, i))
    : mongoose.connection.collection(SCRATCH).insertOne(plainDocOf(tag, i) as never);
}

/** Issues `count` writes at once; returns each one's latency (ms) from its issue to its resolution. */
async function burst(kind: Kind, tag: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const issued = performance.now();
      await write(kind, tag, i);
      latencies.push(performance.now() - issued);
    }),
  );
  return latencies;
}

function figuresOf(latencies: number[], wallMs: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    perSecond: latencies.length / (wallMs / 1000),
  };
}

/** The same documents in one unordered insertMany: wall time in ms. */
async function bulkInsert(tag: string): Promise<number> {
  const started = performance.now();
  await mongoose.connection
    .collection(SCRATCH)
    .insertMany(Array.from({ length: WRITES }, (_, i) => plainDocOf(`${tag}-bulk`, i)) as never[], { ordered: false });
  return performance.now() - started;
}

async function inProcess(kind: Kind, tag: string): Promise<Figures> {
  const started = performance.now();
  const latencies = await burst(kind, tag, WRITES);
  return figuresOf(latencies, performance.now() - started);
}

/** The same burst split over PROCESSES child processes, started and warmed up first, released together. */
async function acrossProcesses(kind: Kind, tag: string, mongoUri: string): Promise<Figures> {
  const children = Array.from({ length: PROCESSES }, (_, p) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', __filename, 'child', mongoUri, kind, `${tag}-p${p}`, String(WRITES / PROCESSES)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  const lines = children.map((child) => readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
  for (const next of lines) if ((await next.next()).value !== 'ready') throw new Error('a bench child did not start');
  const started = performance.now();
  for (const child of children) child.stdin!.end('go\n');
  const latencies = (
    await Promise.all(lines.map(async (next) => JSON.parse((await next.next()).value as string) as number[]))
  ).flat();
  const wall = performance.now() - started;
  await Promise.all(exited);
  return figuresOf(latencies, wall);
}

/** A child of `acrossProcesses`: warms up as the parent did, says ready, waits for go, bursts, reports. */
async function child(mongoUri: string, kind: Kind, tag: string, count: number) {
  await mongoose.connect(mongoUri, { dbName: DB });
  const sweep = startAuditSequencer();
  await burst(kind, `${tag}-warm`, WARM_UP);
  process.stdout.write('ready\n');
  const go = readline.createInterface({ input: process.stdin });
  await go[Symbol.asyncIterator]().next();
  go.close();
  const latencies = await burst(kind, tag, count);
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
  await sweep.stop();
  await mongoose.disconnect();
}

async function main() {
  const stack = process.env.MONGODB_URI ? null : await startStack({ say: (l) => console.error(`[bench] ${l}`) });
  const mongoUri = process.env.MONGODB_URI ?? stack!.mongoUri;
  await mongoose.connect(mongoUri, { dbName: DB });
  const sweep = startAuditSequencer();
  try {
    await mongoose.connection.dropDatabase();
    await AuditEventModel.createIndexes();
    const loadBefore = os.loadavg();
    await burst('plain', 'warm', WARM_UP);
    await burst('audit', 'warm', WARM_UP);
    const rows: Row[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first, so neither always meets a store busy with the other's leftovers.
      const order: Kind[] = round % 2 ? ['plain', 'audit'] : ['audit', 'plain'];
      const one: Partial<Record<Kind, Figures>> = {};
      for (const kind of order) {
        console.error(`[bench] round ${round}: ${WRITES} ${kind} writes at once, 1 process`);
        one[kind] = await inProcess(kind, `r${round}`);
      }
      const bulkMs = await bulkInsert(`r${round}`);
      rows.push({ name: `round ${round}, 1 process`, audit: one.audit!, plain: one.plain!, bulkMs });
      const two: Partial<Record<Kind, Figures>> = {};
      for (const kind of order) {
        console.error(`[bench] round ${round}: ${WRITES} ${kind} writes at once, ${PROCESSES} processes`);
        two[kind] = await acrossProcesses(kind, `r${round}`, mongoUri);
      }
      rows.push({ name: `round ${round}, ${PROCESSES} processes`, audit: two.audit!, plain: two.plain! });
    }
    const loadAfter = os.loadavg();
    const verifyStarted = performance.now();
    const verdict = await verifyAuditChain();
    const verifyMs = performance.now() - verifyStarted;
    const expected = WARM_UP + ROUNDS * 2 * WRITES + PROCESSES * WARM_UP * ROUNDS;
    print(rows, { loadBefore, loadAfter, verdict, verifyMs, expected });
    if (!verdict.valid || verdict.events !== expected) process.exitCode = 1;
  } finally {
    await sweep.stop();
    await mongoose.disconnect();
    await stack?.stop();
  }
}

function print(
  rows: Row[],
  run: {
    loadBefore: number[];
    loadAfter: number[];
    verdict: Awaited<ReturnType<typeof verifyAuditChain>>;
    verifyMs: number;
    expected: number;
  },
) {
  const f = (n: number) => n.toFixed(0).padStart(7);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `\nDataPact bench:audit — ${WRITES} writes issued at once per run; store: ${process.env.MONGODB_URI ? 'external' : 'embedded FerretDB v1 (SQLite)'}; ${os.cpus().length} cores`,
  );
  console.log(`load average (1/5/15 min) before ${load(run.loadBefore)}, after ${load(run.loadAfter)}`);
  console.log(
    `${'run'.padEnd(22)} | ${'audit p50'.padStart(9)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'per s'.padStart(7)} | ${'plain p50'.padStart(9)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'per s'.padStart(7)} | p99 ratio  per-s ratio | insertMany`,
  );
  for (const { name, audit, plain, bulkMs } of rows) {
    console.log(
      `${name.padEnd(22)} | ${f(audit.p50).padStart(9)} ${f(audit.p99)} ${f(audit.max)} ${f(audit.perSecond)} | ${f(plain.p50).padStart(9)} ${f(plain.p99)} ${f(plain.max)} ${f(plain.perSecond)} | ${(audit.p99 / plain.p99).toFixed(2).padStart(9)}  ${(audit.perSecond / plain.perSecond).toFixed(2).padStart(11)} | ${bulkMs === undefined ? '' : f(bulkMs)}`,
    );
  }
  console.log(
    '(latencies in ms from issue to resolution; audit = appendAuditEvent, resolved once numbered, chained and stored;',
  );
  console.log(' plain = insertOne of the same document into a scratch collection; ratio = audit / plain;');
  console.log(
    ' insertMany = wall time of one command inserting all the same documents: the floor for any batching writer)',
  );
  const v = run.verdict;
  console.log(
    `verify: ${v.valid ? `valid, ${v.events} events` : `BROKEN at ${v.firstBrokenSeq}: ${v.problem}`} (expected ${run.expected}) in ${(run.verifyMs / 1000).toFixed(1)} s`,
  );
}

if (process.argv[2] === 'child') {
  const [, , , mongoUri, kind, tag, count] = process.argv;
  child(mongoUri!, kind as Kind, tag!, Number(count)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
