/**
 * The embedded stack: a Temporal dev server and FerretDB on a PostgreSQL cluster of our own, started
 * on free ports, awaited until they answer, and stopped on exit, Ctrl-C or a failed run. Used by the
 * run command and by jest's global setup. With TEMPORAL_ADDRESS / MONGODB_URI set, that server is used
 * instead and nothing is started (nor installed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { devServerSearchAttributeArgs, ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureFerretDb, ensureTemporalCli } from './install';
import { ensureCluster, ensurePostgres, postgresArgs, postgresReady, prepareFerretDbDatabase } from './postgres';

export interface StackOptions {
  /** Folder for the servers' data; omitted: Temporal in memory, the store's PostgreSQL in a temporary folder. */
  dataDir?: string;
  /** Start the Temporal Web UI (run command); tests run headless. */
  ui?: boolean;
  /** Fixed ports for the run command; tests take free ones. */
  temporalPort?: number;
  uiPort?: number;
  /** The codec server the UI decodes histories with (they are sealed: src/temporal/codec.ts). */
  uiCodecEndpoint?: string;
  mongoPort?: number;
  /** Start the store only, no Temporal (bench:store). */
  storeOnly?: boolean;
  /** FerretDB's backend: PostgreSQL (the default, see src/dev/postgres.ts); SQLite only for bench:store's comparison. */
  storeBackend?: 'postgresql' | 'sqlite';
  say?: (line: string) => void;
}

