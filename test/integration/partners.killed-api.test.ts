/**
 * Issue 11.6: an API process stopped mid-nomination strands nothing. Before the kit the API wrote the
 * partner's document and then started its workflow, so a process killed in between left a partner
 * `nominated` with no workflow whose credit code could never be nominated again. Now the workflow writes
 * the first version itself: whatever moment the kill hits, a credit code has its partner and its running
 * workflow, or neither.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import axios from 'axios';
import { WorkflowNotFoundError } from '@temporalio/client';
import { PartnerModel } from '../../src/entities/partner';
import { partnerIdOf } from '../../src/services/partners';
import { partnerWorkflowId } from '../../workflows/ids';
import { as, eventually, startApi, users, type ApiHarness } from '../support/api';
import { testEnv } from '../support/env';
import { aNomination } from '../support/factories';

const API_PROCESS = path.resolve(__dirname, '../support/api-process.ts');
const NOMINATIONS = 24;

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('killed_api');
});
afterAll(async () => {
  await api?.stop();
});

/** The API in a process of its own on the harness's store and task queue; resolves with its port once it listens. */
function apiProcess() {
  // Node with tsx's loader, not the tsx wrapper: one process, which SIGKILL ends at once.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      API_PROCESS,
      testEnv().temporalAddress,
      testEnv().mongoUri,
      'datapact_test_killed_api',
      api.taskQueue,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the API process exited (${code}) before it listened`)));
  });
  return { child, exited, port };
}

async function workflowExists(id: string): Promise<boolean> {
  try {
    await api.temporal.workflow.getHandle(partnerWorkflowId(id)).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

it('kills the API while nominations are in flight: every credit code has its partner and its workflow, or neither, and can be nominated again', async () => {
  const { child, exited, port } = apiProcess();
  const http = axios.create({
    baseURL: `http://127.0.0.1:${await port}`,
    validateStatus: () => true,
    ...(await as(users.requesterA)),
  });
  const nominations = Array.from({ length: NOMINATIONS }, () => aNomination());
  let killed = false;
  const kill = () => {
    if (!killed) child.kill('SIGKILL');
    killed = true;
  };
  // The first answer kills the process: the others are somewhere between the request and the start.
  const sent = await Promise.allSettled(nominations.map((n) => http.post('/api/partners', n).finally(kill)));
  await exited;
  const cutOff = sent.filter((r) => r.status === 'rejected').length;
  expect(cutOff).toBeGreaterThan(0); // the kill came while requests were in flight

  for (const nomination of nominations) {
    const id = partnerIdOf(nomination.creditCode);
    if (await workflowExists(id)) {
      // Started: the workflow writes the partner (perhaps after the API died).
      const stored = await eventually(
        () => PartnerModel.exists({ _id: id }),
        (doc) => doc !== null,
      );
      expect(stored).not.toBeNull();
    } else {
      expect({ id, stored: await PartnerModel.exists({ _id: id }) }).toEqual({ id, stored: null });
    }
  }

  // Through a live API: a started nomination is there already (409 naming it), any other one starts now.
  const requester = await api.client(users.requesterA);
  for (const nomination of nominations) {
    const id = partnerIdOf(nomination.creditCode);
    const started = await workflowExists(id);
    const again = await requester.post('/api/partners', nomination);
    if (started) expect([again.status, again.data.code]).toEqual([409, 'partner.already_nominated']);
    else expect([again.status, again.data.id]).toEqual([201, id]);
  }
}, 180_000);
