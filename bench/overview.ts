/**
 * npm run bench:overview — GET /api/overview's service (src/services/overview.ts) on a seeded store, as
 * the DSO (every record) and as a unit's requester (its unit's, a twentieth), next to a baseline from
 * the same run: one `countDocuments` with the driver on the same collection and scope (all agreement
 * rows; the unit's). Twice: counted for each call (no snapshot yet), then from the snapshot the Schedule
 * `datapact-overview` keeps (its activity run here, timed), checking both give the same figures. Seeds N agreements with their rows (bench/entity-seed.ts: 20 units, statuses
 * spread as in bench:store), 1,000 partners, N/10 findings and N/100 incidents, on the embedded store
 * (FerretDB on PostgreSQL) or on MONGODB_URI's server.
 *
 *   npm run bench:overview                  10,000 agreements (a few minutes on 2 cores)
 *   npm run bench:overview -- --full        100,000 agreements
 *   npm run bench:overview -- --records=N   N agreements
 *   npm run bench:overview -- --queries     also each store query of one DSO call, slowest first
 */
import mongoose from 'mongoose';
import { defineAbilityFor, type Caller, type Claims } from '../policies/abilities';
import { FINDING_STATUSES, INCIDENT_GRADES, INCIDENT_STATUSES, SEVERITIES } from '../policies/vocabulary';
import { startStack } from '../src/dev/stack';
import { AgreementModel, AgreementRowModel } from '../src/entities/agreement';
import { FindingModel } from '../src/entities/finding';
import { IncidentRowModel } from '../src/entities/incident';
import { PartnerModel } from '../src/entities/partner';
import { createOverviewService } from '../src/services/overview';
import { rowKeysOf } from '../src/store/buckets';
import { createOverviewSnapshotActivities } from '../activities/overview-snapshot';
import { OverviewSnapshotModel } from '../src/models/overview-snapshot.model';
import { seedEntities } from './entity-seed';
import { UNITS, uuidOf } from './store-seed';

const DB = 'datapact_bench_overview';
const arg = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const RECORDS = arg('records') ? Number(arg('records')!.split('=')[1]) : arg('full') ? 100_000 : 10_000;
/** Calls per figure: the median is printed. */
const RUNS = Number(process.env.BENCH_RUNS ?? (RECORDS > 20_000 ? 2 : 3));
const UNIT = UNITS[3]!;
const DAY_MS = 86_400_000;
const BATCH = 1_000;

const callerOf = (claims: Claims): Caller => ({ claims, ability: defineAbilityFor(claims) });
const dso = callerOf({ sub: 'bench-dso', roles: ['dso'] });
const requester = callerOf({ sub: 'bench-requester', roles: ['requester'], unit: UNIT });

/** Findings and incidents, as their documents' list fields (what the overview reads). */
async function seedOversight(say: (line: string) => void) {
  const findings = Math.floor(RECORDS / 10);
  const incidents = Math.floor(RECORDS / 100);
  if (
    (await FindingModel.collection.countDocuments()) === findings &&
    (await IncidentRowModel.collection.countDocuments()) === incidents
  )
    return;
  await FindingModel.collection.deleteMany({});
  await IncidentRowModel.collection.deleteMany({});
  const base = Date.now();
  for (let from = 0; from < findings; from += BATCH) {
    await FindingModel.collection.insertMany(
      Array.from({ length: Math.min(BATCH, findings - from) }, (_, k) => {
        const n = from + k;
        const id = uuidOf(`finding-${n}`);
        const agreementId = uuidOf(`agreement-${n * 10}`);
        return {
          _id: id as never,
          ...rowKeysOf(id),
          status: FINDING_STATUSES[n % FINDING_STATUSES.length],
          severity: SEVERITIES[n % SEVERITIES.length],
          ownerUnit: UNITS[n % UNITS.length],
          agreementId,
          agreementTitle: `数据共享协议 ${n * 10}`,
          // From 30 days overdue to 60 days ahead: some overdue, some due this week.
          dueAt: new Date(base + ((n % 90) - 30) * DAY_MS),
        };
      }),
    );
  }
  if (incidents > 0)
    await IncidentRowModel.collection.insertMany(
      Array.from({ length: incidents }, (_, n) => {
        const id = uuidOf(`incident-${n}`);
        const status = INCIDENT_STATUSES[n % INCIDENT_STATUSES.length]!;
        return {
          _id: id as never,
          ...rowKeysOf(id),
          title: `安全事件 ${n}`,
          status,
          grade: INCIDENT_GRADES[n % INCIDENT_GRADES.length],
          drill: n % 10 === 0,
          ...(status === 'closed' ? {} : { nextDueAt: new Date(base + ((n % 20) - 5) * DAY_MS) }),
        };
      }),
    );
  say(`seeded ${findings} findings and ${incidents} incidents`);
}

