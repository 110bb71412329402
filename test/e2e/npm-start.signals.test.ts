/**
 * A supervisor stops `npm start` by signalling the npm process (not the whole process group, as a
 * terminal's Ctrl-C does): the run command and every server it started must then stop. Slow: it starts
 * the whole stack (servers, worker bundle, API, demo data) in a folder and on ports of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { freePort } from '../../src/dev/stack';

const ROOT = path.resolve(__dirname, '../..');
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

interface Proc {
  pid: number;
  ppid: number;
  zombie: boolean;
  command: string;
}

/** Every process of this machine from /proc: its parent, whether it is a zombie, its command line. */
function processes(): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      all.set(Number(entry), { pid: Number(entry), ppid: Number(ppid), zombie: state === 'Z', command });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

function descendantsOf(root: number): Proc[] {
  const all = [...processes().values()];
  const found: Proc[] = [];
  const parents = [root];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const child of all.filter((p) => p.ppid === parent)) {
      found.push(child);
      parents.push(child.pid);
    }
  }
  return found;
}

const running = (pids: number[]) => {
  const all = processes();
  return pids.filter((pid) => all.has(pid) && !all.get(pid)!.zombie);
};

async function until<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start', () => {
  let npm: ChildProcess | undefined;
  let tree: Proc[] = [];
  let dataDir: string | undefined;
  afterEach(() => {
    // A failed test leaves nothing running: its process tree, as seen before the signal (an orphan has a
    // new parent), and whatever is below npm now, killed by pid.
    const kill = (pid: number) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    for (const p of [...tree, ...(npm?.pid ? descendantsOf(npm.pid) : [])]) kill(p.pid);
    if (npm?.pid && npm.exitCode === null) kill(npm.pid);
    npm?.stdout?.destroy();
    npm?.stderr?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    tree = [];
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops cleanly, with every server it started, on %s sent to the npm process alone',
    async (signal) => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'datapact-npm-start-'));
      // mkdtemp makes the folder private; run as root, the PostgreSQL cluster's system user must pass it.
      chmodSync(dataDir, 0o755);
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATAPACT_DATA_DIR: dataDir,
        DATAPACT_TEMPORAL_PORT: String(await freePort()),
        DATAPACT_TEMPORAL_UI_PORT: String(await freePort()),
        DATAPACT_MONGO_PORT: String(await freePort()),
        PORT: String(port),
        LOG_LEVEL: 'warn',
      };
      // The run's own servers, not the ones jest's setup started for the other tests.
      for (const name of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'AUTH_JWKS_URL', 'AUTH_JWT_SECRET']) delete env[name];
      const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      npm = child;
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

      await until('DataPact running and ready', START_TIMEOUT_MS, async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
        if (!output.includes('DataPact is running')) return undefined;
        const ready = await axios
          .get(`http://127.0.0.1:${port}/readyz`, { validateStatus: () => true, timeout: 5_000 })
          .catch(() => undefined);
        return ready?.status === 200 ? true : undefined;
      });
      tree = descendantsOf(child.pid!);
      const servers = tree.filter((p) => /temporal(-cli)?[^ ]* server start-dev|ferretdb/.test(p.command));
      expect(servers.map((p) => (p.command.includes('ferretdb') ? 'ferretdb' : 'temporal')).sort()).toEqual([
        'ferretdb',
        'temporal',
      ]);

      process.kill(child.pid!, signal);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`npm start still running:\n${output}`)), STOP_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));

      expect(code).toBe(0);
      expect(output).toContain('stopped; nothing left running');
      const left = await until('every process it started gone', STOP_TIMEOUT_MS, () => {
        const still = running(tree.map((p) => p.pid));
        return still.length === 0 ? still : undefined;
      });
      expect(left).toEqual([]);
      const api = await axios.get(`http://127.0.0.1:${port}/healthz`, { timeout: 5_000 }).catch((err: Error) => err);
      expect(api).toBeInstanceOf(Error);
    },
    START_TIMEOUT_MS + 3 * STOP_TIMEOUT_MS,
  );
});
