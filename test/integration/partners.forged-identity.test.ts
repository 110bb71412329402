/**
 * Issue 11.1: whoever reaches the Temporal frontend can send a workflow an update, a signal, a start or
 * a query of their own making, with any identity in it. These tests do it with the real Temporal CLI
 * against the test's dev server, and check that DataPact believes none of it: the update is refused
 * at once (and the workflow carries on), a signal is dropped, a start fails, a query fails; and that
 * the raw history shows none of the personal data it holds.
 */
import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import type { Claims } from '../../policies/abilities';
import { PartnerModel } from '../../src/entities/partner';
import { payloadCodecFrom } from '../../src/temporal/data-converter';
import { bundleWorkflows, createWorker } from '../../src/worker';
import { UNAUTHENTIC_FAILURE_TYPE } from '../../workflows/authentic';
import { partnerLapsedSignal } from '../../workflows/agreement/messages';
import { agreementWorkflowId, partnerWorkflowId } from '../../workflows/ids';
import { statusQuery } from '../../workflows/partner/messages';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { TEST_PAYLOAD_CONFIG, testEnv } from '../support/env';
import { aNomination, aPartnerUser, answersOf } from '../support/factories';
import { quietLogger } from '../support/quiet-logger';
import { temporalCli } from '../support/temporal-cli';
import { agreementProbe, toldQuery } from '../workflows/fixtures/agreement-probe';

const { EventType } = temporal.api.enums.v1;

let api: ApiHarness;
/** A client without DataPact's codec: what anyone with only Temporal access reads. */
let raw: Client;

beforeAll(async () => {
  api = await startApi('forged_identity');
  raw = new Client({ connection: api.temporal.connection, namespace: 'default' });
});
afterAll(async () => {
  await api?.stop();
});

/** Waits until the partner's workflow has written `want` to the store; returns the partner as the API shows it. */
async function reached(id: string, want: { stage?: string; status?: string }) {
  const reviewer = await api.client(users.reviewer);
  const shown = await eventually(
    () => reviewer.get(`/api/partners/${id}`),
    (r) => (!want.stage || r.data.stage === want.stage) && (!want.status || r.data.status === want.status),
  );
  expect(shown.data).toMatchObject(want);
  return shown.data as { id: string; workflowId: string; legalName: string; version: number };
}

/** Nominated through the API and answered by the partner's own user: the partner awaits review. */
async function aPartnerInReview() {
  const nominated = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
  expect(nominated.status).toBe(201);
  await reached(nominated.data.id, { stage: 'questionnaire' });
  const portal = await api.client(aPartnerUser(nominated.data.id));
  expect((await portal.post(`/api/partners/${nominated.data.id}/answers`, { answers: answersOf('best') })).status).toBe(
    200,
  );
  return await reached(nominated.data.id, { stage: 'review' });
}

/** The partner as the store holds it and as its workflow holds it. */
async function snapshotOf(partnerId: string) {
  return {
    stored: await PartnerModel.findById(partnerId).lean(),
    state: await api.temporal.workflow.getHandle(partnerWorkflowId(partnerId)).query(statusQuery),
  };
}

async function eventTypesOf(workflowId: string): Promise<string[]> {
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  return history.events!.map((e) => EventType[e.eventType!]!);
}

const forgedDecision = (actor: Claims) => JSON.stringify({ outcome: 'approve', actor });

/** The sealed input of the first `update` a workflow's history shows accepted. */
async function sealedInputOf(workflowId: string, update: string) {
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const accepted = history
    .events!.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
    .find((a) => a?.acceptedRequest?.input?.name === update);
  return accepted!.acceptedRequest!.input!.args!.payloads![0]!;
}

/** Sends `update` with a payload copied byte for byte (data and metadata) through the Temporal CLI. */
function updateWithCopiedPayload(workflowId: string, update: string, payload: temporal.api.common.v1.IPayload) {
  return temporalCli([
    'workflow',
    'update',
    'execute',
    '--workflow-id',
    workflowId,
    '--name',
    update,
    '--input-base64',
    '--input',
    Buffer.from(payload.data!).toString('base64'),
    ...Object.entries(payload.metadata!).flatMap(([key, value]) => [
      '--input-meta',
      `${key}=${Buffer.from(value).toString('utf8')}`,
    ]),
  ]);
}

