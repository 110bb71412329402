import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../src/worker';
import { agreementWorkflowId } from '../../workflows/ids';
import { agreementProbe, toldQuery } from '../workflows/fixtures/agreement-probe';
import { quietLogger } from '../support/quiet-logger';
import { createAgreementSignalActivities } from '../../activities/agreements';
import type { AgreementStatus } from '../../policies/vocabulary';
import { AgreementModel } from '../../src/entities/agreement';
import { dataConverterFrom, workerDataConverterFrom } from '../../src/temporal/data-converter';
import { connectTestStore, disconnectTestStore, TEST_PAYLOAD_CONFIG, testEnv } from '../support/env';

let connection: Connection;
let client: Client;

beforeAll(async () => {
  await connectTestStore('agreements_activity');
  await AgreementModel.createIndexes();
  connection = await Connection.connect({ address: testEnv().temporalAddress });
  client = new Client({ connection, dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG) });
});
afterAll(async () => {
  await connection?.close();
  await disconnectTestStore();
});

const { tellAgreementsOfPartner } = createAgreementSignalActivities({ agreements: AgreementModel });

async function agreementsOf(partnerId: string, statuses: AgreementStatus[]): Promise<string[]> {
  const ids = statuses.map((_, i) => `${partnerId}-a${i}`);
  await AgreementModel.create(
    statuses.map((status, i) => ({
      _id: ids[i]!,
      title: 't',
      requestingUnit: 'unit-a',
      requestedBy: 'req.a',
      partnerId,
      effectiveGrade: 'general' as const,
      purpose: 'p',
      legalBasis: 'contract' as const,
      scenario: 'general' as const,
      frequency: 'monthly',
      transferMethod: 'api' as const,
      startDate: new Date('2026-01-01T00:00:00Z'),
      endDate: new Date('2030-12-31T00:00:00Z'),
      status,
    })),
  );
  return ids;
}

const fact = (partnerId: string) => ({
  key: `partner:${partnerId}:r1:lapsed`,
  partnerId,
  cause: 'lapsed' as const,
  reason: 'r',
  at: '2026-11-25T00:00:00.000Z',
});

describe('tellAgreementsOfPartner', () => {
  it('goes through every open agreement of the partner, skipping closed ones and those without a running workflow', async () => {
    const partnerId = randomUUID();
    await agreementsOf(partnerId, ['active', 'suspended', 'revoked', 'approved']);
    await agreementsOf(randomUUID(), ['active']);
    const env = new MockActivityEnvironment({}, { client });

    // No agreement workflow runs yet in this slice: each open one is skipped, none is told.
    expect(await env.run(tellAgreementsOfPartner, fact(partnerId))).toEqual({ told: 0, skipped: 3 });
  });

  it('signals every open agreement whose workflow runs, once each, and skips the others', async () => {
    const partnerId = randomUUID();
    const [active, suspended, revoked, withoutWorkflow] = await agreementsOf(partnerId, [
      'active',
      'suspended',
      'revoked',
      'approved',
    ]);
    const [otherPartners] = await agreementsOf(randomUUID(), ['active']);
    const taskQueue = `probe-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: testEnv().temporalAddress });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflows({
        workflowsPath: require.resolve('../workflows/fixtures/agreement-probe'),
        logger: quietLogger,
      }),
      dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG),
    });
    await worker.runUntil(async () => {
      const probes = await Promise.all(
        [active!, suspended!, revoked!, otherPartners!].map((id) =>
          client.workflow.start(agreementProbe, { workflowId: agreementWorkflowId(id), taskQueue }),
        ),
      );
      const env = new MockActivityEnvironment({}, { client });

      const result = await env.run(tellAgreementsOfPartner, fact(partnerId));

      // Two open agreements with a workflow are told; the approved one without a workflow is skipped.
      expect(result).toEqual({ told: 2, skipped: 1 });
      const told = await Promise.all(probes.map((p) => p.query(toldQuery)));
      expect(told.map((facts) => facts.map((f) => f.key))).toEqual([
        [fact(partnerId).key],
        [fact(partnerId).key],
        [],
        [],
      ]);
      expect(withoutWorkflow).toBeDefined();
      await Promise.all(probes.map((p) => p.terminate('test over')));
    });
    await nativeConnection.close();
  });

  it('a retry resumes after the agreement the previous attempt heartbeat last', async () => {
    const partnerId = randomUUID();
    const ids = await agreementsOf(partnerId, ['active', 'active', 'active']);
    const heartbeats: unknown[] = [];
    const retry = new MockActivityEnvironment({ heartbeatDetails: { told: 0, skipped: 2, after: ids[1] } }, { client });
    retry.on('heartbeat', (d: unknown) => heartbeats.push(d));

    expect(await retry.run(tellAgreementsOfPartner, fact(partnerId))).toEqual({ told: 0, skipped: 3 });
    expect(heartbeats).toEqual([{ told: 0, skipped: 3, after: ids[2] }]);
  });
});
