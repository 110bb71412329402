/**
 * The embedded store's PostgreSQL: a cluster of DataPact's own, made with Debian's `postgresql`
 * package (installed with apt when missing, like chromium), under the data folder (`npm start`) or a
 * temporary folder (tests), on a free port of 127.0.0.1, for FerretDB's PostgreSQL backend. Why
 * PostgreSQL and not SQLite: FerretDB v1.24 pushes equality filters down to PostgreSQL and only
 * `{_id}` to SQLite (README, "The store"). The stack starts and stops it (src/dev/stack.ts).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackage } from './system-packages';

type Say = (line: string) => void;

export const POSTGRES_PACKAGE = 'postgresql';
/** Where Debian puts each major version's server programs. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
/** The system user a root process runs the cluster as: PostgreSQL refuses to run as root. */
const POSTGRES_SYSTEM_USER = 'postgres';
/** The superuser role of our clusters, and the database FerretDB keeps its schemas in. */
export const POSTGRES_ROLE = 'postgres';
export const FERRETDB_DATABASE = 'ferretdb';
/** The GIN twins of FerretDB's indexes (see the file): applied at every start, idempotent. */
const GIN_INDEXES_SQL = path.join(__dirname, 'sql', 'ferretdb-gin-indexes.sql');

export interface PostgresInstall {
  /** `/usr/lib/postgresql/<major>/bin` */
  bin: string;
  /** Who the server runs as: the `postgres` system user when we are root, else ourselves. */
  runAs?: { uid: number; gid: number };
}

/** Finds Debian's PostgreSQL server programs, installing the `postgresql` package first if they are missing. */
export function ensurePostgres(say: Say): PostgresInstall {
  let bin = serverBin();
  if (!bin) {
    const online = onlineClusters();
    ensureDebianPackage(POSTGRES_PACKAGE, null, say);
    stopClustersStartedByInstall(online, say);
    bin = serverBin();
    if (!bin)
      throw new Error(
        `Debian's ${POSTGRES_PACKAGE} package is installed but ${DEBIAN_POSTGRES_ROOT}/*/bin/initdb is not`,
      );
  }
  if (process.getuid?.() !== 0) return { bin };
  const uid = Number(run('id', ['-u', POSTGRES_SYSTEM_USER]));
  const gid = Number(run('id', ['-g', POSTGRES_SYSTEM_USER]));
  return { bin, runAs: { uid, gid } };
}

/** The newest installed major version's bin folder, or undefined. */
function serverBin(): string | undefined {
  if (!existsSync(DEBIAN_POSTGRES_ROOT)) return undefined;
  const majors = readdirSync(DEBIAN_POSTGRES_ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(DEBIAN_POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(DEBIAN_POSTGRES_ROOT, majors[0], 'bin') : undefined;
}

/** Clusters Debian's own tooling runs (`pg_lsclusters`), as "version name". */
function onlineClusters(): Set<string> {
  const listed = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (listed.status !== 0) return new Set();
  return new Set(
    listed.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === 'online')
      .map((cols) => `${cols[0]} ${cols[1]}`),
  );
}

/** Debian's package may start its default cluster where an init system runs; DataPact uses its own, so that one is stopped again. */
function stopClustersStartedByInstall(before: Set<string>, say: Say): void {
  for (const cluster of onlineClusters()) {
    if (before.has(cluster)) continue;
    say(
      `stopping the cluster ${cluster} that installing ${POSTGRES_PACKAGE} started (DataPact runs a cluster of its own)`,
    );
    spawnSync('pg_ctlcluster', [...cluster.split(' '), 'stop'], { stdio: 'ignore' });
  }
}

/**
 * Makes the cluster's data folder (initdb) unless it has one. `dataDir` is the folder PostgreSQL
 * owns; its parent must exist. As root, the folder belongs to the postgres system user, and every
 * folder above it must let that user pass.
 */
export function ensureCluster(install: PostgresInstall, dataDir: string, say: Say): void {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  // The folders above with the usual mode (the postgres user must pass them); the cluster's own private.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (install.runAs) {
    chownSync(dataDir, install.runAs.uid, install.runAs.gid);
    const reachable = spawnSync('test', ['-w', dataDir], { uid: install.runAs.uid, gid: install.runAs.gid });
    if (reachable.status !== 0)
      throw new Error(
        `the ${POSTGRES_SYSTEM_USER} system user cannot reach ${dataDir} (a folder above it is private to root): ` +
          'set DATAPACT_DATA_DIR to a folder it can reach, or run as an ordinary user',
      );
  }
  say(`creating the store's PostgreSQL cluster in ${dataDir}`);
  run(
    path.join(install.bin, 'initdb'),
    ['-D', dataDir, '-U', POSTGRES_ROLE, '--encoding=UTF8', '--locale=C', '--auth=trust'],
    install.runAs,
  );
}

/**
 * The server's command line. FerretDB prepares its statements once per connection (pgx's statement
 * cache); PostgreSQL's generic plan for `_jsonb->$1 @> $2` cannot see which field $1 names, so it
 * cannot use an index, and once chosen it stays: `force_custom_plan` plans each query with its values.
 * A temporary cluster (tests) skips fsync: nothing in it outlives the run.
 */
export function postgresArgs(opts: { dataDir: string; port: number; temporary: boolean }): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    plan_cache_mode: 'force_custom_plan',
    synchronous_commit: 'off',
    ...(opts.temporary ? { fsync: 'off', full_page_writes: 'off' } : {}),
  };
  return [
    '-D',
    opts.dataDir,
    '-p',
    String(opts.port),
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}

/** True once the server accepts connections. */
export function postgresReady(install: PostgresInstall, port: number): boolean {
  return (
    spawnSync(path.join(install.bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
      .status === 0
  );
}

/** Creates FerretDB's database if missing and applies the GIN-twin trigger; returns FerretDB's PostgreSQL URL. */
export function prepareFerretDbDatabase(install: PostgresInstall, port: number): string {
  const psql = (database: string, args: string[]) =>
    run(path.join(install.bin, 'psql'), [
      '-X',
      '-q',
      '-At',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      POSTGRES_ROLE,
      '-d',
      database,
      ...args,
    ]);
  const exists = psql('postgres', ['-c', `SELECT 1 FROM pg_database WHERE datname = '${FERRETDB_DATABASE}'`]);
  if (exists.trim() !== '1') psql('postgres', ['-c', `CREATE DATABASE ${FERRETDB_DATABASE}`]);
  psql(FERRETDB_DATABASE, ['-f', GIN_INDEXES_SQL]);
  return `postgres://${POSTGRES_ROLE}@127.0.0.1:${port}/${FERRETDB_DATABASE}`;
}

function run(cmd: string, args: string[], as?: { uid: number; gid: number }): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...(as ?? {}), cwd: '/' });
  if (result.error) throw new Error(`cannot run ${cmd}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `${path.basename(cmd)} ${args.join(' ')} exited ${result.status}:\n${(result.stderr ?? '').slice(-2000)}`,
    );
  return result.stdout;
}
