/**
 * The Java time-skipping test server (jest's global setup built it) with DataPact's search attributes,
 * DataPact's workflows bundled with the test fixtures' (the agreement probe), and a client that seals
 * payloads as the API does: what every time-skipping test file starts from.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { dataConverterFrom, workerDataConverterFrom } from '../../src/temporal/data-converter';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { bundleWorkflows } from '../../src/worker';
import { TEST_PAYLOAD_CONFIG, testEnv } from './env';
import { quietLogger } from './quiet-logger';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
  plainClient: Client;
}

export async function startTimeSkipping(): Promise<TimeSkipping> {
  const workflowBundle = await bundleWorkflows({
    workflowsPath: require.resolve('../workflows/fixtures/workflows'),
    logger: quietLogger,
  });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv().testServer } },
    client: { dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG) },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const plainClient = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
  });
  return { env, workflowBundle, plainClient };
}

/**
 * Runs `test` beside a worker of its own on a new task queue (`<prefix>-<uuid>`), with `activities` and
 * the bundled workflows: what each time-skipping test runs in.
 */
export async function withTestWorker<T>(
  { env, workflowBundle }: Pick<TimeSkipping, 'env' | 'workflowBundle'>,
  prefix: string,
  activities: object,
  test: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `${prefix}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG),
    activities,
  });
  return await worker.runUntil(test(taskQueue));
}

/** Skips the test server's clock forward to `instant` (epoch ms), firing every timer on the way. */
export async function skipClockTo(env: TestWorkflowEnvironment, instant: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}
