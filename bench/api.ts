/**
 * npm run bench:api — what JWT, validation, policy and serialisation cost on the read endpoints.
 * Seeds 10,000 assets, 100,000 agreements (BENCH_AGREEMENTS) with their list rows and 1,000 partners,
 * starts the API as its own process, loads each list (first page and a page from the middle of the
 * set) and detail endpoint with autocannon using the token of a role that reads it, then runs the same
 * store calls the service makes (listPage, find, findOne) in this process with the same concurrency,
 * and prints p50/p99 latency, throughput and the p99 ratio API/direct, all from this one run.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { mintToken } from '../src/auth/jwt';
import { freePort, startStack } from '../src/dev/stack';
import { AgreementModel, AgreementRowModel } from '../src/entities/agreement';
import { PartnerModel } from '../src/entities/partner';
import { DataAssetModel } from '../src/models/data-asset.model';
import { bucketOf } from '../src/store/buckets';
import { listPage } from '../src/store/list-page';
import { encodeCursor } from '../src/store/pagination';
import { TEST_PAYLOAD_CONFIG } from '../test/support/env';
import { agreementStateOf, benchPartnerId, LARGE_PARTNER_NUMBER, seedEntities } from './entity-seed';
import { AGREEMENTS, statusOf, uuidOf } from './store-seed';

const ASSETS = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** Detail reads run 10 at a time; list pages 2 at a time (a page is a few store queries, src/store/list-page.ts). */
const CONNECTIONS = { detail: 10, list: 2 };
const DB = 'datapact_bench';
const AUTH = { secret: 'bench-secret-0123456789abcdef0123456789abcdef', issuer: 'datapact', audience: 'datapact-api' };
const UNITS = ['unit-a', 'unit-b', 'unit-c', 'unit-d'];
const GRADES = ['general', 'important', 'core'];

interface Figures {
  p50: number;
  p99: number;
  rps: number;
}

interface Scenario {
  name: string;
  token: string;
  connections: number;
  /** The request path, or a path per request (detail reads rotate over ids). */
  path: string | (() => string);
  /** The store call the service makes for it, made straight from this process. */
  direct: () => Promise<unknown>;
}

async function main() {
  const stack = await startStack({ say: (l) => console.error(`[bench] ${l}`) });
  const mongoUri = stack.mongoUri.replace(/\/[^/]*$/, `/${DB}`);
  const client = await MongoClient.connect(mongoUri);
  await mongoose.connect(mongoUri);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeded documents are plain objects
  const assets = client.db(DB).collection<any>('data_assets');
  try {
    await seed(assets);
    await seedEntities(
      {
        agreements: client.db(DB).collection(AgreementModel.collection.name),
        rows: client.db(DB).collection(AgreementRowModel.collection.name),
        partners: client.db(DB).collection(PartnerModel.collection.name),
      },
      (line) => console.error(`[bench] ${line}`),
    );
    for (const model of [AgreementModel, AgreementRowModel, PartnerModel]) await model.createIndexes();
    const scenarios = [...(await assetScenarios(assets)), ...(await entityScenarios())];
    const { port, stop } = await startApiProcess(stack.temporalAddress, mongoUri);
    const base = `http://127.0.0.1:${port}`;
    const rows: [string, Figures, Figures][] = [];
    try {
      for (const scenario of scenarios) {
        const paths = typeof scenario.path === 'string' ? () => scenario.path as string : scenario.path;
        const api = await http(`${base}${paths()}`, scenario.token, scenario.connections, paths);
        const direct = await driver(scenario.direct, scenario.connections);
        rows.push([scenario.name, api, direct]);
        console.error(
          `[bench] ${scenario.name}: API p99 ${api.p99.toFixed(1)} ms, direct p99 ${direct.p99.toFixed(1)} ms`,
        );
      }
    } finally {
      await stop();
    }
    print(rows);
  } finally {
    await mongoose.disconnect();
    await client.close();
    await stack.stop();
  }
}

const token = (claims: Record<string, unknown>) => mintToken(claims as never, AUTH);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeded documents are plain objects
async function assetScenarios(assets: import('mongodb').Collection<any>): Promise<Scenario[]> {
  const sampleIds = (
    await assets
      .find({}, { projection: { _id: 1 } })
      .limit(200)
      .toArray()
  ).map((d) => d._id as string);
  const roles = {
    requester: await token({ sub: 'bench.requester', roles: ['requester'], unit: 'unit-a' }),
    auditor: await token({ sub: 'bench.auditor', roles: ['auditor'], unit: 'audit' }),
  };
  return Object.entries(roles).flatMap(([role, t]) => {
    let i = 0;
    let j = 0;
    return [
      {
        name: `assets: list (50 of ~3,300 important), ${role}`,
        token: t,
        connections: CONNECTIONS.list,
        path: '/api/assets?grade=important&limit=50',
        direct: () => listPage({ model: DataAssetModel, filter: { grade: 'important' }, limit: 50 }),
      },
      {
        name: `assets: detail by id, ${role}`,
        token: t,
        connections: CONNECTIONS.detail,
        path: () => `/api/assets/${sampleIds[i++ % sampleIds.length]}`,
        direct: () => assets.findOne({ _id: sampleIds[j++ % sampleIds.length]! }),
      },
    ];
  });
}

