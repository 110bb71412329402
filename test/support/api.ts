import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import axios, { type AxiosInstance } from 'axios';
import { buildApi, ensureIndexes } from '../../src/server';
import { createWorker, WORKFLOWS_PATH } from '../../src/worker';
import { connectTestStore, disconnectTestStore, testEnv } from './env';

export interface ApiHarness {
  http: AxiosInstance;
  temporal: Client;
  stop(): Promise<void>;
}

/**
 * The API in-process on a free port, with a worker on its own task queue, against the real dev
 * server and store that jest's global setup started.
 */
export async function startApi(name: string): Promise<ApiHarness> {
  const { temporalAddress } = testEnv();
  await connectTestStore(name);
  await ensureIndexes();
  const taskQueue = `it-${name}-${Date.now()}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const worker: Worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle,
  });
  const running = worker.run();
  const app = buildApi(temporal, { TEMPORAL_TASK_QUEUE: taskQueue, BODY_LIMIT: '100kb' });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const http = axios.create({ baseURL: `http://127.0.0.1:${port}`, validateStatus: () => true });
  return {
    http,
    temporal,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await disconnectTestStore();
    },
  };
}

const noop = () => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

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
