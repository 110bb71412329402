/**
 * npm run bench:store — the query shapes DataPact's API and batch work use, at 100,000 agreements,
 * on the embedded store (FerretDB v1.24 on PostgreSQL) and, when MONGODB_URI names one, on MongoDB.
 * Seeds the agreements (full documents and their narrow rows, src/store/buckets.ts) and the partners
 * and data assets they name straight into the store, then times each shape with the driver (mongoose,
 * lean) and prints p50/p99 of repeated runs, the naive shape next to the one src/store uses.
 * BENCH_SQLITE=1 adds FerretDB's SQLite backend (slow: the naive shapes take minutes there);
 * BENCH_FULL=1 adds a keyset page over the full documents (a minute or more).
 */
import os from 'node:os';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { encodeCursor } from '../src/store/pagination';
import { startStack, type Stack } from '../src/dev/stack';
import { AgreementModel } from '../src/entities/agreement';
import { addRowKeys, BUCKET_FIELD } from '../src/store/buckets';
import { listPage } from '../src/store/list-page';
import { bucketPartitions, scanBatches } from '../src/store/scan';
import {
  AGREEMENTS,
  ASSET_COUNT,
  LARGE_PARTNER,
  SMALL_PARTNER,
  agreementOf,
  assetOf,
  partnerNames,
  partnerOf,
  rowOf,
} from './store-seed';

const DB = 'datapact_bench_store';
const PAGE = 50;
const SEED_BATCH = 1_000;
/** Each shape runs until this many runs or this much time (after the first run), whichever comes first. */
const MAX_RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 4_000);
/** A shape slower than this runs once (the naive shapes on the embedded store take a minute). */
const ONCE_ABOVE_MS = 8_000;
/** A naive shape is stopped (maxTimeMS) after this long and shown as "≥"; it keeps the run under 15 minutes on a busy machine. */
const NAIVE_CAP_MS = Number(process.env.BENCH_NAIVE_CAP_MS ?? 45_000);
const SCAN_BATCH = 500;

interface Figures {
  p50: number;
  p99: number;
  runs: number;
  /** Stopped at NAIVE_CAP_MS: the real time is longer. */
  capped?: boolean;
}
interface Target {
  name: string;
  uri: string;
  stack?: Stack;
}
type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- bench documents are plain objects

/** The views people use daily, and two broader ones ("any other page"). */
const VIEWS: { name: string; filter: Record<string, string>; naive: boolean }[] = [
  { name: "a unit's (5,000)", filter: { requestingUnit: 'unit-03' }, naive: true },
  { name: "a large partner's (1,000)", filter: { partnerId: LARGE_PARTNER }, naive: true },
  { name: "a small partner's (~90)", filter: { partnerId: SMALL_PARTNER }, naive: true },
  { name: 'status in_review (3,000)', filter: { status: 'in_review' }, naive: true },
  { name: 'status active (55,000)', filter: { status: 'active' }, naive: false },
  { name: 'all agreements (100,000)', filter: {}, naive: false },
];

function models(connection: Connection): { agreements: AnyModel; rows: AnyModel } {
  const agreementSchema = AgreementModel.schema.clone();
  agreementSchema.add({ [BUCKET_FIELD]: String });
  agreementSchema.index({ [BUCKET_FIELD]: 1, _id: 1 });
  const rowSchema = new Schema(
    {
      _id: String,
      title: String,
      requestingUnit: String,
      partnerId: String,
      status: String,
      effectiveGrade: String,
      startDate: Date,
      endDate: Date,
      updatedAt: Date,
      version: Number,
    },
    { versionKey: false },
  );
  addRowKeys(rowSchema, ['requestingUnit', 'partnerId', 'status']);
  return {
    agreements: connection.model('BenchAgreement', agreementSchema, 'agreements'),
    rows: connection.model('BenchAgreementRow', rowSchema, 'agreement_rows'),
  };
}

