import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1 (`npm run histories:record`), keeps the history of a finished workflow
 * under test/replay/histories, for the replay test to replay on every later change.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // The Java test server leaves the id out of the start event; the replay needs it (payloads are sealed for it).
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (started && !started.workflowId) started.workflowId = handle.workflowId;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
