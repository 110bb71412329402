import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApi, users, type ApiHarness } from '../support/api';

let api: ApiHarness;
// The document as the API serves it.
let doc: {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: { pattern?: string } }[] }>>;
};
beforeAll(async () => {
  api = await startApi('openapi', { devTokens: true });
  doc = (await api.http.get('/openapi.json')).data;
});
afterAll(async () => {
  await api?.stop();
});

/** Every `pattern` in a JSON value, with where it stands. */
function patternsIn(value: unknown, where = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => patternsIn(v, `${where}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      key === 'pattern' && typeof v === 'string' ? [[where, v] as [string, string]] : patternsIn(v, `${where}/${key}`),
    );
  }
  return [];
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document by two independent third-party validators', async () => {
    const file = path.join(os.tmpdir(), `datapact-openapi-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const script = `import { Validator } from '@seriousme/openapi-schema-validator';
      import { readFileSync } from 'node:fs';
      const result = await new Validator().validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
      console.log(JSON.stringify(result));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ valid: true });
    // Redocly's recommended rules also check what a schema cannot say: every path parameter declared,
    // operation ids unique, security on every operation, a 4xx answer for each.
    const lint = `import { lintFromString, createConfig } from '@redocly/openapi-core';
      import { readFileSync } from 'node:fs';
      const config = await createConfig({ extends: ['recommended'] });
      const source = readFileSync(process.argv[1], 'utf8');
      const problems = await lintFromString({ source, absoluteRef: process.argv[1], config });
      console.log(JSON.stringify(problems.map((p) => ({ rule: p.ruleId, severity: p.severity, message: p.message,
        where: p.location?.[0]?.pointer }))));`;
    const problems = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', lint, file], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
      }),
    ) as { rule: string; severity: string }[];
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('uses only regular expressions of the portable subset (no Unicode property escapes, no flags)', () => {
    const patterns = patternsIn(doc);
    expect(patterns.length).toBeGreaterThan(5);
    for (const [where, pattern] of patterns) {
      expect({ where, pattern, portable: !/\\p\{|\\P\{|\(\?[<!=]/.test(pattern) }).toEqual({
        where,
        pattern,
        portable: true,
      });
      expect(() => new RegExp(pattern)).not.toThrow();
    }
  });

  it('declares every path parameter with a pattern the server enforces', async () => {
    const client = await api.client(users.auditor);
    let checked = 0;
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect({ route, method, declared: declared.map((p) => p.name) }).toEqual({ route, method, declared: inPath });
        for (const param of declared) {
          expect({ route, param: param.name, pattern: param.schema.pattern }).toEqual({
            route,
            param: param.name,
            pattern: expect.any(String),
          });
          if (method !== 'get') continue;
          // A value outside the pattern is refused before anything is looked up.
          const res = await client.get(route.replace(`{${param.name}}`, 'not%20an%20id'));
          expect({ route, status: res.status, code: res.data.code }).toEqual({
            route,
            status: 400,
            code: 'request.invalid',
          });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('answers a method a path does not have with 405 and Allow', async () => {
    const client = await api.client(users.auditor);
    for (const route of Object.keys(doc.paths)) {
      const url = route.replace(/\{\w+\}/g, '00000000-0000-0000-0000-000000000000');
      const methods = Object.keys(doc.paths[route]!);
      const missing = ['get', 'post', 'patch', 'put', 'delete'].find((m) => !methods.includes(m))!;
      const res = await client.request({ method: missing, url, data: missing === 'get' ? undefined : {} });
      expect({ route, missing, status: res.status, code: res.data.code }).toEqual({
        route,
        missing,
        status: 405,
        code: 'request.method_not_allowed',
      });
      const allowed = String(res.headers.allow).toLowerCase().split(', ');
      expect({ route, allowed: allowed.filter((m) => m !== 'head').sort() }).toEqual({
        route,
        allowed: methods.sort(),
      });
    }
  });

  it('serves the docs page', async () => {
    const page = await api.http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.data).toContain('/docs/assets/swagger-ui-bundle.js');
    expect((await api.http.get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});