async function seed(connection: Connection, m: { agreements: AnyModel; rows: AnyModel }, say: (l: string) => void) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeded documents are plain objects with string ids
  const collection = (name: string) => connection.db!.collection<any>(name);
  const have = await collection('agreements').countDocuments({}, { limit: AGREEMENTS });
  if (have >= AGREEMENTS && (await collection('agreement_rows').estimatedDocumentCount()) >= AGREEMENTS) {
    say(`  ${AGREEMENTS} agreements already there`);
    return;
  }
  await connection.dropDatabase();
  const started = Date.now();
  await collection('partners').insertMany(partnerNames().map(partnerOf));
  for (let from = 0; from < ASSET_COUNT; from += SEED_BATCH)
    await collection('data_assets').insertMany(Array.from({ length: SEED_BATCH }, (_, k) => assetOf(from + k)));
  for (let from = 0; from < AGREEMENTS; from += SEED_BATCH) {
    const docs = Array.from({ length: Math.min(SEED_BATCH, AGREEMENTS - from) }, (_, k) => agreementOf(from + k));
    await collection('agreements').insertMany(docs);
    await collection('agreement_rows').insertMany(docs.map(rowOf));
    if ((from / SEED_BATCH) % 20 === 19) say(`  seeded ${from + SEED_BATCH} (${seconds(started)})`);
  }
  await m.agreements.createIndexes();
  await m.rows.createIndexes();
  say(
    `  seeded ${AGREEMENTS} agreements, their rows, ${partnerNames().length} partners, ${ASSET_COUNT} assets in ${seconds(started)}`,
  );
}

/** MongoDB's error code for a query stopped by maxTimeMS; FerretDB answers with the same. */
const MAX_TIME_EXPIRED = 50;

async function measure(run: () => Promise<unknown>): Promise<Figures> {
  const started = performance.now();
  try {
    await run();
  } catch (err) {
    if ((err as { code?: number }).code !== MAX_TIME_EXPIRED) throw err;
    return { p50: NAIVE_CAP_MS, p99: NAIVE_CAP_MS, runs: 1, capped: true };
  }
  const once = performance.now() - started;
  if (once >= ONCE_ABOVE_MS) return { p50: once, p99: once, runs: 1 };
  // The first run warmed the caches; the next ones are timed.
  const times: number[] = [];
  const end = Date.now() + BUDGET_MS;
  while (times.length < MAX_RUNS && (times.length < 3 || Date.now() < end)) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), runs: times.length };
}

/** The id in the middle of a view in `_id` order: where "a later page" starts. */
async function middleOf(rows: AnyModel, filter: Record<string, string>): Promise<string> {
  const ids: string[] = [];
  for await (const { items } of scanBatches<{ _id: string }>({ model: rows, partitions: bucketPartitions(filter) }))
    ids.push(...items.map((r) => r._id));
  return ids[Math.floor(ids.length / 2)]!;
}

