/**
 * The API alone in a process of its own, on the test's servers, for tests that kill it:
 * `node --import tsx api-process.ts <temporalAddress> <mongoUri> <db> <taskQueue>` listens on a free
 * port and prints `{"port":…}` once it answers. A worker elsewhere (the test's harness) runs the
 * workflows on the task queue.
 */
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { buildApi } from '../../src/server';
import { dataConverterFrom } from '../../src/temporal/data-converter';
import { TEST_AUTH_CONFIG } from './api';
import { TEST_PAYLOAD_CONFIG } from './env';

async function main() {
  const [temporalAddress, mongoUri, dbName, taskQueue] = process.argv.slice(2);
  await mongoose.connect(mongoUri!, { dbName });
  const connection = await Connection.connect({ address: temporalAddress! });
  const temporal = new Client({
    connection,
    namespace: 'default',
    dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
  });
  const app = buildApi(temporal, {
    ...TEST_AUTH_CONFIG,
    ...TEST_PAYLOAD_CONFIG,
    TEMPORAL_TASK_QUEUE: taskQueue!,
    BODY_LIMIT: '100kb',
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
