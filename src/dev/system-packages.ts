/**
 * Debian packages the tests need, installed with apt when missing (root only, as on CI and dev
 * machines): docker-compose (to check docker-compose.yml without a Docker engine), chromium (browser
 * tests through playwright-core; never a browser download) and fonts-noto-cjk (Chinese text in screenshots).
 */
import { execFileSync, spawnSync } from 'node:child_process';

type Say = (line: string) => void;

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function installed(pkg: string): boolean {
  return (
    spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes(
      'install ok installed',
    ) ?? false
  );
}

/** Installs a Debian package unless `binary` is on PATH (or, without a binary, unless the package is installed). */
export function ensureDebianPackage(pkg: string, binary: string | null, say: Say): string {
  const present = () => (binary ? onPath(binary) : installed(pkg));
  if (present()) return binary ?? pkg;
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
  if (result.status !== 0 || !present()) {
    throw new Error(`apt-get install ${pkg} failed:\n${(result.stderr ?? '').slice(-2000)}`);
  }
  return binary ?? pkg;
}

/** The command that checks a compose file: Docker's own `docker compose` if present, else Debian's docker-compose. */
export function composeCommand(say: Say): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  return [ensureDebianPackage('docker-compose', 'docker-compose', say)];
}
