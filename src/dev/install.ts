/**
 * Installs the pinned real servers DataPact runs and tests against, from the registries this
 * machine reaches (Go module proxy, Maven Central), into a versioned cache outside the repo:
 *   ${XDG_CACHE_HOME:-~/.cache}/datapact/<tool>-<version>/
 * A tool is built once; every later call finds it and says so. Nothing here downloads a prebuilt
 * binary. Each build happens in a scratch folder renamed into place at the end, so an interrupted
 * build leaves nothing that looks finished.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const FERRETDB_VERSION = '1.24.2';
export const TEST_SERVER_VERSION = '1.38.0';

export interface InstalledServers {
  temporalCli: string;
  ferretdb: string;
  testServer: string;
}

type Say = (line: string) => void;
const defaultSay: Say = (line) => process.stderr.write(`[datapact servers] ${line}\n`);

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'datapact');
}

/** Builds (or finds) all three servers. */
export async function ensureServers(say: Say = defaultSay): Promise<InstalledServers> {
  const temporalCli = await ensureTemporalCli(say);
  const ferretdb = await ensureFerretDb(say);
  const testServer = await ensureTestServer(say);
  return { temporalCli, ferretdb, testServer };
}

export function ensureTemporalCli(say: Say = defaultSay): Promise<string> {
  return ensureTool(
    { name: 'temporal-cli', version: TEMPORAL_CLI_VERSION, entry: 'bin/temporal', say },
    async (dir) => {
      say('building the Temporal CLI with `go install` (the first build takes 3 to 6 minutes)');
      await run(
        'go',
        [
          'install',
          `-ldflags=-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
          `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
        ],
        { env: { GOBIN: path.join(dir, 'bin') }, say },
      );
    },
  );
}

/**
 * FerretDB's `go install` binary panics at start for want of build/version/version.txt
 * (FerretDB issue #2982), so it is built from a writable copy of the downloaded module with that
 * file added.
 */
export function ensureFerretDb(say: Say = defaultSay): Promise<string> {
  return ensureTool({ name: 'ferretdb', version: FERRETDB_VERSION, entry: 'bin/ferretdb', say }, async (dir) => {
    say('downloading the FerretDB module from the Go module proxy');
    const module = `github.com/FerretDB/FerretDB@v${FERRETDB_VERSION}`;
    const info = JSON.parse(await run('go', ['mod', 'download', '-json', module], { say, quiet: true })) as {
      Dir?: string;
      Error?: string;
    };
    if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? 'no directory'}`);
    const src = path.join(dir, 'src');
    await fs.cp(info.Dir, src, { recursive: true });
    await run('chmod', ['-R', 'u+w', src], { say, quiet: true });
    await fs.writeFile(path.join(src, 'build/version/version.txt'), `v${FERRETDB_VERSION}\n`);
    say('building FerretDB with `go build` (the first build takes 2 to 5 minutes)');
    await run('go', ['build', '-trimpath', '-o', path.join(dir, 'bin/ferretdb'), './cmd/ferretdb'], {
      cwd: src,
      say,
    });
    await fs.rm(src, { recursive: true, force: true });
  });
}

/**
 * Temporal's Java time-skipping test server: Maven resolves its classpath through a tiny pom, and
 * a wrapper script `exec`s java so that the SDK's `existing-path` executable is the JVM itself.
 */
export async function ensureTestServer(say: Say = defaultSay): Promise<string> {
  const entry = await ensureTool(
    { name: 'temporal-test-server', version: TEST_SERVER_VERSION, entry: 'bin/test-server', say },
    async (dir) => {
      say('resolving the Temporal Java test server from Maven Central');
      const pom = path.join(__dirname, 'tools', 'test-server.pom.xml');
      const classpathFile = path.join(dir, 'classpath.txt');
      await run(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          pom,
          `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
          'dependency:build-classpath',
          `-Dmdep.outputFile=${classpathFile}`,
          '-Dmdep.includeScope=runtime',
          // Maven's repository inside the cache, so that its place follows the cache and not the account.
          `-Dmaven.repo.local=${path.join(cacheRoot(), 'maven-repository')}`,
        ],
        { say },
      );
      await fs.mkdir(path.join(dir, 'bin'), { recursive: true });
      await fs.writeFile(path.join(dir, 'bin/test-server'), TEST_SERVER_SCRIPT, { mode: 0o755 });
    },
  );
  await ensureTestServerQuickStart(path.dirname(path.dirname(entry)), say);
  return entry;
}

/**
 * The Java test server's launcher: `DataPactTestServer` (src/dev/tools), the test server's own main with
 * the keepalive pings of Temporal's clients accepted (see that file). The SDK gives the server 5 s to open its port, which a JVM on a busy
 * machine misses (18 s was seen at a load of 20 on 2 cores): the server loads its classes from a
 * class-data-sharing archive made at install (about 1 s at the same load), and runs at a higher priority
 * where it may (root).
 */
