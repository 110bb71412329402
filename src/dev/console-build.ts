/** Builds the console (Vite) when its sources are newer than the build: the run command and the browser tests use it. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = [path.join(ROOT, 'src/console'), path.join(ROOT, 'policies')];
const BUILT = path.join(ROOT, 'dist/console/index.html');

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

export function ensureConsoleBuilt(say: (line: string) => void): void {
  const sourcesAt = Math.max(...SOURCES.map(newestMtime));
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sourcesAt) {
    say('console: built already, nothing rebuilt');
    return;
  }
  say('console: building with Vite');
  const started = Date.now();
  const result = spawnSync(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'src/console/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`the console build failed:\n${result.stdout}\n${result.stderr}`);
  say(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
