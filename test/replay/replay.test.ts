/**
 * Every recorded workflow history under test/replay/histories replays on the current workflow code:
 * a change that would break running workflows fails here before it ships (then it needs `patched()`).
 * The histories are sealed with the tests' payload key, each for its own workflow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workerDataConverterFrom } from '../../src/temporal/data-converter';
import { bundleWorkflows } from '../../src/worker';
import { TEST_PAYLOAD_CONFIG } from '../support/env';
import { HISTORIES_DIR } from '../support/histories';
import { quietLogger } from '../support/quiet-logger';

const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflows({ logger: quietLogger });
});

describe('recorded workflow histories', () => {
  it.each(files)('%s replays without nondeterminism on the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    // The recorded run's own id: its payloads are sealed for that workflow.
    const workflowId = history.events![0]!.workflowExecutionStartedEventAttributes!.workflowId!;
    const options = { workflowBundle, replayName: file, dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG) };
    await expect(Worker.runReplayHistory(options, history, workflowId)).resolves.toBeUndefined();
  });
});
