/**
 * The worker of `npm run chaos`, in a process of its own so that the run can SIGKILL it: the production
 * worker's activities and workflows, on the chaos run's task queue, with the workflow bundle the run made
 * once (a worker restarted every few seconds would otherwise spend its life bundling). Waits for the
 * servers it needs, as a restarted worker in production does (its supervisor restarts it until they answer).
 */
import { NativeConnection, Runtime, DefaultLogger, makeTelemetryFilterString } from '@temporalio/worker';
import mongoose from 'mongoose';
import { startAuditSequencer } from '../../src/audit/audit-log';
import { logger } from '../../src/logger';
import { createWorker } from '../../src/worker';
import { TEST_PAYLOAD_CONFIG } from '../support/env';

const RETRY_MS = 500;

async function main() {
  const { TEMPORAL_ADDRESS, MONGODB_URI, CHAOS_TASK_QUEUE, CHAOS_BUNDLE } = process.env;
  if (!TEMPORAL_ADDRESS || !MONGODB_URI || !CHAOS_TASK_QUEUE || !CHAOS_BUNDLE)
    throw new Error('started by test/chaos/chaos.ts only');
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
  });
  logger.level = 'error';
  await mongoose.connect(MONGODB_URI, { serverSelectionTimeoutMS: 60_000 });
  startAuditSequencer();
  let connection: NativeConnection | undefined;
  while (!connection) {
    connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS }).catch(async () => {
      await new Promise((r) => setTimeout(r, RETRY_MS));
      return undefined;
    });
  }
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: CHAOS_TASK_QUEUE,
    payloads: TEST_PAYLOAD_CONFIG,
    workflowBundle: { codePath: CHAOS_BUNDLE },
  });
  // The run counts a worker ready; a run that is gone (the channel closed) changes nothing here.
  if (process.connected) process.send?.('ready', undefined, undefined, () => undefined);
  await worker.run();
}

main().catch((err: Error) => {
  process.stderr.write(`[chaos worker] ${err.stack ?? err.message}\n`);
  process.exit(1);
});
