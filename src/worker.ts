import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import mongoose from 'mongoose';
import { createActivities, externalListsFrom } from '../activities';
import type { ExternalListConnector } from '../activities/external-lists';
import { seedQuestionnaires } from './models/questionnaire.model';
import { loadConfig, type Config } from './config';
import { logger } from './logger';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { loadParameters } from './parameters';
import { ensureSchedules } from './schedules';
import { connectTemporal } from './temporal/client';
import { Connection } from '@temporalio/client';
import { startAuditSequencer } from './audit/audit-log';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** A worker for DataPact's task queue, on a connection and store the caller has opened. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  workflowBundle?: WorkerOptions['workflowBundle'];
  externalLists?: readonly ExternalListConnector[];
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities({ externalLists: opts.externalLists ?? [] }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}

/** Registers what the workflows need on the Temporal server (idempotent). */
export async function prepareTemporal(config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>) {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
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
  await ensureSchedules(client, config.TEMPORAL_TASK_QUEUE);
  await client.connection.close();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    externalLists: externalListsFrom(config),
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
