import { randomUUID } from 'node:crypto';
import { quietLogger } from '../support/quiet-logger';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { PartnerModel } from '../../src/models/partner.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { WORKFLOWS_PATH } from '../../src/worker';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { partnerWorkflowId } from '../../workflows/ids';
import { REVIEW_DEADLINE, partnerLifecycle } from '../../workflows/partner-lifecycle';
import { statusQuery } from '../../workflows/partner-lifecycle.messages';
import { connectTestStore, disconnectTestStore, testEnv } from '../support/env';
import { aNomination } from '../support/factories';
import { recordHistory } from '../support/histories';

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  await connectTestStore('partner_lifecycle_ts');
  await Promise.all([PartnerModel.createIndexes(), BlacklistModel.createIndexes()]);
  workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv().testServer } },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(async () => {
  await env?.teardown();
  await disconnectTestStore();
});

async function nominated(overrides: Record<string, unknown> = {}) {
  const body = { ...aNomination(overrides), nominatedBy: 'req.a' };
  const partnerId = randomUUID();
  await PartnerModel.create({ _id: partnerId, ...body });
  return { partnerId, ...body };
}

function newWorker(taskQueue: string) {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createActivities(),
  });
}

describe('partnerLifecycle', () => {
  it('when the review deadline passes with no decision, the vetting expires', async () => {
    const partner = await nominated();
    const untouched = await nominated();
    const taskQueue = `ts-${randomUUID()}`;
    const worker = await newWorker(taskQueue);

    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerLifecycle, {
        workflowId: partnerWorkflowId(partner.partnerId),
        taskQueue,
        args: [{ partnerId: partner.partnerId, creditCode: partner.creditCode, nominatedBy: partner.nominatedBy }],
      });
      const before = await env.currentTimeMs();
      const outcome = await handle.result(); // the time-skipping server jumps over the deadline
      const waitedMs = (await env.currentTimeMs()) - before;
      await recordHistory(handle, 'partner-lifecycle-review-deadline-expires');
      return { outcome, waitedMs };
    });

    expect(REVIEW_DEADLINE).toBe('14 days');
    expect(result.outcome.status).toBe('expired');
    expect(result.waitedMs).toBeGreaterThanOrEqual(14 * 24 * 3600 * 1000);
    const stored = await PartnerModel.findById(partner.partnerId).lean();
    expect(stored).toMatchObject({ status: 'expired', version: 2 });
    expect((await PartnerModel.findById(untouched.partnerId).lean())?.status).toBe('nominated');
  });

  it('a blacklisted partner is rejected at once, without waiting for review', async () => {
    const partner = await nominated();
    await BlacklistModel.create({ creditCode: partner.creditCode, reason: '失信名单', listedBy: 'dso' });
    const taskQueue = `ts-${randomUUID()}`;
    const worker = await newWorker(taskQueue);

    const outcome = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerLifecycle, {
        workflowId: partnerWorkflowId(partner.partnerId),
        taskQueue,
        args: [{ partnerId: partner.partnerId, creditCode: partner.creditCode, nominatedBy: partner.nominatedBy }],
      });
      const result = await handle.result();
      expect(await handle.query(statusQuery)).toEqual(result);
      await recordHistory(handle, 'partner-lifecycle-blacklisted-rejected');
      return result;
    });

    expect(outcome).toMatchObject({ status: 'rejected', checkReasons: ['blacklisted'] });
    expect((await PartnerModel.findById(partner.partnerId).lean())?.status).toBe('rejected');
  });
});
