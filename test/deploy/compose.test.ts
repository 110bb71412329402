import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const compose = JSON.parse(process.env.DATAPACT_COMPOSE_COMMAND ?? '[]') as string[];

function runCompose(args: string[], env: NodeJS.ProcessEnv) {
  const [cmd, ...pre] = compose;
  return spawnSync(cmd!, [...pre, '-f', 'docker-compose.yml', ...args], { cwd: root, env, encoding: 'utf8' });
}

describe('docker-compose.yml', () => {
  const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

  it('is accepted by compose with the example environment', () => {
    expect(compose.length).toBeGreaterThan(0);
    const result = runCompose(['--env-file', '.env.example', 'config', '-q'], cleanEnv);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('holds no secret: without the environment it refuses to start, naming what is missing', () => {
    const result = runCompose(['config', '-q'], cleanEnv);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/POSTGRES_USER|POSTGRES_PASSWORD|MONGO_USER|MONGO_PASSWORD/);
  });

  it('runs Temporal on PostgreSQL set up by admin-tools, MongoDB 8, the UI, the API and the worker, each long-running one health-checked', () => {
    const [cmd, ...pre] = compose;
    const resolved = execFileSync(cmd!, [...pre, '--env-file', '.env.example', '-f', 'docker-compose.yml', 'config'], {
      cwd: root,
      env: cleanEnv,
      encoding: 'utf8',
    });
    const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/auto-setup/);
    expect(text).toMatch(/image: temporalio\/server:/);
    expect(text).toMatch(/image: temporalio\/admin-tools:/);
    expect(text).toMatch(/image: temporalio\/ui:/);
    expect(text).toMatch(/image: mongo:8/);
    expect(text).toMatch(/image: postgres:/);
    for (const service of ['postgresql', 'temporal', 'mongodb', 'api']) {
      const block = resolved.split(/\n {2}(?=[a-z-]+:\n)/).find((b) => b.startsWith(`${service}:`));
      expect({ service, healthcheck: /\n\s+healthcheck:/.test(block ?? '') }).toEqual({ service, healthcheck: true });
    }
    expect(resolved).toMatch(/dist\/src\/server\.js/);
    expect(resolved).toMatch(/dist\/src\/worker\.js/);
  });
});