/**
 * The agreement lists people use daily (a unit's, a partner's, a status's), the whole list, the detail
 * of an agreement as an internal reader and as its partner, and the partners' list and detail. A "middle"
 * page starts after the set's middle id, as a cursor the API gave out would.
 */
async function entityScenarios(): Promise<Scenario[]> {
  const unit = 'unit-03';
  const large = benchPartnerId(LARGE_PARTNER_NUMBER);
  const ids = { unit: [] as string[], partner: [] as string[], inReview: [] as string[], all: [] as string[] };
  for (let n = 0; n < AGREEMENTS; n++) {
    const s = agreementStateOf(n);
    ids.all.push(s.id);
    if (s.requestingUnit === unit) ids.unit.push(s.id);
    if (s.partnerId === large) ids.partner.push(s.id);
    if (statusOf(n) === 'in_review') ids.inReview.push(s.id);
  }
  const middle = (list: string[]) => encodeCursor([...list].sort()[Math.floor(list.length / 2)]!);
  const roles = {
    requester: await token({ sub: 'bench.requester', roles: ['requester'], unit }),
    partner: await token({ sub: 'bench.partner', roles: ['partner'], partnerId: large }),
    reviewer: await token({ sub: 'bench.reviewer', roles: ['security_reviewer'], unit: 'security' }),
    auditor: await token({ sub: 'bench.auditor', roles: ['auditor'], unit: 'audit' }),
  };
  const rowsPage = (filter: Record<string, unknown>, cursor?: string) => () =>
    listPage({ model: AgreementRowModel, filter, ...(cursor ? { cursor } : {}), limit: 51 });
  const lists: [string, string, string, Record<string, unknown>, string[]][] = [
    [`a unit's (${ids.unit.length})`, roles.requester, '', { requestingUnit: unit }, ids.unit],
    [`a large partner's (${ids.partner.length}), partner`, roles.partner, '', { partnerId: large }, ids.partner],
    [
      `in review (${ids.inReview.length}), reviewer`,
      roles.reviewer,
      'status=in_review&',
      { status: 'in_review' },
      ids.inReview,
    ],
    [`all (${ids.all.length}), auditor`, roles.auditor, '', {}, ids.all],
  ];
  const scenarios: Scenario[] = lists.flatMap(([name, t, query, filter, set]) => {
    const cursor = middle(set);
    return [
      {
        name: `agreements: ${name}, first page`,
        token: t,
        connections: CONNECTIONS.list,
        path: `/api/agreements?${query}limit=50`,
        direct: rowsPage(filter),
      },
      {
        name: `agreements: ${name}, middle page`,
        token: t,
        connections: CONNECTIONS.list,
        path: `/api/agreements?${query}limit=50&cursor=${encodeURIComponent(cursor)}`,
        direct: rowsPage(filter, cursor),
      },
    ];
  });
  const rotate = (list: string[], prefix: string) => {
    let i = 0;
    return () => `${prefix}${list[(i++ * 7919) % list.length]}`;
  };
  const rotateDirect = (list: string[], read: (id: string) => Promise<unknown>) => {
    let i = 0;
    return () => read(list[(i++ * 7919) % list.length]!);
  };
  const agreementById = (id: string) => AgreementModel.findById(id).lean();
  scenarios.push(
    {
      name: 'agreements: detail by id, auditor',
      token: roles.auditor,
      connections: CONNECTIONS.detail,
      path: rotate(ids.all, '/api/agreements/'),
      direct: rotateDirect(ids.all, agreementById),
    },
    {
      name: 'agreements: detail by id, its partner',
      token: roles.partner,
      connections: CONNECTIONS.detail,
      path: rotate(ids.partner, '/api/agreements/'),
      direct: rotateDirect(ids.partner, agreementById),
    },
  );
  const partnerIds = Array.from({ length: 1_000 }, (_, p) => benchPartnerId(p));
  scenarios.push(
    {
      name: 'partners: approved (1,000), reviewer',
      token: roles.reviewer,
      connections: CONNECTIONS.list,
      path: '/api/partners?status=approved&limit=50',
      direct: () =>
        PartnerModel.find({ $and: [{}, { status: 'approved' }] })
          .sort({ _id: 1 })
          .limit(51)
          .lean(),
    },
    {
      name: 'partners: detail by id, reviewer',
      token: roles.reviewer,
      connections: CONNECTIONS.detail,
      path: rotate(partnerIds, '/api/partners/'),
      direct: rotateDirect(partnerIds, (id) => PartnerModel.findById(id).lean()),
    },
  );
  return scenarios;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeded documents are plain objects
async function seed(assets: import('mongodb').Collection<any>) {
  const have = await assets.countDocuments();
  if (have >= ASSETS) return;
  await assets.deleteMany({});
  const started = Date.now();
  for (let batch = 0; batch < ASSETS / 1000; batch++) {
    const now = new Date();
    await assets.insertMany(
      Array.from({ length: 1000 }, (_, k) => {
        const n = batch * 1000 + k;
        const id = uuidOf(`bench-asset-${n}`);
        return {
          _id: id,
          bucket: bucketOf(id),
          code: `BENCH-${n}`,
          name: `资产 ${n}`,
          ownerUnit: UNITS[n % UNITS.length],
          category: 'network',
          grade: GRADES[n % GRADES.length],
          personalInfo: n % 2 === 0,
          sensitivePersonalInfo: false,
          catalogued: n % 5 === 0,
          fields: [
            { name: 'msisdn', personalInfo: true },
            { name: 'cell_id', personalInfo: false },
          ],
          status: 'active',
          createdBy: 'bench',
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
  }
  await DataAssetModel.createIndexes();
  console.error(`[bench] seeded ${ASSETS} assets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function startApiProcess(
  temporalAddress: string,
  mongoUri: string,
): Promise<{ port: number; stop: () => Promise<void> }> {
  return freePort().then(
    (port) =>
      new Promise((resolve, reject) => {
        const child = spawn(
          path.resolve(__dirname, '../node_modules/.bin/tsx'),
          [path.resolve(__dirname, '../src/server.ts')],
          {
            env: {
              ...process.env,
              PORT: String(port),
              TEMPORAL_ADDRESS: temporalAddress,
              MONGODB_URI: mongoUri,
              AUTH_JWT_SECRET: AUTH.secret,
              ...TEST_PAYLOAD_CONFIG,
              LOG_LEVEL: 'warn',
            },
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        const stop = () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          });
        const deadline = Date.now() + 60_000;
        const poll = async () => {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/readyz`);
            if (res.ok) return resolve({ port, stop });
          } catch {
            // not yet
          }
          if (Date.now() > deadline) return reject(new Error('the API did not become ready'));
          setTimeout(poll, 200);
        };
        void poll();
      }),
  );
}