/** Every store query a call makes, with how long it took (`--queries`). */
const traced: { op: string; collection: string; filter: string; ms: number }[] = [];
function traceQueries() {
  const exec = mongoose.Query.prototype.exec;
  mongoose.Query.prototype.exec = async function traceExec(this: mongoose.Query<unknown, unknown>) {
    const started = performance.now();
    try {
      return await exec.call(this);
    } finally {
      traced.push({
        op: (this as unknown as { op?: string }).op ?? '?',
        collection: this.model.collection.name,
        filter: JSON.stringify(this.getFilter()),
        ms: performance.now() - started,
      });
    }
  } as typeof exec;
}

async function median(runs: number, call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor((times.length - 1) / 2)]!;
}

async function main() {
  const say = (line: string) => console.error(`[bench] ${line}`);
  const stack = await startStack({ storeOnly: true, say });
  const uri = stack.mongoUri.replace(/\/[^/]*$/, `/${DB}`);
  await mongoose.connect(uri);
  try {
    const db = mongoose.connection.db!;
    await seedEntities(
      {
        agreements: db.collection(AgreementModel.collection.name),
        rows: db.collection(AgreementRowModel.collection.name),
        partners: db.collection(PartnerModel.collection.name),
      },
      say,
      RECORDS,
    );
    await seedOversight(say);
    for (const model of [AgreementRowModel, PartnerModel, FindingModel, IncidentRowModel]) await model.createIndexes();
    const collections = {
      partners: PartnerModel,
      agreementRows: AgreementRowModel,
      incidentRows: IncidentRowModel,
      findings: FindingModel,
    };
    // Counted for each call (no snapshot), and from the snapshot the Schedule's activity keeps.
    const live = createOverviewService(collections);
    const snapshotted = createOverviewService({ ...collections, snapshots: OverviewSnapshotModel });
    const { refreshOverviewSnapshot } = createOverviewSnapshotActivities({
      ...collections,
      snapshots: OverviewSnapshotModel,
    });
    await OverviewSnapshotModel.deleteMany({});
    const rows = db.collection(AgreementRowModel.collection.name);
    const store = process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB 1.24 on PostgreSQL';
    console.log(`bench:overview — ${RECORDS} agreements, ${store}, median of ${RUNS} calls`);
    const cases: [string, Caller, () => Promise<unknown>, string][] = [
      ['DSO', dso, () => rows.countDocuments({}), 'countDocuments({})'],
      [
        `requester (${UNIT})`,
        requester,
        () => rows.countDocuments({ requestingUnit: UNIT }),
        `countDocuments({ requestingUnit })`,
      ],
    ];
    const baselines = new Map<string, number>();
    const figuresOf = (view: Awaited<ReturnType<typeof live.overview>>) =>
      JSON.stringify({ ...view, at: undefined, asOf: undefined });
    const counted = new Map<string, string>();
    const print = async (name: string, how: string, service: typeof live, caller: Caller, baseline: number) => {
      const view = await service.overview(caller);
      const total = Object.values(view.agreements?.byStatus ?? {}).reduce((a, b) => a + b, 0);
      const ms = await median(RUNS, () => service.overview(caller));
      console.log(
        `${name.padEnd(20)} ${how.padEnd(16)} ${ms.toFixed(0).padStart(7)} ms   ratio ${(ms / baseline).toPrecision(2)}×   (${total} agreements counted, ${view.due.overdue} overdue, ${view.due.dueThisWeek} due this week)`,
      );
      return figuresOf(view);
    };
    for (const [name, caller, baseline, baselineName] of cases) {
      const base = await median(RUNS, baseline);
      baselines.set(name, base);
      console.log(`${name.padEnd(20)} baseline ${baselineName} ${base.toFixed(0)} ms`);
      counted.set(name, await print(name, 'counted per call', live, caller, base));
    }
    const refresh = await median(RUNS, refreshOverviewSnapshot);
    console.log(`snapshot refresh (the Schedule's activity, every minute): ${refresh.toFixed(0)} ms`);
    for (const [name, caller] of cases) {
      const figures = await print(name, 'from snapshot', snapshotted, caller, baselines.get(name)!);
      // The due list is read for each call; the counts are the snapshot's, of the same unchanged records.
      console.log(
        `${' '.repeat(20)} same figures as counted per call: ${figures === counted.get(name) ? 'yes' : 'NO'}`,
      );
    }
    const service = live;
    if (arg('queries')) {
      traceQueries();
      const started = performance.now();
      await service.overview(dso);
      console.log(`one DSO call: ${traced.length} queries in ${(performance.now() - started).toFixed(0)} ms`);
      for (const q of traced.sort((a, b) => b.ms - a.ms).slice(0, 25))
        console.log(`  ${q.ms.toFixed(0).padStart(7)} ms  ${q.op} ${q.collection} ${q.filter}`);
    }
  } finally {
    await mongoose.disconnect();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
