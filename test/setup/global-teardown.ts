import type { Stack } from '../../src/dev/stack';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __DATAPACT_STACK__?: Stack }).__DATAPACT_STACK__;
  await stack?.stop();
}
