import { readdirSync, readFileSync } from 'node:fs';
import { quietLogger } from '../support/quiet-logger';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../src/worker';
import { workerDataConverterFrom } from '../../src/temporal/data-converter';
import { TEST_PAYLOAD_CONFIG } from '../support/env';
import { HISTORIES_DIR } from '../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories', () => {
  it('are there to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('replay without nondeterminism on the current workflow code', async () => {
    const workflowBundle = await bundleWorkflows({ logger: quietLogger });
    const histories = files.map((file) => {
      const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
      // The recorded run's own id: its payloads are sealed for that workflow.
      return { file, workflowId: history.events![0]!.workflowExecutionStartedEventAttributes!.workflowId!, history };
    });
    const failures: string[] = [];
    const file = new Map(histories.map((h) => [h.workflowId, h.file]));
    const options = { workflowBundle, dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG) };
    for await (const result of Worker.runReplayHistories(options, histories)) {
      if (result.error) failures.push(`${file.get(result.workflowId)}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
