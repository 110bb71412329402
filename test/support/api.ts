import type { Server } from 'node:http';
import { quietLogger } from './quiet-logger';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import axios, { type AxiosInstance } from 'axios';
import type { Claims } from '../../policies/abilities';
import { mintToken } from '../../src/auth/jwt';
import { buildApi, prepareStore, type ApiConfig } from '../../src/server';
import { answerClientErrorsAsProblems, keepIdleConnectionsLonger } from '../../src/api/app';
import { devTokenRoute, type DemoUser } from '../../src/dev/demo-users';
import { activePortalIdentities, devIdentityRoute } from '../../src/dev/identity';
import { bundleWorkflows, createWorker } from '../../src/worker';
import { dataConverterFrom } from '../../src/temporal/data-converter';
import { connectTestStore, disconnectTestStore, TEST_PAYLOAD_CONFIG, testEnv } from './env';
import { startAuditSequencer } from '../../src/audit/audit-log';

export const TEST_AUTH_CONFIG = {
  AUTH_JWT_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
  AUTH_ISSUER: 'datapact-test',
  AUTH_AUDIENCE: 'datapact-api',
  AUTH_JWKS_URL: undefined,
};

const TEST_AUTH_CONFIG_SIGNING = {
  secret: TEST_AUTH_CONFIG.AUTH_JWT_SECRET,
  issuer: TEST_AUTH_CONFIG.AUTH_ISSUER,
  audience: TEST_AUTH_CONFIG.AUTH_AUDIENCE,
};

/** Users of the tests: one per role, two units, two partner organisations. */
export const users = {
  requesterA: { sub: 'req.a', roles: ['requester'], unit: 'unit-a' },
  requesterB: { sub: 'req.b', roles: ['requester'], unit: 'unit-b' },
  unitHeadA: { sub: 'head.a', roles: ['unit_head'], unit: 'unit-a' },
  reviewer: { sub: 'sec.reviewer', roles: ['security_reviewer'], unit: 'security' },
  reviewer2: { sub: 'sec.reviewer2', roles: ['security_reviewer'], unit: 'security' },
  reviewerWhoRequests: { sub: 'dual.hat', roles: ['requester', 'security_reviewer'], unit: 'unit-a' },
  dso: { sub: 'dso', roles: ['dso'], unit: 'security' },
  legal: { sub: 'legal', roles: ['legal'], unit: 'legal' },
  auditor: { sub: 'auditor', roles: ['auditor'], unit: 'audit' },
  admin: { sub: 'admin', roles: ['admin'], unit: 'it' },
  system: { sub: 'system:test', roles: ['system'] },
  partnerA: { sub: 'partner.a', roles: ['partner'], partnerId: 'org-a' },
} satisfies Record<string, Claims>;

/** Authorization header of a real HS256 token for these claims, verified by the API like any other. */
export async function as(claims: Claims): Promise<{ headers: { authorization: string } }> {
  const token = await mintToken(claims, {
    secret: TEST_AUTH_CONFIG.AUTH_JWT_SECRET,
    issuer: TEST_AUTH_CONFIG.AUTH_ISSUER,
    audience: TEST_AUTH_CONFIG.AUTH_AUDIENCE,
  });
  return { headers: { authorization: `Bearer ${token}` } };
}

export interface ApiHarness {
  baseUrl: string;
  /** The task queue of this harness's worker. */
  taskQueue: string;
  /** Without a token. */
  http: AxiosInstance;
  /** With a real signed token for these claims. */
  client(claims: Claims): Promise<AxiosInstance>;
  temporal: Client;
  stop(): Promise<void>;
}

/**
 * The API in-process on a free port, with a worker on its own task queue, against the real dev
 * server and store that jest's global setup started.
 */
export async function startApi(
  name: string,
  options: { devTokens?: boolean; auth?: Partial<Omit<ApiConfig, 'TEMPORAL_TASK_QUEUE' | 'BODY_LIMIT'>> } = {},
): Promise<ApiHarness> {
  const { temporalAddress } = testEnv();
  await connectTestStore(name);
  await prepareStore();
  const auditSequencer = startAuditSequencer();
  const taskQueue = `it-${name}-${Date.now()}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({
    connection,
    namespace: 'default',
    dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
  });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const workflowBundle = await bundleWorkflows({ logger: quietLogger });
  const worker: Worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    payloads: TEST_PAYLOAD_CONFIG,
    workflowBundle,
  });
  const running = worker.run();
  const devTokens = options.devTokens
    ? devTokenRoute(
        () => Object.values(users).map((u) => ({ ...u, name: u.sub })) as DemoUser[],
        TEST_AUTH_CONFIG_SIGNING,
        activePortalIdentities,
      )
    : undefined;
  const app = buildApi(
    temporal,
    {
      ...TEST_AUTH_CONFIG,
      ...TEST_PAYLOAD_CONFIG,
      ...options.auth,
      TEMPORAL_TASK_QUEUE: taskQueue,
      BODY_LIMIT: '100kb',
    },
    // The dev stack's routes: its demo tokens and its stand-in for the identity provider.
    devTokens ? [devTokens, devIdentityRoute(TEST_AUTH_CONFIG_SIGNING)] : [],
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    keepIdleConnectionsLonger(s);
    answerClientErrorsAsProblems(s);
  });
  const { port } = server.address() as AddressInfo;
  const http = axios.create({ baseURL: `http://127.0.0.1:${port}`, validateStatus: () => true });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    taskQueue,
    http,
    async client(claims) {
      return axios.create({ ...http.defaults, headers: { ...(await as(claims)).headers } } as never);
    },
    temporal,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await auditSequencer.stop();
      await disconnectTestStore();
    },
  };
}

/** Polls until `check` passes or the time is up; returns the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}
