/**
 * The codec endpoint the Temporal UI's "codec server" setting points at (`POST /codec/decode`,
 * `/codec/encode`): who may use it, from which origin, and that Temporal's own CLI reads a sealed
 * history through it.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import axios from 'axios';
import { Client } from '@temporalio/client';
import type { Claims } from '../../policies/abilities';
import { problemHandler } from '../../src/api/problem';
import { mountRoutes } from '../../src/api/route-table';
import { devCodecRoutes } from '../../src/dev/codec';
import { payloadCodecFrom } from '../../src/temporal/data-converter';
import { as, eventually, startApi, users, type ApiHarness } from '../support/api';
import { TEST_PAYLOAD_CONFIG } from '../support/env';
import { aNomination } from '../support/factories';
import { temporalCli } from '../support/temporal-cli';

const UI_ORIGIN = 'http://temporal-ui.test:8233';

let api: ApiHarness;
let partner: { id: string; workflowId: string; legalName: string };
/** The payloads of the partner's workflow start, as Temporal stores them: sealed. */
let sealedStart: { metadata: Record<string, string>; data: string }[];

beforeAll(async () => {
  api = await startApi('codec_endpoint', { auth: { DATAPACT_TEMPORAL_UI_ORIGIN: UI_ORIGIN } });
  const nominated = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
  expect(nominated.status).toBe(201);
  partner = nominated.data;
  const raw = new Client({ connection: api.temporal.connection, namespace: 'default' });
  const history = await eventually(
    () => raw.workflow.getHandle(partner.workflowId).fetchHistory(),
    (h) => (h.events?.length ?? 0) > 0,
  );
  sealedStart = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  }));
});
afterAll(async () => {
  await api?.stop();
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const plainPayload = { metadata: { encoding: b64('json/plain') }, data: b64('{"not":"sealed"}') };
const headers = async (claims: Claims = users.auditor, extra: Record<string, string> = {}) => ({
  ...(await as(claims)).headers,
  'X-Namespace': 'default',
  ...extra,
});

describe('POST /codec/decode', () => {
  it("opens a sealed history's payloads for an auditor, the DSO and the admin; hands back others unchanged", async () => {
    for (const operator of [users.auditor, users.dso, users.admin]) {
      const res = await api.http.post(
        '/codec/decode',
        { payloads: [...sealedStart, plainPayload] },
        { headers: await headers(operator) },
      );

      expect({ who: operator.sub, status: res.status }).toEqual({ who: operator.sub, status: 200 });
      const [opened, untouched] = res.data.payloads;
      expect(text(opened.metadata.encoding)).toBe('json/plain');
      expect(JSON.parse(text(opened.data))).toMatchObject({
        nomination: { partnerId: partner.id, fields: { legalName: partner.legalName } },
      });
      expect(untouched).toEqual(plainPayload);
    }
  });

  it('refuses a caller without a token (401) and one whose role may not read histories (403)', async () => {
    const anonymous = await api.http.post('/codec/decode', { payloads: sealedStart });
    const requester = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.requesterA) },
    );
    const reviewer = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.reviewer) },
    );

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    for (const res of [requester, reviewer]) {
      expect(res.status).toBe(403);
      expect(res.data).toMatchObject({
        code: 'auth.forbidden',
        detail: 'only auditor, dso, admin may read sealed histories',
      });
    }
  });

  it('refuses another namespace (an empty one is none), and a body that is not the protocol’s', async () => {
    const otherNamespace = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.auditor, { 'X-Namespace': 'payments' }) },
    );
    const notBase64 = await api.http.post(
      '/codec/decode',
      { payloads: [{ data: 'not base64!' }] },
      { headers: await headers() },
    );
    const unknownKey = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart, extra: 1 },
      { headers: await headers() },
    );

    const unnamed = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.auditor, { 'X-Namespace': '' }) },
    );

    expect(unnamed.status).toBe(200); // the CLI sends it empty unless given --namespace
    expect(otherNamespace.status).toBe(400);
    expect(otherNamespace.data.code).toBe('codec.namespace_unknown');
    for (const res of [notBase64, unknownKey]) {
      expect(res.status).toBe(400);
      expect(res.data.code).toBe('request.invalid');
    }
  });

  it('answers a browser only from the configured Temporal UI origin', async () => {
    const preflight = (origin: string) =>
      api.http.options('/codec/decode', {
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-namespace,authorization',
        },
      });

    const fromUi = await preflight(UI_ORIGIN);
    const fromElsewhere = await preflight('https://evil.example');
    const post = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.auditor, { Origin: UI_ORIGIN }) },
    );
    const postElsewhere = await api.http.post(
      '/codec/decode',
      { payloads: sealedStart },
      { headers: await headers(users.auditor, { Origin: 'https://evil.example' }) },
    );

    expect(fromUi.status).toBe(204);
    expect(fromUi.headers).toMatchObject({
      'access-control-allow-origin': UI_ORIGIN,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type, X-Namespace, Authorization',
    });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined();
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(postElsewhere.status).toBe(403);
    expect(postElsewhere.data.code).toBe('request.origin_refused');
  });

  it("lets Temporal's own CLI show the history in clear, which without it shows none of it", async () => {
    const auditorToken = (await as(users.auditor)).headers.authorization;
    const show = (codec: string[]) =>
      temporalCli(['workflow', 'show', '--workflow-id', partner.workflowId, '--output', 'json', ...codec]);

    const decoded = await show(['--codec-endpoint', `${api.baseUrl}/codec`, '--codec-auth', auditorToken]);
    const sealed = await show([]);

    expect({ status: decoded.status, stderr: decoded.stderr }).toEqual({ status: 0, stderr: '' });
    expect({ status: sealed.status, stderr: sealed.stderr }).toEqual({ status: 0, stderr: '' });
    const [shown, stored] = [decoded, sealed].map((run) => {
      const [input] = JSON.parse(run.stdout).events[0].workflowExecutionStartedEventAttributes.input.payloads;
      return { encoding: text(input.metadata.encoding), data: text(input.data) };
    });
    expect(shown!.encoding).toBe('json/plain');
    expect(JSON.parse(shown!.data)).toMatchObject({
      nomination: { partnerId: partner.id, fields: { legalName: partner.legalName } },
    });
    expect(stored!.encoding).toBe('binary/encrypted');
    expect(stored!.data).not.toContain(partner.legalName);
  });
});

