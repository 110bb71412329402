/**
 * The grant activity run by a real worker on the Temporal dev server, with Temporal's own retries: a
 * gateway's 5xx is retried and the grant applied once; a 4xx a retry cannot fix fails at once; a worker
 * that dies after the ledger wrote the grant but before Temporal heard of it grants once on the retry.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createAccessActivities } from '../../activities/access';
import { ACCESS_REJECTED, type AccessConnector, type GrantRequest } from '../../activities/connectors/access';
import { accessLedgerOf, ledgerAccessConnector } from '../../activities/connectors/access-ledger';
import { webhookAccessConnector } from '../../activities/connectors/access-webhook';
import { grantKeyOf } from '../../policies/record-keys';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { connectTestStore, disconnectTestStore, testEnv } from '../support/env';
import { EXPECTED_FAILURE } from '../support/expected-failure';
import { quietLogger } from '../support/quiet-logger';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { provisioningProbe } from './fixtures/provisioning-probe';

const SECRET = 'a-shared-secret-of-at-least-32-characters';

let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let workflowBundle: WorkflowBundleWithSourceMap;
let receiver: WebhookReceiver;

beforeAll(async () => {
  await connectTestStore('access_retry');
  await AccessLedgerModel.createIndexes();
  const { temporalAddress } = testEnv();
  connection = await Connection.connect({ address: temporalAddress });
  nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  client = new Client({ connection });
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/provisioning-probe'),
    logger: quietLogger,
  });
  receiver = await startWebhookReceiver({ secret: SECRET });
});
afterAll(async () => {
  await receiver?.close();
  await nativeConnection?.close();
  await connection?.close();
  await disconnectTestStore();
});

function aGrant(): GrantRequest {
  const agreementId = randomUUID();
  return {
    key: grantKeyOf(agreementId, 2),
    agreementId,
    version: 2,
    partnerId: randomUUID(),
    scope: { assets: [{ assetId: 'a1', fields: ['cell_id'] }], controls: [], validUntil: '2027-11-30' },
  };
}

/** Runs the probe workflow to its end with a worker whose grant goes through `access`. */
async function provision(access: AccessConnector, request: GrantRequest) {
  const taskQueue = `access-retry-${randomUUID()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createAccessActivities({ access }),
  });
  return worker.runUntil(
    client.workflow.execute(provisioningProbe, {
      taskQueue,
      workflowId: `probe-${request.agreementId}`,
      args: [request],
    }),
  );
}

const webhook = () => webhookAccessConnector({ url: receiver.url, secret: SECRET, timeoutMs: 5_000 });

describe('grantAccess under Temporal retries', () => {
  it('a gateway answering 503 twice is retried until it applies the grant, once', async () => {
    const request = aGrant();
    const before = receiver.attempts;
    receiver.answerNext(503, 503);

    expect(await provision(webhook(), request)).toEqual({ receipt: { key: request.key, repeated: false } });

    expect(receiver.attempts - before).toBe(3);
    expect(receiver.applied.filter((call) => call.key === request.key)).toHaveLength(1);
  });

  it('a gateway answering 403 fails the grant at once, without a retry', async () => {
    const request = aGrant();
    const before = receiver.attempts;
    receiver.answerNext(403);

    expect(await provision(webhook(), request)).toEqual({ failure: { type: ACCESS_REJECTED, nonRetryable: true } });
    expect(receiver.attempts - before).toBe(1);
  });

  it('a worker lost after the ledger wrote the grant grants once: the retry finds the key', async () => {
    const request = aGrant();
    const ledger = ledgerAccessConnector({ ledger: AccessLedgerModel });
    let attempts = 0;
    // The first attempt writes the grant and then fails, as if the worker died before reporting it.
    const lostAfterWriting: AccessConnector = {
      ...ledger,
      async grant(r) {
        attempts += 1;
        const receipt = await ledger.grant(r);
        if (attempts === 1) throw new Error(`worker lost after the grant ${EXPECTED_FAILURE}`);
        return receipt;
      },
    };

    expect(await provision(lostAfterWriting, request)).toEqual({ receipt: { key: request.key, repeated: true } });

    expect(attempts).toBe(2);
    expect(await accessLedgerOf(AccessLedgerModel, request.agreementId)).toMatchObject({ grants: 1, granted: true });
  });
});
