/**
 * npm run bench:api — what validation, policy and serialisation cost on the inventory endpoints.
 * Seeds 10,000 assets, starts the API as its own process, loads the list and detail endpoints with
 * autocannon using tokens of two roles, then runs the same queries straight through the driver with
 * the same concurrency, and prints p50/p99 latency, throughput and the ratio, all from this one run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { mintToken } from '../src/auth/jwt';
import { freePort, startStack } from '../src/dev/stack';

const ASSETS = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** Detail reads run 10 at a time; list pages 2 at a time, because FerretDB v1 sorts each page in memory (see the note printed). */
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

async function main() {
  const stack = await startStack({ say: (l) => console.error(`[bench] ${l}`) });
  const mongoUri = stack.mongoUri.replace(/\/[^/]*$/, `/${DB}`);
  const client = await MongoClient.connect(mongoUri);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeded documents are plain objects
  const assets = client.db(DB).collection<any>('data_assets');
  try {
    await seed(assets);
    const sampleIds = (
      await assets
        .find({}, { projection: { _id: 1 } })
        .limit(200)
        .toArray()
    ).map((d) => d._id);
    const { port, stop } = await startApiProcess(stack.temporalAddress, mongoUri);
    const base = `http://127.0.0.1:${port}`;
    const tokens = {
      requester: await mintToken({ sub: 'bench.requester', roles: ['requester'], unit: 'unit-a' }, AUTH),
      auditor: await mintToken({ sub: 'bench.auditor', roles: ['auditor'], unit: 'audit' }, AUTH),
    };
    const rows: [string, Figures, Figures][] = [];
    try {
      for (const [role, token] of Object.entries(tokens)) {
        const list = await http(`${base}/api/assets?grade=important&limit=50`, token, CONNECTIONS.list);
        const driverList = await driver(
          () =>
            assets
              .find({ $and: [{ grade: 'important' }] })
              .sort({ _id: 1 })
              .limit(51)
              .toArray(),
          CONNECTIONS.list,
        );
        rows.push([`list (50 of ~3,300 important), ${role}`, list, driverList]);
        let i = 0;
        const detail = await http(
          `${base}/api/assets/${sampleIds[0]}`,
          token,
          CONNECTIONS.detail,
          () => `/api/assets/${sampleIds[i++ % sampleIds.length]}`,
        );
        let j = 0;
        const driverDetail = await driver(
          () => assets.findOne({ _id: sampleIds[j++ % sampleIds.length]! }),
          CONNECTIONS.detail,
        );
        rows.push([`detail by id, ${role}`, detail, driverDetail]);
      }
    } finally {
      await stop();
    }
    print(rows);
  } finally {
    await client.close();
    await stack.stop();
  }
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
        return {
          _id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
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
  await assets.createIndex({ grade: 1, _id: 1 });
  await assets.createIndex({ ownerUnit: 1, _id: 1 });
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

async function http(url: string, token: string, connections: number, nextPath?: () => string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections,
    timeout: 60,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
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
  console.log(
    `\nDataPact bench:api — ${ASSETS} assets; list ${CONNECTIONS.list} and detail ${CONNECTIONS.detail} concurrent; ${SECONDS} s per run; store: ${process.env.MONGODB_URI ? 'external' : 'embedded FerretDB v1 (SQLite)'}`,
  );
  console.log(
    `${'scenario'.padEnd(42)} ${'API p50'.padStart(8)} ${'API p99'.padStart(8)} ${'API rps'.padStart(8)} | ${'drv p50'.padStart(8)} ${'drv p99'.padStart(8)} ${'drv rps'.padStart(8)} | rps ratio API/driver`,
  );
  for (const [name, api, drv] of rows) {
    console.log(
      `${name.padEnd(42)} ${f(api.p50)} ${f(api.p99)} ${f(api.rps)} | ${f(drv.p50)} ${f(drv.p99)} ${f(drv.rps)} | ${(api.rps / drv.rps).toFixed(2)}`,
    );
  }
  console.log(
    '(latencies in ms; the driver runs the same find/findOne in this process with no HTTP, auth, policy or validation)',
  );
  console.log(
    'Note: FerretDB v1 does not push a sort down to SQLite: each sorted page reads and sorts the whole filtered set, so list',
  );
  console.log(
    'latency grows with the collection on both sides; on MongoDB the { grade: 1, _id: 1 } index serves the page.',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
