/**
 * Debian packages the tests need (for now Debian's docker-compose, to check docker-compose.yml
 * without a Docker engine), installed with apt when missing. Root only, as on CI and dev machines.
 */
import { execFileSync, spawnSync } from 'node:child_process';

type Say = (line: string) => void;

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

export function ensureDebianPackage(pkg: string, binary: string, say: Say): string {
  if (onPath(binary)) return binary;
  if (process.getuid?.() !== 0) {
    throw new Error(`${binary} is missing: install Debian's ${pkg} package (apt-get install ${pkg}) and run again`);
  }
  say(`installing Debian's ${pkg} package with apt-get (once per machine)`);
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
  let result = install();
  if (result.status !== 0) {
    say('apt-get update first');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    result = install();
  }
  if (result.status !== 0 || !onPath(binary)) {
    throw new Error(`apt-get install ${pkg} failed:\n${(result.stderr ?? '').slice(-2000)}`);
  }
  return binary;
}

/** The command that checks a compose file: Docker's own `docker compose` if present, else Debian's docker-compose. */
export function composeCommand(say: Say): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  return [ensureDebianPackage('docker-compose', 'docker-compose', say)];
}
