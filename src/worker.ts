import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import mongoose from 'mongoose';
import { connectorsFrom, createActivities, externalListsFrom, type ActivityOptions } from '../activities';
import { seedQuestionnaires } from './models/questionnaire.model';
import { loadConfig, type Config } from './config';
import { logger } from './logger';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { loadParameters } from './parameters';
import { ensureSchedules } from './schedules';
import { connectTemporal, temporalConnectionOptions, type TemporalConnectionConfig } from './temporal/client';
import { workerDataConverterFrom, type PayloadConfig } from './temporal/data-converter';
import { Connection } from '@temporalio/client';
import { startAuditSequencer } from './audit/audit-log';

export const WORKFLOWS_PATH = require.resolve('../workflows');
/** Bundled with every DataPact workflow: refuses inputs DataPact did not write (workflows/authentic.ts). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/authentic')];
/**
 * Workflow tasks a worker takes at once. Its workflows run on one thread, so more slots add no speed; what
 * they add is risk: a restarted worker replays every workflow it takes from scratch, and forty cold replays
 * queued on one thread of a loaded two-core host outlast the 10 s workflow task timeout, time out and are
 * handed out again (the chaos run saw a worker restarted every 6 s make no progress at all). A task not
 * yet taken waits in the server's queue, where no timeout runs.
 */
export const WORKFLOW_TASK_SLOTS = 8;

/** The workflow code as a worker or a replayer runs it, with DataPact's workflow interceptors. */
export function bundleWorkflows(
  opts: { workflowsPath?: string; logger?: Parameters<typeof bundleWorkflowCode>[0]['logger'] } = {},
) {
  return bundleWorkflowCode({
    workflowsPath: opts.workflowsPath ?? WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
}

/** A worker for DataPact's task queue, on a connection and store the caller has opened. */
export async function createWorker(
  opts: {
    connection: NativeConnection;
    namespace: string;
    taskQueue: string;
    /** The payload keys: the same as every client's. */
    payloads: PayloadConfig;
    /** Made by `bundleWorkflows` (a bundle without its interceptors would believe forged inputs). */
    workflowBundle?: WorkerOptions['workflowBundle'];
    /** Workflow tasks taken at once (WORKFLOW_TASK_SLOTS unless configured). */
    workflowTaskSlots?: number;
  } & ActivityOptions,
): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts),
    dataConverter: workerDataConverterFrom(opts.payloads),
    maxConcurrentWorkflowTaskExecutions: opts.workflowTaskSlots ?? WORKFLOW_TASK_SLOTS,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } }),
  });
}

/** Registers what the workflows need on the Temporal server (idempotent). */
export async function prepareTemporal(config: TemporalConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE'>) {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  } finally {
    await connection.close();
  }
}

async function main(config: Config) {
  await mongoose.connect(config.MONGODB_URI);
  await seedQuestionnaires();
  await prepareTemporal(config);
  const client = await connectTemporal(config);
  await ensureSchedules(client, config.TEMPORAL_TASK_QUEUE, config);
  await client.connection.close();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    payloads: config,
    // Built ahead by `npm run build` (with the interceptors): no webpack in the worker's heap at start.
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
    workflowTaskSlots: config.WORKER_WORKFLOW_TASK_SLOTS,
    externalLists: externalListsFrom(config),
    ...connectorsFrom(config),
    parameters: loadParameters(),
  });
  const auditSequencer = startAuditSequencer();
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  await worker.run();
  await auditSequencer.stop();
  await connection.close();
  await mongoose.disconnect();
}

if (require.main === module) {
  const config = loadConfig();
  loadParameters();
  main(config).catch((err) => {
    logger.fatal({ err }, 'worker failed');
    process.exit(1);
  });
}
