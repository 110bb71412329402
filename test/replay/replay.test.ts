import { readdirSync, readFileSync } from 'node:fs';
import { quietLogger } from '../support/quiet-logger';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/worker';
import { HISTORIES_DIR } from '../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories', () => {
  it('are there to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('replay without nondeterminism on the current workflow code', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