async function shapes(m: { agreements: AnyModel; rows: AnyModel }, say: (l: string) => void) {
  const results: [string, Figures][] = [];
  const add = async (name: string, run: () => Promise<unknown>) => {
    const figures = await measure(run);
    say(
      `  ${name}: p50 ${ms(figures.p50, figures.capped)} p99 ${ms(figures.p99, figures.capped)} (${figures.runs} runs)`,
    );
    results.push([name, figures]);
  };
  const sample = (await m.rows.find({ [BUCKET_FIELD]: '7a' }).lean()).map((r) => r._id as string);
  let i = 0;
  await add('detail: findOne({_id}) of an agreement', () =>
    m.agreements.findOne({ _id: sample[i++ % sample.length] }).lean(),
  );

  for (const view of VIEWS) {
    const middle = await middleOf(m.rows, view.filter);
    const naive = (after?: string) =>
      m.agreements
        .find({ ...view.filter, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(PAGE + 1)
        .maxTimeMS(NAIVE_CAP_MS)
        .lean();
    if (view.naive) {
      await add(`${view.name}, first page — naive: agreements, sorted`, () => naive());
      await add(`${view.name}, later page — naive: agreements, $gt + sort`, () => naive(middle));
    }
    await add(`${view.name}, first page — listPage on rows`, () =>
      listPage({ model: m.rows, filter: view.filter, limit: PAGE }),
    );
    await add(`${view.name}, later page — listPage on rows`, () =>
      listPage({ model: m.rows, filter: view.filter, cursor: encodeCursor(middle), limit: PAGE }),
    );
  }
  await add("a unit's, sorted by grade — naive: agreements (issue 12's page)", () =>
    m.agreements
      .find({ requestingUnit: 'unit-03' })
      .sort({ effectiveGrade: 1, _id: 1 })
      .limit(PAGE)
      .maxTimeMS(NAIVE_CAP_MS)
      .lean(),
  );
  await add("a unit's, first page — narrow rows but one sorted query", () =>
    m.rows
      .find({ requestingUnit: 'unit-03' })
      .sort({ _id: 1 })
      .limit(PAGE + 1)
      .lean(),
  );

  const sorted = await m.rows
    .find({ [BUCKET_FIELD]: '80' })
    .sort({ _id: 1 })
    .limit(1)
    .lean();
  // Every keyset page reads and sorts the whole collection: the naive scan is quadratic. Timed over
  // the rows (over the full documents it takes ~60 s a page on a quiet machine; BENCH_FULL=1 adds it).
  const keysetPage = (model: AnyModel) => () =>
    model
      .find({ _id: { $gt: sorted[0]!._id } })
      .sort({ _id: 1 })
      .limit(SCAN_BATCH)
      .maxTimeMS(NAIVE_CAP_MS)
      .lean();
  await add('batch: one keyset page of the rows, $gt + sort + limit 500 — naive', keysetPage(m.rows));
  if (process.env.BENCH_FULL === '1')
    await add('batch: one keyset page of the agreements, $gt + sort + limit 500 — naive', keysetPage(m.agreements));
  // Both linear; the streaming cursor cannot resume. Timed over the rows: over the full documents
  // each takes as long as scanBatches over them below.
  await add('batch: whole scan of the rows, one streaming cursor (not resumable)', async () => {
    let n = 0;
    for await (const _ of m.rows.find({}).batchSize(1_000).lean().cursor()) n++;
    return n;
  });
  const scan = async (model: AnyModel, partitions?: Record<string, unknown>[]) => {
    let n = 0;
    for await (const { items } of scanBatches({ model, partitions, batchSize: SCAN_BATCH })) n += items.length;
    return n;
  };
  await add('batch: whole scan of the rows, scanBatches (256 buckets)', () => scan(m.rows));
  await add('batch: whole scan of the agreements, scanBatches (256 buckets)', () => scan(m.agreements));
  await add("batch: a large partner's agreements, scanBatches", () =>
    scan(m.agreements, bucketPartitions({ partnerId: LARGE_PARTNER })),
  );
  return results;
}

async function main() {
  const say = (line: string) => console.error(`[bench:store] ${line}`);
  const started = Date.now();
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  say(`load average at start: ${load()} (${os.cpus().length} cores)`);
  const targets: Target[] = [];
  const external = process.env.MONGODB_URI;
  delete process.env.MONGODB_URI; // the embedded store is started here whatever the environment says
  try {
    const backends: ('postgresql' | 'sqlite')[] =
      process.env.BENCH_SQLITE === '1' ? ['postgresql', 'sqlite'] : ['postgresql'];
    for (const backend of backends) {
      const stack = await startStack({ storeOnly: true, storeBackend: backend, say: (l) => say(`  ${l}`) });
      targets.push({ name: `FerretDB/${backend === 'postgresql' ? 'PG' : 'SQLite'}`, uri: stack.mongoUri, stack });
    }
    if (external) targets.push({ name: 'MongoDB', uri: external });
    const table = new Map<string, Map<string, Figures>>();
    for (const target of targets) {
      say(`${target.name}: seeding`);
      const connection = await mongoose.createConnection(target.uri, { dbName: DB }).asPromise();
      try {
        const m = models(connection);
        await seed(connection, m, say);
        say(`${target.name}: timing (load ${load()})`);
        for (const [shape, figures] of await shapes(m, say)) {
          if (!table.has(shape)) table.set(shape, new Map());
          table.get(shape)!.set(target.name, figures);
        }
      } finally {
        await connection.close();
      }
      await target.stack?.stop();
      target.stack = undefined;
    }
    print(table, targets, load(), started);
  } finally {
    for (const target of targets) await target.stack?.stop();
  }
}

function print(table: Map<string, Map<string, Figures>>, targets: Target[], load: string, started: number) {
  const cell = (f?: Figures) =>
    f ? `${ms(f.p50, f.capped)} ${ms(f.p99, f.capped)} ${String(f.runs).padStart(3)}` : '—'.padEnd(23);
  console.log(
    `\nDataPact bench:store — ${AGREEMENTS} agreements; page ${PAGE}; driver time (mongoose, lean) in ms, p50 p99 (runs); load average now ${load} on ${os.cpus().length} cores; ${seconds(started)} in all`,
  );
  console.log(`${'shape'.padEnd(78)} ${targets.map((t) => t.name.padEnd(23)).join(' | ')}`);
  for (const [shape, byTarget] of table)
    console.log(`${shape.padEnd(78)} ${targets.map((t) => cell(byTarget.get(t.name))).join(' | ')}`);
  console.log(
    'naive: what the code does today (sorted query over the full documents); listPage / scanBatches: src/store (bucket walk over narrow rows).',
  );
  console.log(
    `A whole naive keyset scan is the keyset page × ${AGREEMENTS / SCAN_BATCH} pages: quadratic in the collection. ≥: stopped by maxTimeMS at ${NAIVE_CAP_MS / 1000} s.`,
  );
  console.log('The npm side (bench:api at 100,000 agreements through the API) waits for the agreement routes.');
}

const ms = (n: number, capped = false) => `${capped ? '≥' : ''}${n.toFixed(1)}`.padStart(9);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
