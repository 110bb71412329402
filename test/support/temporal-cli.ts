import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalCli } from '../../src/dev/install';
import { testEnv } from './env';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** How long one CLI command may take before it is killed (a refusal comes back in well under a second). */
const CLI_TIMEOUT_MS = 60_000;

/**
 * The installed Temporal CLI (the one `npm start` and the tests run their dev server with), pointed at
 * the test's dev server, as anyone who reaches the frontend could run it: no codec, no DataPact key.
 * It runs with an empty HOME and no TEMPORAL_* variables, so no config file or environment steers it.
 */
export async function temporalCli(args: string[]): Promise<CliRun> {
  const exe = await ensureTemporalCli(() => undefined);
  const home = mkdtempSync(path.join(os.tmpdir(), 'datapact-cli-home-'));
  const common = ['--address', testEnv().temporalAddress, '--namespace', 'default', '--color', 'never'];
  return await new Promise<CliRun>((resolve, reject) => {
    const child = spawn(exe, [...args, ...common], {
      env: { PATH: process.env.PATH, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      resolve({ status, stdout, stderr });
    });
  });
}
