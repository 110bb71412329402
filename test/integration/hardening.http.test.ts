/**
 * OWASP ASVS level 2 where it applies to the API, one test per point: a rate limit on writes and
 * sign-in per token and per address (429 with Retry-After), no CORS for any origin but the ones a
 * route names, security headers, a Content-Type check, limits on body size and depth, and problem
 * details in the caller's language. The limits are low in this file only (its own API).
 */
import { MAX_JSON_DEPTH } from '../../src/api/safe-input';
import { startApi, users, type ApiHarness } from '../support/api';

const PER_TOKEN = 3;
const PER_ADDRESS = 9;
/** Writes this file's tests made from 127.0.0.1 before the rate-limit tests, which run last. */
let addressWrites = 0;

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('hardening', {
    devTokens: true,
    auth: { RATE_LIMIT_PER_TOKEN: PER_TOKEN, RATE_LIMIT_PER_ADDRESS: PER_ADDRESS, RATE_LIMIT_WINDOW_SECONDS: 3600 },
  });
});
afterAll(async () => {
  await api?.stop();
});

describe('CORS (V14.5.3) and security headers (V14.4)', () => {
  it('answers no foreign origin: no Access-Control-Allow-Origin on an API route, and no preflight', async () => {
    const client = await api.client(users.auditor);
    const res = await client.get('/api/me', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api.http.options('/api/assets', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends a script-src self CSP, nosniff, frame and referrer policies, HSTS, and no X-Powered-By', async () => {
    const res = await api.http.get('/healthz');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('bodies: content type (V13.1.5), size and depth (V13.1.3)', () => {
  it('refuses a body that is not JSON with 415, one over the limit with 413, one too deep with 400', async () => {
    const client = await api.client(users.requesterB);
    addressWrites += 3;
    const asText = await client.post('/api/partners', 'legalName=x', { headers: { 'content-type': 'text/plain' } });
    expect([asText.status, asText.data.code]).toEqual([415, 'request.unsupported_media_type']);
    const big = await client.post('/api/partners', JSON.stringify({ legalName: 'x'.repeat(200_000) }), {
      headers: { 'content-type': 'application/json' },
    });
    expect([big.status, big.data.code]).toEqual([413, 'request.too_large']);
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    const tooDeep = await client.post('/api/partners', deep, { headers: { 'content-type': 'application/json' } });
    expect([tooDeep.status, tooDeep.data.code]).toEqual([400, 'request.too_deep']);
  });
});

describe('problem details in the caller language (Accept-Language)', () => {
  it('answers zh-CN from the code and params, en as the API writes it, and says which (Content-Language)', async () => {
    const zh = await api.http.get('/api/me', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect([zh.status, zh.data.code, zh.data.detail]).toEqual([401, 'auth.missing_token', '缺少访问令牌，请先登录']);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.headers.vary).toContain('Accept-Language');
    const en = await api.http.get('/api/me', { headers: { 'accept-language': 'en-GB,zh;q=0.5' } });
    expect(en.headers['content-language']).toBe('en');
    expect(en.data.detail).toMatch(/[a-z]/);
    expect(en.data.detail).not.toMatch(/[\u4e00-\u9fff]/);
    const client = await api.client(users.auditor);
    const notAllowed = await client.patch('/api/me', {}, { headers: { 'accept-language': 'zh' } });
    expect([notAllowed.status, notAllowed.data.detail]).toEqual([405, '此处不允许 PATCH 方法，允许：GET, HEAD']);
  });
});

describe('rate limit on writes and sign-in (V2.2.1, V11.1.4)', () => {
  it('refuses a token its writes over the limit with 429 and Retry-After, while its reads go on; another token writes on until the address limit', async () => {
    const auditor = await api.client(users.auditor);
    // An auditor's empty write is refused (400 or 403), and still counts: a refused write is an attempt.
    for (let i = 0; i < PER_TOKEN; i++) expect([400, 403]).toContain((await auditor.post('/api/assets', {})).status);
    const limited = await auditor.post('/api/assets', {});
    expect([limited.status, limited.data.code, limited.data.params.by]).toEqual([429, 'request.rate_limited', 'token']);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await auditor.get('/api/me')).status).toBe(200);

    addressWrites += PER_TOKEN + 1;
    const admin = await api.client(users.admin);
    // A fresh token writes on until the address is full, before its own limit.
    const left = PER_ADDRESS - addressWrites;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(PER_TOKEN);
    for (let i = 0; i < left; i++) expect((await admin.post('/api/assets', {})).status).not.toBe(429);
    const byAddress = await admin.post('/api/assets', {});
    expect([byAddress.status, byAddress.data.params.by]).toEqual([429, 'address']);
    // Sign-in (the dev token route) counts as a write of the address: a loop of sign-ins is stopped too.
    expect((await api.http.get('/api/dev/tokens')).status).toBe(429);
  });

  it('is declared in the OpenAPI document on every write and on sign-in, and on no read', async () => {
    const doc = (await api.http.get('/openapi.json')).data as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const limited = method !== 'get' || path === '/api/dev/tokens';
        expect({ path, method, declares429: '429' in op.responses }).toEqual({ path, method, declares429: limited });
      }
    }
  });
});
