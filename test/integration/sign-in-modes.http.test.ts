/**
 * How the API tells the console to sign people in, and whether the dev stack's demo tokens exist: with
 * an OpenID provider's keys (AUTH_JWKS_URL) they never do, even when the dev stack offers them, since
 * every token they hand out would then fail.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import axios, { type AxiosInstance } from 'axios';
import { buildApi, type ApiConfig } from '../../src/server';
import { devTokenRoute } from '../../src/dev/demo-users';
import { TEST_AUTH_CONFIG, users } from '../support/api';
import { TEST_PAYLOAD_CONFIG, testEnv } from '../support/env';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';

let connection: Connection;
let provider: TestProvider;
const servers: Server[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: testEnv().temporalAddress });
  provider = await startTestProvider({ sub: 'wang.wei', name: '王伟', roles: ['security_reviewer'] }, 'datapact-api');
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await provider?.stop();
  await connection?.close();
});

/** The API as `npm start` builds it: always offered the demo-token routes. */
async function apiWith(auth: Partial<ApiConfig>): Promise<AxiosInstance> {
  const demoTokens = devTokenRoute(() => [{ ...users.reviewer, name: 'Reviewer' }], {
    secret: TEST_AUTH_CONFIG.AUTH_JWT_SECRET,
    issuer: TEST_AUTH_CONFIG.AUTH_ISSUER,
    audience: TEST_AUTH_CONFIG.AUTH_AUDIENCE,
  });
  const app = buildApi(
    new Client({ connection }),
    { ...TEST_AUTH_CONFIG, ...TEST_PAYLOAD_CONFIG, ...auth, TEMPORAL_TASK_QUEUE: 'sign-in-modes', BODY_LIMIT: '100kb' },
    [demoTokens],
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return axios.create({
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    validateStatus: () => true,
  });
}

const oidcKeys = () => ({
  AUTH_JWT_SECRET: undefined,
  AUTH_JWKS_URL: provider.jwksUrl,
  AUTH_ISSUER: provider.issuer,
  AUTH_AUDIENCE: 'datapact-api',
});

describe('GET /api/auth/config and /api/dev/tokens', () => {
  it("with the provider's keys and its sign-in configured: mode oidc, and no dev token route (404)", async () => {
    const http = await apiWith({ ...oidcKeys(), AUTH_OIDC_ISSUER: provider.issuer, AUTH_OIDC_CLIENT_ID: 'console' });
    const config = await http.get('/api/auth/config');
    expect(config.status).toBe(200);
    expect(config.data).toEqual({
      mode: 'oidc',
      authorizationEndpoint: `${provider.issuer}/authorize`,
      tokenEndpoint: `${provider.issuer}/token`,
      clientId: 'console',
      scope: 'openid profile',
    });
    // Asked with a good token of the provider (without one, every /api path is a 401):
    const signedIn = { headers: { authorization: `Bearer ${await provider.accessToken()}` } };
    expect((await http.get('/api/me', signedIn)).data.sub).toBe('wang.wei');
    const tokens = await http.get('/api/dev/tokens', signedIn);
    expect([tokens.status, tokens.data.code]).toEqual([404, 'route.not_found']);
  });

  it("with the provider's keys but no sign-in configured: mode token (paste one), and no dev token route", async () => {
    const http = await apiWith(oidcKeys());
    expect((await http.get('/api/auth/config')).data).toEqual({ mode: 'token' });
    const signedIn = { headers: { authorization: `Bearer ${await provider.accessToken()}` } };
    expect((await http.get('/api/dev/tokens', signedIn)).status).toBe(404);
  });

  it('with the dev secret: mode dev, and the demo tokens it hands out are accepted', async () => {
    const http = await apiWith({});
    expect((await http.get('/api/auth/config')).data).toEqual({ mode: 'dev' });
    const tokens = await http.get('/api/dev/tokens');
    expect(tokens.status).toBe(200);
    const me = await http.get('/api/me', { headers: { authorization: `Bearer ${tokens.data.users[0].token}` } });
    expect([me.status, me.data.sub]).toEqual([200, users.reviewer.sub]);
  });
});
