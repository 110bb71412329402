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
  } & ActivityOptions,
): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts),
    dataConverter: workerDataConverterFrom(opts.payloads),
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
