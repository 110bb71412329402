import mongoose from 'mongoose';

/**
 * The payload key of every test: fixed, because the recorded histories under test/replay/histories
 * are sealed with it. A test key, never used anywhere else.
 */
export const TEST_PAYLOAD_CONFIG = {
  DATAPACT_PAYLOAD_KEYS: 'test-1:o+jSjMQrKTskDq6Kj93R0j80zWvhuD9HHSRlgxRfz/Q=',
  DATAPACT_PAYLOAD_KEY_ID: 'test-1',
};

/** The addresses jest's global setup put in the environment; a test file cannot run without them. */
export function testEnv(): { temporalAddress: string; mongoUri: string; testServer: string } {
  const { TEMPORAL_ADDRESS, MONGODB_URI, DATAPACT_TEST_SERVER } = process.env;
  if (!TEMPORAL_ADDRESS || !MONGODB_URI || !DATAPACT_TEST_SERVER) {
    throw new Error('run the tests with `npm test`: its global setup starts the servers');
  }
  return { temporalAddress: TEMPORAL_ADDRESS, mongoUri: MONGODB_URI, testServer: DATAPACT_TEST_SERVER };
}

/** Connects mongoose's default connection to a database of this test file's own, emptied first. */
export async function connectTestStore(name: string): Promise<void> {
  // Command monitoring on, so that a test can count what the driver sends (no listener, no cost).
  await mongoose.connect(testEnv().mongoUri, { dbName: `datapact_test_${name}`, monitorCommands: true });
  await mongoose.connection.dropDatabase();
}

export async function disconnectTestStore(): Promise<void> {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
}