async function http(url: string, bearer: string, connections: number, nextPath?: () => string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections,
    timeout: 60,
    duration: SECONDS,
    headers: { authorization: `Bearer ${bearer}` },
    ...(nextPath ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }) }] } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average };
}

/** The same query, as many at a time as the HTTP run had connections, for the same duration, timed per call. */
async function driver(query: () => Promise<unknown>, connections: number): Promise<Figures> {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await query();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / SECONDS };
}

function print(rows: [string, Figures, Figures][]) {
  const f = (n: number) => n.toFixed(1).padStart(8);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    `\nDataPact bench:api — ${ASSETS} assets, ${AGREEMENTS} agreements, 1,000 partners; list ${CONNECTIONS.list} and detail ${CONNECTIONS.detail} concurrent; ${SECONDS} s per run; store: ${process.env.MONGODB_URI ? 'external' : 'embedded FerretDB v1 (PostgreSQL)'}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  console.log(
    `${'scenario'.padEnd(width)} ${'API p50'.padStart(8)} ${'API p99'.padStart(8)} ${'API rps'.padStart(8)} | ${'dir p50'.padStart(8)} ${'dir p99'.padStart(8)} ${'dir rps'.padStart(8)} | p99 API/direct`,
  );
  for (const [name, api, direct] of rows) {
    console.log(
      `${name.padEnd(width)} ${f(api.p50)} ${f(api.p99)} ${f(api.rps)} | ${f(direct.p50)} ${f(direct.p99)} ${f(direct.rps)} | ${(api.p99 / direct.p99).toFixed(2)}`,
    );
  }
  console.log(
    '(latencies in ms; "direct" makes the store calls the service makes — listPage on the rows, find, findOne — in this process, with no HTTP, JWT, policy, validation or view)',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
