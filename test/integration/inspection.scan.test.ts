/**
 * The special inspection run against the real store and the Temporal dev server: agreements and partners
 * written into the store as their workflows write them; a run through a worker with the real activities
 * (the scan, the findings, the recorder); agreements' workflows stood in for by probes that record what
 * they are told. The tests run in order and build on each other: a run with mixed findings, the same
 * period again (no duplicate), evidence and verification sent to the rectification as updates, a run
 * whose worker is stopped mid-scan and resumed by another, and a re-inspection that closes findings whose
 * cause is gone.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createInspectionScanActivities } from '../../activities/inspection-scan';
import { findingsFor, inspectedAgreementOf } from '../../policies/inspection-rules';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import { findingEntity } from '../../src/entities/finding';
import { inspectionEntity } from '../../src/entities/inspection';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { workerDataConverterFrom } from '../../src/temporal/data-converter';
import { bundleWorkflows } from '../../src/worker';
import type { AgreementState } from '../../workflows/agreement/state';
import { agreementWorkflowId, inspectionWorkflowId, rectificationWorkflowId } from '../../workflows/ids';
import { progressQuery, type InspectionSummary } from '../../workflows/inspection/messages';
import { inspection } from '../../workflows/inspection/run';
import {
  decideEvidenceUpdate,
  statusQuery,
  submitEvidenceUpdate,
  type EvidenceInput,
  type VerificationInput,
} from '../../workflows/rectification/messages';
import type { PartnerState } from '../../workflows/partner/state';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { testEnv, TEST_PAYLOAD_CONFIG } from '../support/env';
import { recordHistory } from '../support/histories';
import { aLiveAgreement, aLivePartner, restoreAgreement, storeAgreements, storePartners } from '../support/inspections';
import { quietLogger } from '../support/quiet-logger';
import { agreementProbe, oversightToldQuery } from '../workflows/fixtures/agreement-probe';

const DAY = 24 * 3600 * 1000;
/** Periods of this file's runs: unique per run of the file (the dev server keeps workflows between runs). */
const RUN = randomUUID().slice(0, 8);
const period = (name: string) => `it-${RUN}-${name}`;

let api: ApiHarness;
let connection: NativeConnection;
let workflowBundle: WorkflowBundleWithSourceMap;
const taskQueue = `inspection-${RUN}`;
const probes: WorkflowHandle[] = [];
/** The file's worker on `taskQueue`, running from first test to last. */
let running: { worker: Worker; done: Promise<void> };

let good: PartnerState;
let blacklisted: PartnerState;
let clean: AgreementState[];
/** Past their end date: three of unit-a, three of unit-b. */
let pastEndA: AgreementState[];
let pastEndB: AgreementState[];
/** With the blacklisted partner: unit-b. */
let withBlacklisted: AgreementState[];

/** A worker on `queue`: the real activities, the scan's batches passed to `afterBatch`. */
async function workerOn(queue: string, afterBatch?: (at: { attempt: number; resumed: boolean }) => Promise<void>) {
  return await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: queue,
    workflowBundle,
    dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG),
    activities: {
      ...createActivities(),
      ...createInspectionScanActivities({
        inspections: inspectionEntity,
        findings: findingEntity,
        parameters: () => DEFAULT_PARAMETERS,
        ...(afterBatch ? { afterBatch } : {}),
      }),
    },
  });
}

function startRun(name: string, queue = taskQueue) {
  return api.temporal.workflow.start(inspection, {
    workflowId: inspectionWorkflowId(period(name)),
    taskQueue: queue,
    args: [{ period: period(name), trigger: 'on_demand', requestedBy: users.dso }],
  });
}

const findingsOf = async (name: string) =>
  (await findingEntity.model.find({ period: period(name) }).lean<Record<string, unknown>[]>()).map((d) =>
    findingEntity.stateOf(d),
  );