describe('an update sent around DataPact with the Temporal CLI', () => {
  it('is refused at once, naming why; the partner is unchanged, and the reviewer then decides as usual', async () => {
    const partner = await aPartnerInReview();
    const before = await snapshotOf(partner.id);
    const eventsBefore = await eventTypesOf(partner.workflowId);

    const forged = await temporalCli([
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      partner.workflowId,
      '--name',
      'decide',
      '--input',
      forgedDecision(users.reviewer),
    ]);

    expect(forged.status).not.toBe(0);
    expect(forged.stderr).toContain('refused: this input was not written by DataPact (it is not sealed by DataPact)');
    expect(await snapshotOf(partner.id)).toEqual(before);
    // Refused before it was accepted: not a single event, and no failed workflow task.
    expect(await eventTypesOf(partner.workflowId)).toEqual(eventsBefore);
    // Not stuck: the real reviewer's decision through the API goes through at once.
    const decided = await (
      await api.client(users.reviewer)
    ).post(`/api/partners/${partner.id}/decision`, {
      outcome: 'approve',
    });
    expect(decided.status).toBe(200);
    expect(decided.data).toMatchObject({ status: 'approved' });
  });

  it("is refused when it carries a real reviewer's sealed decision copied out of another partner's history", async () => {
    const approved = await aPartnerInReview();
    const reviewer = await api.client(users.reviewer);
    expect((await reviewer.post(`/api/partners/${approved.id}/decision`, { outcome: 'approve' })).status).toBe(200);
    const sealed = await sealedInputOf(approved.workflowId, 'decide');
    const target = await aPartnerInReview();
    const before = await snapshotOf(target.id);

    const replayed = await updateWithCopiedPayload(target.workflowId, 'decide', sealed);

    expect(replayed.status).not.toBe(0);
    expect(replayed.stderr).toContain(`it was sealed for workflow default/${approved.workflowId}`);
    expect(await snapshotOf(target.id)).toEqual(before);
  });
});

describe('a step copied out of the same partner’s own history and sent again', () => {
  it('is refused: it names another request than the update it comes with', async () => {
    const partner = await aPartnerInReview();
    const reviewer = await api.client(users.reviewer);
    const asked = await reviewer.post(`/api/partners/${partner.id}/information-requests`, {
      question: '日志保留多久？',
    });
    expect(asked.status).toBe(200);
    const portal = await api.client(aPartnerUser(partner.id));
    expect((await portal.post(`/api/partners/${partner.id}/information-responses`, { answer: '180 天' })).status).toBe(
      200,
    );
    const sealed = await sealedInputOf(partner.workflowId, 'requestInformation');
    const before = await snapshotOf(partner.id);

    // The partner is in review again: the very same question would be accepted, were it a request.
    const replayed = await updateWithCopiedPayload(partner.workflowId, 'requestInformation', sealed);

    expect(replayed.status).not.toBe(0);
    expect(replayed.stderr).toContain('sent for another request, or long ago');
    expect(await snapshotOf(partner.id)).toEqual(before);
  });
});

describe('a query sent with the Temporal CLI with arguments DataPact did not write', () => {
  it('fails, and the workflow carries on', async () => {
    const partner = await aPartnerInReview();

    const forged = await temporalCli([
      'workflow',
      'query',
      '--workflow-id',
      partner.workflowId,
      '--name',
      'status',
      '--input',
      '{"any":"thing"}',
    ]);

    expect(forged.status).not.toBe(0);
    expect(forged.stderr).toContain('refused: this input was not written by DataPact');
    expect((await snapshotOf(partner.id)).state.stage).toBe('review');
  });
});

describe('a partner workflow started with the Temporal CLI', () => {
  it('fails at its start, before it writes anything', async () => {
    const partnerId = randomUUID();
    const workflowId = partnerWorkflowId(partnerId);
    const input = { partnerId, creditCode: aNomination().creditCode, nominatedBy: users.reviewer.sub };

    const started = await temporalCli([
      'workflow',
      'start',
      '--type',
      'partnerLifecycle',
      '--task-queue',
      api.taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      JSON.stringify(input),
    ]);

    expect(started.status).toBe(0);
    const failure = await api.temporal.workflow
      .getHandle(workflowId)
      .result()
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((failure as WorkflowFailedError).cause).toMatchObject({ type: UNAUTHENTIC_FAILURE_TYPE });
    expect(await eventTypesOf(workflowId)).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(await PartnerModel.findById(partnerId).lean()).toBeNull();
  });
});

