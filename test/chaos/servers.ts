/**
 * The servers of `npm run chaos`, each a child process the run can stop and start again on the same
 * port and the same files: the Temporal dev server (its SQLite file), FerretDB (in front of a PostgreSQL
 * cluster in the run's folder, kept running: "the store stopped" is the server the application talks to).
 * The same pinned binaries and arguments as the embedded stack (src/dev/stack.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureFerretDb, ensureTemporalCli } from '../../src/dev/install';
import {
  ensureCluster,
  ensurePostgres,
  postgresArgs,
  postgresReady,
  prepareFerretDbDatabase,
} from '../../src/dev/postgres';
import { freePort } from '../../src/dev/stack';
import { devServerSearchAttributeArgs } from '../../src/temporal/search-attributes';

export interface Restartable {
  name: string;
  start(): void;
  /** SIGKILL, or the server's own stop signal; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  running(): boolean;
}

const everyChild = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of everyChild) child.kill('SIGKILL');
});

export function restartable(opts: {
  name: string;
  exe: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  runAs?: { uid: number; gid: number };
  ipc?: boolean;
  onMessage?: (message: unknown) => void;
}): Restartable {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  return {
    name: opts.name,
    start() {
      if (child) return;
      const c = spawn(opts.exe, opts.args, {
        stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
        env: opts.env ?? process.env,
        ...(opts.runAs ? { cwd: '/', ...opts.runAs } : {}),
      });
      c.stdout?.pipe(log, { end: false });
      c.stderr?.pipe(log, { end: false });
      if (opts.onMessage) c.on('message', opts.onMessage);
      everyChild.add(c);
      child = c;
      exited = new Promise((resolve) =>
        c.on('exit', () => {
          everyChild.delete(c);
          if (child === c) child = undefined;
          resolve();
        }),
      );
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      const c = child;
      if (!c) return;
      c.kill(signal);
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    running: () => child !== undefined,
  };
}

export interface ChaosServers {
  temporal: Restartable;
  temporalAddress: string;
  store: Restartable;
  mongoUri: string;
  postgres: Restartable;
}

/** Starts PostgreSQL, FerretDB and the Temporal dev server with their files under `dataDir`. */
export async function startChaosServers(dataDir: string, say: (line: string) => void): Promise<ChaosServers> {
  mkdirSync(dataDir, { recursive: true });
  const install = ensurePostgres(say);
  const pgData = path.join(dataDir, 'postgresql');
  ensureCluster(install, pgData, say);
  const pgPort = await freePort();
  const postgres = restartable({
    name: 'postgresql',
    exe: path.join(install.bin, 'postgres'),
    args: postgresArgs({ dataDir: pgData, port: pgPort, temporary: false }),
    logFile: path.join(dataDir, 'postgresql.log'),
    runAs: install.runAs,
  });
  postgres.start();
  await until('PostgreSQL', async () => postgresReady(install, pgPort));
  const pgUrl = prepareFerretDbDatabase(install, pgPort);

  const mongoPort = await freePort();
  const store = restartable({
    name: 'ferretdb',
    exe: await ensureFerretDb(say),
    args: [
      `--listen-addr=127.0.0.1:${mongoPort}`,
      '--handler=postgresql',
      `--postgresql-url=${pgUrl}`,
      '--state-dir=-',
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    logFile: path.join(dataDir, 'ferretdb.log'),
  });
  store.start();

  const temporalPort = await freePort();
  const temporal = restartable({
    name: 'temporal',
    exe: await ensureTemporalCli(say),
    args: [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--http-port',
      String(await freePort()),
      '--metrics-port',
      String(await freePort()),
      '--namespace',
      'default',
      '--log-level',
      'warn',
      '--headless',
      '--db-filename',
      path.join(dataDir, 'temporal.db'),
      ...devServerSearchAttributeArgs(),
    ],
    logFile: path.join(dataDir, 'temporal.log'),
  });
  temporal.start();
  return {
    temporal,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    store,
    mongoUri: `mongodb://127.0.0.1:${mongoPort}/datapact`,
    postgres,
  };
}

export async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}