beforeAll(async () => {
  api = await startApi('inspection_scan');
  connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  workflowBundle = await bundleWorkflows({
    workflowsPath: require.resolve('../workflows/fixtures/workflows'),
    logger: quietLogger,
  });
  good = aLivePartner();
  blacklisted = aLivePartner({ status: 'blacklisted', legalName: '黑名单数据有限公司' });
  await storePartners([good, blacklisted]);
  const ended = new Date(Date.now() - 10 * DAY).toISOString();
  clean = Array.from({ length: 12 }, (_, i) => aLiveAgreement(good, { requestingUnit: i % 2 ? 'unit-a' : 'unit-b' }));
  pastEndA = Array.from({ length: 3 }, () => aLiveAgreement(good, { requestingUnit: 'unit-a', endsAt: ended }));
  pastEndB = Array.from({ length: 3 }, () => aLiveAgreement(good, { requestingUnit: 'unit-b', endsAt: ended }));
  withBlacklisted = Array.from({ length: 4 }, () => aLiveAgreement(blacklisted, { requestingUnit: 'unit-b' }));
  await storeAgreements([...clean, ...pastEndA, ...pastEndB, ...withBlacklisted]);
  const worker = await workerOn(taskQueue);
  running = { worker, done: worker.run() };
  for (const a of withBlacklisted) {
    probes.push(
      await api.temporal.workflow.start(agreementProbe, { workflowId: agreementWorkflowId(a.id), taskQueue }),
    );
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(probes.map((p) => p.terminate('test over').catch(() => undefined)));
  for (const unit of ['unit-a', 'unit-b']) {
    for (const name of ['mixed', 'resumed', 'reinspection']) {
      await api.temporal.workflow
        .getHandle(rectificationWorkflowId(period(name), unit))
        .terminate('test over')
        .catch(() => undefined);
    }
  }
  running?.worker.shutdown();
  await running?.done;
  await connection?.close();
  await api?.stop();
});

describe('inspection', () => {
  it('scans every agreement, raises each finding the rules find once, tells only the agreements a critical finding suspends, and reports', async () => {
    const handle = await startRun('mixed');
    const result = await handle.result();
    await recordHistory(handle, 'inspection-mixed-findings');
    expect(await handle.query(progressQuery)).toEqual(result);

    expect(result).toMatchObject({
      status: 'completed',
      progress: {
        partitions: 256,
        partitionsDone: 256,
        read: 22,
        scanned: 22,
        findings: 10,
        raised: 10,
        agreementsTold: 4,
      },
    });
    const stored = await findingsOf('mixed');
    // The store holds what the rules find, agreement by agreement, judged in this process.
    const asOf = new Date((await inspectionEntity.model.findById(period('mixed')).lean<{ asOf: Date }>())!.asOf);
    const expected = [...clean, ...pastEndA, ...pastEndB, ...withBlacklisted].flatMap((a) =>
      findingsFor(inspectedAgreementOf(a), a.partnerId === good.id ? good : blacklisted, asOf, {
        params: DEFAULT_PARAMETERS,
        calendar: CHINA_HOLIDAYS,
      }).map((f) => f.key),
    );
    expect(stored.map((f) => f.key).sort()).toEqual(expected.sort());
    expect(
      stored
        .filter((f) => f.ruleId === 'agreement_past_end')
        .map((f) => f.agreementId)
        .sort(),
    ).toEqual([...pastEndA, ...pastEndB].map((a) => a.id).sort());
    expect(
      stored
        .filter((f) => f.ruleId === 'partner_blacklisted')
        .map((f) => [f.agreementId, f.severity])
        .sort(),
    ).toEqual(withBlacklisted.map((a) => [a.id, 'critical']).sort());
    expect(stored.every((f) => f.status === 'open' && f.version === 1 && f.live)).toBe(true);
    expect(stored.filter((f) => f.ownerUnit === 'unit-a')).toHaveLength(3);

    // Each agreement with a critical finding was told once, that it suspends; no clean agreement has a workflow to tell.
    for (const probe of probes) {
      const told = await probe.query(oversightToldQuery);
      expect(told).toEqual([
        expect.objectContaining({ step: 'finding', ruleId: 'partner_blacklisted', suspends: true }),
      ]);
    }

    const run = inspectionEntity.stateOf((await inspectionEntity.model.findById(period('mixed')).lean())!);
    expect(run).toMatchObject({ status: 'completed', runs: 1, trigger: 'on_demand', requestedBy: 'dso' });
    expect(run.report).toMatchObject({
      scanned: 22,
      findings: 10,
      bySeverity: { critical: 4, high: 6, medium: 0, low: 0 },
    });
    expect(run.report!.byUnit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'unit-a', findings: 3 }),
        expect.objectContaining({ key: 'unit-b', findings: 7 }),
      ]),
    );
    const audit = await eventually(
      () =>
        AuditEventModel.find({ 'subject.type': 'Inspection', 'subject.id': period('mixed') })
          .sort({ seq: 1 })
          .lean(),
      (events) => events.length >= 2,
    );
    expect(audit.map((e) => e.action)).toEqual(['inspection.started', 'inspection.completed']);

    // One rectification per owner unit, holding that unit's findings.
    const unitA = await eventually(
      () => api.temporal.workflow.getHandle(rectificationWorkflowId(period('mixed'), 'unit-a')).query(statusQuery),
      (s) => s.findings === 3,
    );
    expect(unitA).toMatchObject({
      findings: 3,
      unresolved: 3,
      byStatus: { open: 3 },
      next: { severity: 'high', step: 'remind' },
    });
    const unitB = await api.temporal.workflow
      .getHandle(rectificationWorkflowId(period('mixed'), 'unit-b'))
      .query(statusQuery);
    expect(unitB).toMatchObject({ findings: 7, unresolved: 7 });
  });

  it('run again for the same period, raises no duplicate and tells each agreement the same fact', async () => {
    const before = await findingsOf('mixed');
    const result = await (await startRun('mixed')).result();

    expect(result.progress).toMatchObject({ scanned: 22, findings: 10 });
    const after = await findingsOf('mixed');
    expect(after.map((f) => [f.id, f.version]).sort()).toEqual(before.map((f) => [f.id, f.version]).sort());
    expect(inspectionEntity.stateOf((await inspectionEntity.model.findById(period('mixed')).lean())!).runs).toBe(2);
    for (const probe of probes) {
      const keys = (await probe.query(oversightToldQuery)).map((f) => f.key);
      // Told again under the same key: the agreement's workflow acts on a key once.
      expect(new Set(keys).size).toBe(1);
    }
  });

  it('takes evidence from the owner unit and a verification from a security reviewer as updates, answered with the stored finding', async () => {
    const [first, second] = (await findingsOf('mixed')).filter(
      (f) => f.ruleId === 'agreement_past_end' && f.ownerUnit === 'unit-b',
    );
    const ofUnitA = (await findingsOf('mixed')).find((f) => f.ownerUnit === 'unit-a')!;
    const unitB = api.temporal.workflow.getHandle(rectificationWorkflowId(period('mixed'), 'unit-b'));
    const unitA = api.temporal.workflow.getHandle(rectificationWorkflowId(period('mixed'), 'unit-a'));
    const submit = (handle: typeof unitB, arg: EvidenceInput) =>
      handle.executeUpdate(submitEvidenceUpdate, { args: [arg] });
    const decide = (handle: typeof unitB, arg: VerificationInput) =>
      handle.executeUpdate(decideEvidenceUpdate, { args: [arg] });

    {
      // Another unit's people cannot submit; a requester cannot verify.
      expect(await refusalOf(submit(unitB, { findingId: first!.id, text: 'done', actor: users.requesterA }))).toBe(
        'auth.forbidden',
      );
      const submitted = await submit(unitB, {
        findingId: first!.id,
        text: '协议已续签 / renewed',
        actor: users.requesterB,
      });
      expect(submitted).toMatchObject({ status: 'rectifying', evidenceBy: users.requesterB.sub, version: 2 });
      expect(findingEntity.stateOf((await findingEntity.model.findById(first!.id).lean())!)).toMatchObject({
        status: 'rectifying',
        version: 2,
      });
      expect(await refusalOf(decide(unitB, { findingId: first!.id, outcome: 'verify', actor: users.requesterA }))).toBe(
        'auth.forbidden',
      );
      // The submitter may not verify: a requester may verify nothing, and nobody verifies their own evidence.
      expect(await refusalOf(decide(unitB, { findingId: first!.id, outcome: 'verify', actor: users.requesterB }))).toBe(
        'finding.own_evidence',
      );
      expect(
        await refusalOf(
          decide(unitB, { findingId: first!.id, outcome: 'send_back', reason: ' ', actor: users.reviewer }),
        ),
      ).toBe('finding.reason_required');
      const verified = await decide(unitB, { findingId: first!.id, outcome: 'verify', actor: users.reviewer });
      expect(verified).toMatchObject({
        status: 'verified',
        version: 3,
        closure: { reason: 'verified', by: users.reviewer.sub },
      });

      // Sent back with a reason: rectification is owed again.
      await submit(unitB, { findingId: second!.id, text: 'see attachment', actor: users.requesterB });
      const sentBack = await decide(unitB, {
        findingId: second!.id,
        outcome: 'send_back',
        reason: '证据不足 / not enough',
        actor: users.reviewer,
      });
      expect(sentBack).toMatchObject({ status: 'open', version: 3 });
      expect(sentBack.steps.map((s) => s.kind)).toEqual(['evidence', 'sent_back']);

      // Nobody verifies evidence they submitted.
      await submit(unitA, { findingId: ofUnitA.id, text: 'fixed', actor: users.reviewerWhoRequests });
      expect(
        await refusalOf(decide(unitA, { findingId: ofUnitA.id, outcome: 'verify', actor: users.reviewerWhoRequests })),
      ).toBe('finding.own_evidence');
      expect(await unitB.query(statusQuery)).toMatchObject({ byStatus: { open: 6, verified: 1 } });
    }
    const audit = await eventually(
      () => AuditEventModel.find({ 'subject.type': 'Finding', 'subject.id': first!.id }).sort({ seq: 1 }).lean(),
      (events) => events.length >= 2,
    );
    expect(audit.map((e) => e.action)).toEqual(['finding.evidence_submitted', 'finding.verified']);
  });

  it('resumes a chunk where it stopped when its worker goes away mid-scan, and counts every agreement once', async () => {
    // A queue of its own: only the worker this test stops, then its successor, scan this run.
    const queue = `${taskQueue}-crash`;
    let held: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    let batches = 0;
    const first = await workerOn(queue, async ({ attempt }) => {
      batches += 1;
      if (attempt !== 1 || batches < 5) return;
      held();
      // Held here until the worker's shutdown cancels the attempt: it dies mid-chunk.
      await Context.current().cancelled;
    });
    // Once an attempt is held, the worker shuts down (at the end of runUntil) and cancels it.
    const handle = await first.runUntil(async () => {
      const started = await startRun('resumed', queue);
      await holding;
      return started;
    });

    const attempts: { attempt: number; resumed: boolean }[] = [];
    const second = await workerOn(queue, async (at) => void attempts.push(at));
    const result: InspectionSummary = await second.runUntil(handle.result());

    // The chunk's next attempt started from the checkpoint its heartbeats left.
    expect(attempts.find((a) => a.attempt > 1)).toMatchObject({ resumed: true });
    // The earlier runs' findings are still live: this run finds them again, once each.
    expect(result.progress).toMatchObject({
      partitionsDone: 256,
      read: 22,
      scanned: 22,
      findings: 9,
      raised: 0,
      persisting: 9,
    });
    expect(await findingsOf('resumed')).toEqual([]);
  });

  it('a re-inspection closes the findings whose cause is gone, and their rectification records that it did', async () => {
    for (const a of pastEndA) await restoreAgreement({ ...a, endsAt: new Date(Date.now() + 100 * DAY).toISOString() });

    const result = await (await startRun('reinspection')).result();
    // The unit's rectification ends once nothing of it is left to rectify.
    const unitA = api.temporal.workflow.getHandle(rectificationWorkflowId(period('mixed'), 'unit-a'));
    await unitA.result();
    await recordHistory(unitA, 'rectification-closed-by-reinspection');

    expect(result.progress).toMatchObject({ scanned: 22, closed: 3, persisting: 6, raised: 0, findings: 6 });
    const closed = (await findingsOf('mixed')).filter((f) => f.ownerUnit === 'unit-a');
    expect(closed).toHaveLength(3);
    for (const f of closed) {
      expect(f).toMatchObject({
        status: 'closed',
        live: false,
        closure: { reason: 'cause_gone', period: period('reinspection'), by: 'system:inspection' },
      });
    }
    const events = await eventually(
      () => AuditEventModel.find({ 'subject.type': 'Finding', action: 'finding.closed' }).lean(),
      (found) => found.length >= 3,
    );
    expect(events.map((e) => e.subject.id).sort()).toEqual(closed.map((f) => f.id).sort());
    // unit-b's findings stay as they were.
    const unitB = (await findingsOf('mixed')).filter((f) => f.ownerUnit === 'unit-b');
    expect(unitB.map((f) => f.status).sort()).toEqual(['open', 'open', 'open', 'open', 'open', 'open', 'verified']);
  });
});

/** The code the workflow's validator refused the update with. */
async function refusalOf(step: Promise<unknown>): Promise<string | undefined> {
  const error = await step.then(
    () => new Error('the update was accepted'),
    (err: unknown) => err,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) throw error;
  return error.cause.type ?? undefined;
}
