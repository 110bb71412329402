/**
 * Every recorded workflow history under test/replay/histories replays on the current workflow code:
 * a change that would break running workflows fails here before it ships (then it needs `patched()`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/worker';
import { HISTORIES_DIR } from '../support/histories';
import { quietLogger } from '../support/quiet-logger';

const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
});

describe('recorded workflow histories', () => {
  it.each(files)('%s replays without nondeterminism on the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle, replayName: file }, history, file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });
});
