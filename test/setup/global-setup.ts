import { ensureTestServer } from '../../src/dev/install';
import { startStack } from '../../src/dev/stack';
import { composeCommand, ensureDebianPackage } from '../../src/dev/system-packages';
import { ensureConsoleBuilt } from '../../src/dev/console-build';
import { TEST_PAYLOAD_CONFIG } from '../support/env';

/** Starts (or finds) the real servers once for the whole run; test files read their addresses from env. */
export default async function globalSetup(): Promise<void> {
  const say = (line: string) => process.stderr.write(`\n[datapact test setup] ${line}`);
  const started = Date.now();
  process.env.LOG_LEVEL ??= 'silent'; // request logs would bury jest's report; set LOG_LEVEL=info to see them
  // Every test process seals Temporal payloads with the test key (the recorded histories need it).
  Object.assign(process.env, TEST_PAYLOAD_CONFIG);
  process.env.DATAPACT_TEST_SERVER = await ensureTestServer(say);
  ensureConsoleBuilt(say);
  process.env.DATAPACT_CHROMIUM = ensureDebianPackage('chromium', 'chromium', say);
  ensureDebianPackage('fonts-noto-cjk', null, say);
  process.env.DATAPACT_COMPOSE_COMMAND = JSON.stringify(composeCommand(say));
  const stack = await startStack({ say });
  (globalThis as { __DATAPACT_STACK__?: unknown }).__DATAPACT_STACK__ = stack;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.MONGODB_URI = stack.mongoUri;
  for (const line of stack.started) say(`started ${line}`);
  if (stack.started.length === 0)
    say(`using external servers: Temporal ${stack.temporalAddress}, store ${stack.mongoUri}`);
  say(`servers ready in ${Math.round((Date.now() - started) / 100) / 10} s\n`);
}