const TEST_SERVER_SCRIPT = [
  '#!/bin/sh',
  '# Temporal Java time-skipping test server; args: <port> [--enable-time-skipping]',
  'dir="$(dirname "$0")/.."',
  'archive=""',
  '[ -f "$dir/classes.jsa" ] && archive="-XX:SharedArchiveFile=$dir/classes.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"',
  'priority=""',
  '[ "$(id -u)" = 0 ] && priority="nice -n -10"',
  'exec $priority java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $archive -cp "$(cat "$dir/classpath.txt"):$dir/launcher" DataPactTestServer "$@"',
  '',
].join('\n');

/** Brings a cached test server up to the current launcher, with its class-data-sharing archive. */
async function ensureTestServerQuickStart(dir: string, say: Say): Promise<void> {
  await ensureLauncherClass(dir, say);
  const launcher = path.join(dir, 'bin/test-server');
  if ((await fs.readFile(launcher, 'utf8')) !== TEST_SERVER_SCRIPT) {
    await fs.writeFile(launcher, TEST_SERVER_SCRIPT, { mode: 0o755 });
  }
  const archive = path.join(dir, 'classes.jsa');
  if (existsSync(archive)) return;
  say("making the test server's class-data-sharing archive (once, a few seconds)");
  const partial = `${archive}.partial-${process.pid}`;
  const classpath = (await fs.readFile(path.join(dir, 'classpath.txt'), 'utf8')).trim();
  const port = await freePortOf();
  const server = spawn(
    'java',
    [
      `-XX:ArchiveClassesAtExit=${partial}`,
      '-Xlog:cds=off',
      '-Xlog:cds+dynamic=off',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      `${classpath}:${path.join(dir, 'launcher')}`,
      'DataPactTestServer',
      String(port),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  try {
    await waitForPort(port, 120_000);
  } finally {
    server.kill('SIGTERM'); // the JVM writes the archive as it exits
    await exited;
  }
  if (existsSync(partial)) await fs.rename(partial, archive);
}

/**
 * Compiles the launcher's main class into `<dir>/launcher` against the test server's classpath, again
 * whenever its source changes (a stamp holds the source's hash); built aside and renamed into place.
 */
async function ensureLauncherClass(dir: string, say: Say): Promise<void> {
  const source = path.join(__dirname, 'tools', 'DataPactTestServer.java');
  const hash = createHash('sha256')
    .update(await fs.readFile(source))
    .digest('hex');
  const target = path.join(dir, 'launcher');
  const stamp = path.join(target, 'source.sha256');
  if (existsSync(stamp) && (await fs.readFile(stamp, 'utf8')) === hash) return;
  say("compiling the test server's launcher (once, a few seconds)");
  const partial = `${target}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  const classpath = (await fs.readFile(path.join(dir, 'classpath.txt'), 'utf8')).trim();
  await run('javac', ['-d', partial, '-cp', classpath, source], { say });
  await fs.writeFile(path.join(partial, 'source.sha256'), hash);
  await fs.rm(target, { recursive: true, force: true });
  await fs.rename(partial, target).catch(async (err: NodeJS.ErrnoException) => {
    // Another process compiled it first: keep theirs.
    await fs.rm(partial, { recursive: true, force: true });
    if (!existsSync(stamp)) throw err;
  });
}

function freePortOf(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the test server did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function finalDir(name: string, version: string): string {
  return path.join(cacheRoot(), `${name}-${version}`);
}

async function ensureTool(
  tool: { name: string; version: string; entry: string; say: Say },
  build: (scratchDir: string) => Promise<void>,
): Promise<string> {
  const dir = finalDir(tool.name, tool.version);
  const entry = path.join(dir, tool.entry);
  if (existsSync(entry)) {
    tool.say(`${tool.name} ${tool.version}: cached at ${dir}, nothing rebuilt`);
    return entry;
  }
  await fs.mkdir(cacheRoot(), { recursive: true });
  const scratch = `${dir}.partial-${process.pid}`;
  await fs.rm(scratch, { recursive: true, force: true });
  await fs.mkdir(scratch, { recursive: true });
  const started = Date.now();
  try {
    await build(scratch);
    if (!existsSync(path.join(scratch, tool.entry))) throw new Error(`${tool.name}: build produced no ${tool.entry}`);
    await fs.rename(scratch, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process finished the same build first: keep theirs.
      if (!existsSync(entry)) throw err;
      await fs.rm(scratch, { recursive: true, force: true });
    });
  } catch (err) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw err;
  }
  tool.say(`${tool.name} ${tool.version}: built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`);
  return entry;
}

/** Runs a command; prints a progress line every 20 s while it runs; resolves with its stdout. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; say: Say; quiet?: boolean },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    });
    const started = Date.now();
    const ticker = setInterval(
      () => opts.say(`  … still running ${cmd} ${args[0]} (${Math.round((Date.now() - started) / 1000)} s)`),
      20_000,
    );
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(new Error(`cannot run ${cmd}: ${err.message} (is it installed?)`));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stderr.slice(-4000)}`));
    });
  });
}

if (require.main === module) {
  ensureServers().then(
    (paths) => console.log(JSON.stringify(paths, null, 2)),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