describe('a signal sent with the Temporal CLI', () => {
  it('is dropped; the workflow goes on taking the signals DataPact sends', async () => {
    const taskQueue = `${api.taskQueue}-probe`;
    const connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
    const worker = await createWorker({
      connection,
      namespace: 'default',
      taskQueue,
      payloads: TEST_PAYLOAD_CONFIG,
      workflowBundle: await bundleWorkflows({
        workflowsPath: require.resolve('../workflows/fixtures/workflows'),
        logger: quietLogger,
      }),
    });
    const fact = (key: string) => ({
      key,
      partnerId: 'p',
      cause: 'lapsed',
      reason: 'r',
      at: '2026-12-01T00:00:00.000Z',
    });
    try {
      await worker.runUntil(async () => {
        const probe = await api.temporal.workflow.start(agreementProbe, {
          workflowId: agreementWorkflowId(randomUUID()),
          taskQueue,
        });

        const forged = await temporalCli([
          'workflow',
          'signal',
          '--workflow-id',
          probe.workflowId,
          '--name',
          partnerLapsedSignal.name,
          '--input',
          JSON.stringify(fact('forged')),
        ]);
        await probe.signal(partnerLapsedSignal, fact('sealed') as never);

        expect(forged.status).toBe(0); // a signal cannot be refused to its sender
        const told = await eventually(
          () => probe.query(toldQuery),
          (t) => t.length > 0,
        );
        expect(told.map((t) => t.key)).toEqual(['sealed']);
        const events = await eventTypesOf(probe.workflowId);
        expect(events.filter((e) => e === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(2);
        expect(events).not.toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED');
        await probe.terminate('test over');
      });
    } finally {
      await connection.close();
    }
  });
});

describe("a partner's workflow history, read with Temporal access alone", () => {
  it('shows none of the personal data it holds: names, identities, answers', async () => {
    const partner = await aPartnerInReview();
    const reviewer = await api.client(users.reviewer);
    const asked = await reviewer.post(`/api/partners/${partner.id}/information-requests`, {
      question: '请说明贵司数据出境情况',
    });
    expect(asked.status).toBe(200);
    const history = await raw.workflow.getHandle(partner.workflowId).fetchHistory();
    const payloads = payloadsIn(history);
    const rawText = payloads.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    const opened = await payloadCodecFrom(TEST_PAYLOAD_CONFIG).decodeForOperator(payloads);
    const openedText = opened.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    const personal = [partner.legalName, users.requesterA.sub, users.reviewer.sub, '"q1-officer":"yes"', '数据出境'];

    // The codec opens them all: the history does hold these, sealed.
    for (const text of personal) expect({ text, opened: openedText.includes(text) }).toEqual({ text, opened: true });
    for (const text of personal) expect({ text, raw: rawText.includes(text) }).toEqual({ text, raw: false });
    expect(payloads.length).toBeGreaterThan(10);
    expect(payloads.every((p) => Buffer.from(p.metadata?.encoding ?? []).toString('utf8') === 'binary/encrypted')).toBe(
      true,
    );
  });
});

/** Every payload of a history that goes through a codec (headers and search attributes do not). */
function payloadsIn(history: temporal.api.history.v1.IHistory): temporal.api.common.v1.IPayload[] {
  const found: temporal.api.common.v1.IPayload[] = [];
  const walk = (value: unknown, key: string): void => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    // Patch markers are the SDK's own, read by its core: never through a codec.
    if (['header', 'searchAttributes', 'indexedFields', 'markerRecordedEventAttributes'].includes(key)) return;
    if (key === 'payloads' && Array.isArray(value)) return void found.push(...value);
    if (Array.isArray(value)) return value.forEach((v) => walk(v, key));
    for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(history, '');
  return found;
}