export interface Stack {
  /** Empty with `storeOnly`. */
  temporalAddress: string;
  temporalUiUrl?: string;
  mongoUri: string;
  /** What was started here (external servers are never stopped by us). */
  started: string[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const children = new Set<ChildProcess>();

// Whatever way this process ends, no server it started outlives it.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const say = opts.say ?? ((line: string) => process.stderr.write(`[datapact stack] ${line}\n`));
  const started: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    stops.length = 0;
  };
  try {
    const mongoUri = process.env.MONGODB_URI || (await startFerretDb(opts, say, stops, started));
    await waitForMongo(mongoUri);
    if (opts.storeOnly) return { temporalAddress: '', mongoUri, started, stop };
    const temporal = process.env.TEMPORAL_ADDRESS
      ? { address: process.env.TEMPORAL_ADDRESS }
      : await startTemporal(opts, say, stops, started);
    await waitForTemporal(temporal.address);
    return { temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, mongoUri, started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startTemporal(
  opts: StackOptions,
  say: (line: string) => void,
  stops: (() => Promise<void>)[],
  started: string[],
): Promise<{ address: string; uiUrl?: string }> {
  const exe = await ensureTemporalCli(say);
  const port = opts.temporalPort ?? (await freePort());
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
    '--namespace',
    'default',
    '--log-level',
    'warn',
    '--log-format',
    'json',
    ...devServerSearchAttributeArgs(),
  ];
  let uiUrl: string | undefined;
  if (opts.ui) {
    const uiPort = opts.uiPort ?? (await freePort());
    args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
    if (opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
    uiUrl = `http://127.0.0.1:${uiPort}`;
  } else {
    args.push('--headless');
  }
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
  }
  const logFile = path.join(opts.dataDir ?? os.tmpdir(), `datapact-temporal-${port}.log`);
  stops.push(launch('temporal dev server', exe, args, logFile, say));
  started.push(`temporal dev server on 127.0.0.1:${port}${uiUrl ? `, UI ${uiUrl}` : ''} (log ${logFile})`);
  return { address: `127.0.0.1:${port}`, uiUrl };
}

async function startFerretDb(
  opts: StackOptions,
  say: (line: string) => void,
  stops: (() => Promise<void>)[],
  started: string[],
): Promise<string> {
  const exe = await ensureFerretDb(say);
  const backend =
    opts.storeBackend === 'sqlite'
      ? ['--handler=sqlite', `--sqlite-url=file:${sqliteDir(opts, stops)}/`]
      : ['--handler=postgresql', `--postgresql-url=${await startPostgres(opts, say, stops, started)}`];
  const port = opts.mongoPort ?? (await freePort());
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    ...backend,
    '--state-dir=-',
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
  const logFile = path.join(opts.dataDir ?? os.tmpdir(), `datapact-ferretdb-${port}.log`);
  stops.push(launch('ferretdb', exe, args, logFile, say));
  started.push(`FerretDB on 127.0.0.1:${port} (${opts.storeBackend ?? 'postgresql'} backend; log ${logFile})`);
  return `mongodb://127.0.0.1:${port}/datapact`;
}

/** A folder for FerretDB's SQLite files: `<dataDir>/ferretdb`, or a temporary one removed after the run. */
function sqliteDir(opts: StackOptions, stops: (() => Promise<void>)[]): string {
  if (opts.dataDir) {
    const dir = path.join(opts.dataDir, 'ferretdb');
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'datapact-ferretdb-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The store's PostgreSQL cluster (src/dev/postgres.ts): `<dataDir>/postgresql`, or a temporary
 * folder removed after the run. Returns FerretDB's URL for it once it answers.
 */
async function startPostgres(
  opts: StackOptions,
  say: (line: string) => void,
  stops: (() => Promise<void>)[],
  started: string[],
): Promise<string> {
  const install = ensurePostgres(say);
  const temporary = !opts.dataDir;
  // A temporary cluster's folder must let the postgres system user pass (mkdtemp makes it root-only).
  const root = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'datapact-postgres-'));
  if (temporary) chmodSync(root, 0o711);
  const dataDir = path.join(root, 'postgresql');
  ensureCluster(install, dataDir, say);
  const port = await freePort();
  const logFile = path.join(root, `postgresql-${port}.log`);
  const stopProcess = launch(
    'postgresql',
    path.join(install.bin, 'postgres'),
    postgresArgs({ dataDir, port, temporary }),
    logFile,
    say,
    { runAs: install.runAs, stopSignal: 'SIGINT' },
  );
  stops.push(async () => {
    await stopProcess();
    if (temporary) rmSync(root, { recursive: true, force: true });
  });
  await retryUntil(`PostgreSQL on 127.0.0.1:${port}`, async () => {
    if (!postgresReady(install, port)) throw new Error('not accepting connections yet');
  });
  started.push(`PostgreSQL for FerretDB on 127.0.0.1:${port} (data ${dataDir})`);
  return prepareFerretDbDatabase(install, port);
}

/**
 * Spawns a server; returns how to stop it (SIGTERM, or the server's own fast-shutdown signal, then
 * SIGKILL after 5 s). `runAs` starts it as another system user (PostgreSQL refuses root).
 */
function launch(
  name: string,
  exe: string,
  args: string[],
  logFile: string,
  say: (line: string) => void,
  opts: { runAs?: { uid: number; gid: number }; stopSignal?: NodeJS.Signals } = {},
): () => Promise<void> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(exe, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.runAs ? { cwd: '/', ...opts.runAs } : {}),
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.add(child);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      children.delete(child);
      if (!stopping && code !== 0 && signal !== 'SIGINT' && signal !== 'SIGTERM')
        say(`${name} exited unexpectedly (code ${code}, signal ${signal}); see ${logFile}`);
      resolve();
    }),
  );
  let stopping = false;
  return async () => {
    stopping = true;
    if (!exited) {
      child.kill(opts.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    }
    log.end();
  };
}

async function waitForTemporal(address: string): Promise<void> {
  await retryUntil(`Temporal at ${address}`, async () => {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      if (process.env.TEMPORAL_ADDRESS) await ensureSearchAttributes(connection, 'default');
    } finally {
      await connection.close();
    }
  });
}

async function waitForMongo(uri: string): Promise<void> {
  await retryUntil(`the store at ${uri}`, async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
    try {
      await client.db().admin().ping();
    } finally {
      await client.close();
    }
  });
}

async function retryUntil(what: string, attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await attempt();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${what} did not answer within ${READY_TIMEOUT_MS / 1000} s: ${(lastError as Error)?.message}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