describe('POST /codec/encode', () => {
  it("seals for the admin what no workflow then believes, and refuses anyone else's", async () => {
    const decision = { outcome: 'approve', actor: users.reviewer };
    const plain = { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(decision)) };
    const byAuditor = await api.http.post('/codec/encode', { payloads: [plain] }, { headers: await headers() });
    const byAdmin = await api.http.post(
      '/codec/encode',
      { payloads: [plain] },
      { headers: await headers(users.admin) },
    );

    expect(byAuditor.status).toBe(403);
    expect(byAdmin.status).toBe(200);
    const [sealed] = byAdmin.data.payloads as { metadata: Record<string, string>; data: string }[];
    expect(text(sealed!.metadata.encoding!)).toBe('binary/encrypted');
    expect(text(sealed!.metadata['datapact-operator']!)).toBe(users.admin.sub);
    expect(text(sealed!.data)).not.toContain('sec.reviewer');
    // The operator reads it back; the workflow refuses it (sent as the UI would, through the frontend).
    const readBack = await api.http.post('/codec/decode', byAdmin.data, { headers: await headers() });
    expect(JSON.parse(text(readBack.data.payloads[0].data))).toEqual(decision);
    const sent = await temporalCli([
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      partner.workflowId,
      '--name',
      'decide',
      '--input-base64',
      '--input',
      sealed!.data,
      ...Object.entries(sealed!.metadata).flatMap(([k, v]) => ['--input-meta', `${k}=${text(v)}`]),
    ]);
    expect(sent.status).not.toBe(0);
    expect(sent.stderr).toContain(`written through the codec endpoint by ${users.admin.sub}`);
  });
});

describe('the dev stack’s codec route (/api/dev/codec)', () => {
  it('answers the dev Temporal UI, which has no sign-in, as the dev UI operator, from its origin only', async () => {
    const routes = devCodecRoutes({
      codec: payloadCodecFrom(TEST_PAYLOAD_CONFIG),
      namespace: 'default',
      uiOrigin: UI_ORIGIN,
    });
    const noToken = async (): Promise<never> => {
      throw new Error('the dev codec route takes no token');
    };
    const app = express()
      .use(mountRoutes(routes, { verifyToken: noToken, bodyLimit: '100kb', csvLimit: '1mb' }))
      .use(problemHandler);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = (origin: string) =>
        axios.post(
          `${base}/api/dev/codec/decode`,
          { payloads: sealedStart },
          {
            headers: { Origin: origin, 'X-Namespace': 'default' },
            validateStatus: () => true,
          },
        );

      const fromUi = await post(UI_ORIGIN);
      const fromElsewhere = await post('https://evil.example');

      expect(fromUi.status).toBe(200);
      expect(text(fromUi.data.payloads[0].data)).toContain(partner.legalName);
      expect(fromElsewhere.status).toBe(403);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
