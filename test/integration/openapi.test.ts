import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPERATIONS } from '../../src/api/openapi';
import { startApi, type ApiHarness } from '../support/api';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('openapi');
});
afterAll(async () => {
  await api?.stop();
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document by a third-party validator', async () => {
    const res = await api.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.data.openapi).toBe('3.1.0');
    const file = path.join(os.tmpdir(), `datapact-openapi-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(res.data));
    const script = `import { Validator } from '@seriousme/openapi-schema-validator';
      import { readFileSync } from 'node:fs';
      const result = await new Validator().validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
      console.log(JSON.stringify(result));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ valid: true });
  });

  it('lists every route the API registers, each with its responses, and bodies where it takes one', async () => {
    const doc = (await api.http.get('/openapi.json')).data;
    const routesDir = path.resolve(__dirname, '../../src/api');
    const registered = readdirSync(routesDir)
      .filter((f) => f.endsWith('.routes.ts'))
      .flatMap((f) =>
        [
          ...readFileSync(path.join(routesDir, f), 'utf8').matchAll(
            /router\.(get|post|patch|put|delete)\(\s*'([^']+)'/g,
          ),
        ].map(([, method, route]) => `${method} /api${route!.replace(/:(\w+)/g, '{$1}')}`),
      );
    expect(registered.length).toBeGreaterThanOrEqual(12);
    // The sign-in configuration route lives with the auth code; the dev-only token route is not part of the API.
    registered.push('get /api/auth/config');
    const documented = OPERATIONS.filter((op) => op.path.startsWith('/api')).map((op) => `${op.method} ${op.path}`);
    expect(documented.sort()).toEqual(registered.sort());
    for (const op of OPERATIONS) {
      const entry = doc.paths[op.path][op.method];
      expect({ op: `${op.method} ${op.path}`, ok: Object.keys(entry.responses) }).toEqual({
        op: `${op.method} ${op.path}`,
        ok: expect.arrayContaining([String(op.ok.status), 'default']),
      });
      if (op.body) expect(entry.requestBody.content['application/json'].schema.type).toBe('object');
    }
  });

  it('serves the docs page', async () => {
    const page = await api.http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.data).toContain('/docs/assets/swagger-ui-bundle.js');
    expect((await api.http.get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});
