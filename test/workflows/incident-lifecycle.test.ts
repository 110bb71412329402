/**
 * The incident `incident-<id>` on the time-skipping test server, with the real activities and the real
 * agreement workflows against this file's own store. A partner is written as its workflow's recorder writes
 * it; agreements are driven from draft to active through their workflows; the incident starts with a report
 * as the API starts it, and every step is an update carrying the sender's claims. Deadlines are reached by
 * skipping the server's clock. Each test checks the incident's state in the store, the agreements' state
 * and the access ledger, the notifications sent, and that what it did not touch is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { accessLedgerOf } from '../../activities/connectors/access-ledger';
import type { Claims } from '../../policies/abilities';
import { defineAbilityFor } from '../../policies/abilities';
import { DEFAULT_PARAMETERS, parametersFrom, type Parameters } from '../../policies/parameters';
import { DomainError } from '../../policies/errors';
import type { IncidentDeadlineKind } from '../../policies/incident-deadlines';
import { AgreementModel, AgreementRowModel } from '../../src/entities/agreement';
import { IncidentModel, IncidentRowModel, incidentEntity } from '../../src/entities/incident';
import { PartnerModel } from '../../src/entities/partner';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { CatalogRefilingTaskModel } from '../../src/models/catalog-refiling-task.model';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { DecisionSnapshotModel } from '../../src/models/decision-snapshot.model';
import { NotificationModel } from '../../src/models/notification.model';
import { ProvisionReportModel } from '../../src/models/provision-report.model';
import { createPartnerService } from '../../src/services/partners';
import { agreementLifecycle } from '../../workflows/agreement/lifecycle';
import { resumeUpdate, submitUpdate, type Draft } from '../../workflows/agreement/messages';
import { agreementRequest } from '../../workflows/agreement/state';
import { agreementWorkflowId, incidentWorkflowId } from '../../workflows/ids';
import { incidentLifecycle } from '../../workflows/incident/lifecycle';
import {
  closeUpdate,
  explainMissedUpdate,
  investigateUpdate,
  recordReportUpdate,
  regradeUpdate,
  statusQuery,
  type IncidentReport,
  type IncidentState,
  type IncidentSummary,
  type ReportMadeInput,
} from '../../workflows/incident/messages';
import type { IncidentEstimates } from '../../workflows/incident/state';
import type { PartnerState } from '../../workflows/partner/state';
import { users } from '../support/api';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aNomination, aPartnerUser, anAgreementRequest, shanghaiDate } from '../support/factories';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, withTestWorker, skipClockTo } from '../support/time-skipping';
import {
  agreementSettled,
  anActiveAgreement,
  anApprovedPartner,
  anAssetInStore,
  sendStep,
  type ActiveAgreement,
} from '../support/sharing-world';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
/** How long a test waits (in real time) for the workflows and the store to show what it expects. */
const PATIENCE_MS = 90_000;

jest.setTimeout(600_000);

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
/** A client that leaves the test server's clock alone (see test/workflows/partner-lifecycle.test.ts). */
let plainClient: Client;
/** Every workflow a test started: terminated after it, so no timer of it fires in a later test's skip. */
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  await connectTestStore('incident_lifecycle_ts');
  const models = [
    AgreementModel,
    AgreementRowModel,
    PartnerModel,
    DataAssetModel,
    AccessLedgerModel,
    NotificationModel,
    AuditEventModel,
    BlacklistModel,
    DecisionSnapshotModel,
    ProvisionReportModel,
    CatalogRefilingTaskModel,
    IncidentModel,
    IncidentRowModel,
  ];
  await Promise.all(models.map((m) => m.createIndexes()));
  ({ env, workflowBundle, plainClient } = await startTimeSkipping());
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  await env?.teardown();
  await disconnectTestStore();
});

// ---------------------------------------------------------------------------------------------------
// The world, the worker, the incident

const serverNow = async () => new Date(await env.currentTimeMs());

/** Runs `test` with a worker of its own on a new task queue, with the real activities. */
function withWorker<T>(test: (taskQueue: string) => Promise<T>, params: Parameters = DEFAULT_PARAMETERS): Promise<T> {
  return withTestWorker({ env, workflowBundle }, 'incident', createActivities({ parameters: params }), test);
}

/** A partner with `count` active agreements (their workflows on the test's task queue). */
async function aPartnerSharing(taskQueue: string, count: number) {
  const now = await serverNow();
  const partner = await anApprovedPartner(now);
  const assetId = await anAssetInStore();
  const agreements: ActiveAgreement[] = [];
  for (let i = 0; i < count; i++) {
    agreements.push(
      await anActiveAgreement(plainClient, taskQueue, partner, assetId, now, { onStart: (h) => started.push(h) }),
    );
  }
  return { partner, assetId, agreements };
}

const NO_HARM: IncidentEstimates = {
  personalInformation: 0,
  sensitivePersonalInformation: 0,
  outageHours: 0,
  directLossCny: 0,
};

interface IncidentOptions {
  agreements?: ActiveAgreement[];
  estimates?: Partial<IncidentEstimates>;
  importantOrCoreData?: boolean;
  kind?: IncidentReport['body']['kind'];
  drill?: boolean;
  reporter?: Claims;
  detectedAt?: Date;
  params?: Parameters;
}

/** Starts the incident's workflow with a report, as the API does; returns once its first version is stored. */
async function anIncident(taskQueue: string, partner: PartnerState, options: IncidentOptions = {}) {
  const id = randomUUID();
  const now = await serverNow();
  const reporter: Claims = options.reporter ?? users.reviewer;
  const report: IncidentReport = {
    incidentId: id,
    requestId: randomUUID(),
    source: reporter.partnerId ? 'partner' : 'internal',
    body: {
      kind: options.kind ?? 'leak',
      title: '合作方接口日志泄露',
      description: '合作方测试环境的接口日志被公开访问',
      detectedAt: (options.detectedAt ?? now).toISOString(),
      estimates: { ...NO_HARM, ...options.estimates },
      drill: options.drill ?? false,
    },
    partner: { id: partner.id, legalName: partner.legalName, creditCode: partner.creditCode },
    data: { assets: [], grades: [], importantOrCoreData: options.importantOrCoreData ?? false },
    agreements: (options.agreements ?? []).map((a) => ({
      agreementId: a.id,
      title: a.state.title,
      requestingUnit: a.state.requestingUnit,
      status: a.state.status,
    })),
    reporter,
    params: options.params ?? DEFAULT_PARAMETERS,
  };
  const handle = await env.client.workflow.start(incidentLifecycle, {
    workflowId: incidentWorkflowId(id),
    taskQueue,
    args: [{ report }],
  });
  started.push(handle);
  const { state } = await settled(handle, (s) => s.version >= 1);
  return { id, handle, state };
}

type IncidentHandle = WorkflowHandle<typeof incidentLifecycle>;

/**
 * The incident's result, awaited through the plain client: the test server's own client lets the clock skip
 * while it waits, and every other workflow's timers would fire (the agreements' monthly usage reminders).
 */
const resultOf = (handle: IncidentHandle) =>
  plainClient.workflow.getHandle<typeof incidentLifecycle>(handle.workflowId).result();

/** Polls the incident's summary until `check` passes and the store holds that version: what the API shows. */
async function settled(
  handle: IncidentHandle,
  check: (summary: IncidentSummary) => boolean,
): Promise<{ state: IncidentState; summary: IncidentSummary; row: Record<string, unknown> }> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const summary = await handle.query(statusQuery);
    if (check(summary)) {
      const stored = await IncidentModel.findById(summary.id).lean<Record<string, unknown> & { version?: number }>();
      const row = await IncidentRowModel.findById(summary.id).lean<Record<string, unknown> & { version?: number }>();
      if (stored?.version === summary.version && row?.version === summary.version) {
        return { state: incidentEntity.stateOf(stored), summary, row };
      }
    }
    if (Date.now() > deadline) throw new Error(`the incident did not settle: ${JSON.stringify(summary)}`);
    await pause(50);
  }
}

/** Polls `read` until `check` passes; fails the test when it never does. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`never came true; last read: ${JSON.stringify(value)}`);
    await pause(50);
  }
}

/** The error code, message and reasons a step was refused with. */
async function refusalOf(step: Promise<unknown>) {
  const error = await step.then(
    () => new Error('the step was accepted'),
    (err: unknown) => err,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) throw error;
  const details = error.cause.details ?? [];
  return {
    code: error.cause.type ?? undefined,
    message: error.cause.message,
    reasons: (details[1] as { code: string; params?: Record<string, string> }[] | undefined) ?? [],
  };
}

/** Skips the test server's clock forward to `instant`, firing every timer on the way. */
const skipTo = (instant: number) => skipClockTo(env, instant);

const ms = (iso: string | Date | undefined) => new Date(iso!).getTime();
const ledgerOf = (agreementId: string) => accessLedgerOf(AccessLedgerModel, agreementId);

const notificationsOf = (incidentId: string, template: string, recipient?: string) =>
  NotificationModel.find({ 'subject.id': incidentId, template, ...(recipient ? { recipient } : {}) }).lean<
    { recipient: string; params: Record<string, string | number> }[]
  >();

const deadlineOf = (state: IncidentState, kind: IncidentDeadlineKind) => state.deadlines.find((d) => d.kind === kind)!;

/** A report as the API sends it: made now, to the office the rules name, with the content a rule sets. */
function aReportMade(state: IncidentState, kind: IncidentDeadlineKind, madeAt: Date, actor: Claims = users.reviewer) {
  const deadline = deadlineOf(state, kind);
  const content = Object.fromEntries(deadline.content.map((item) => [item, `内容：${item}`]));
  return {
    kind,
    madeAt: madeAt.toISOString(),
    to: deadline.recipient,
    reference: `REF-${kind}`,
    ...(deadline.content.length > 0 ? { content } : {}),
    actor,
  } satisfies ReportMadeInput;
}

/** An agreement the incident must not touch: its version, status and ledger as they were. */
async function expectUntouched(agreement: ActiveAgreement) {
  const { summary } = await agreementSettled(agreement.handle, () => true);
  expect(summary).toMatchObject({ status: 'active', version: agreement.state.version, granted: true });
  expect(await ledgerOf(agreement.id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
}

// ---------------------------------------------------------------------------------------------------

describe('incidentLifecycle', () => {
  describe('containment', () => {
    it('suspends every affected agreement at once, access removed, and records when each was contained; another partner’s agreement is untouched', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, agreements } = await aPartnerSharing(taskQueue, 2);
        const bystander = (await aPartnerSharing(taskQueue, 1)).agreements[0]!;
        const { id, handle } = await anIncident(taskQueue, partner, { agreements });

        const { state, row } = await settled(handle, (s) => s.status === 'contained');
        expect(state.agreements).toHaveLength(2);
        for (const entry of state.agreements) {
          expect(entry).toMatchObject({ containment: 'contained', status: 'suspended', accessGranted: false });
          expect(ms(entry.containedAt)).toBeGreaterThanOrEqual(ms(state.reportedAt));
        }
        expect(state.containment.completedAt).toBe(
          state.agreements.map((a) => a.containedAt!).reduce((a, b) => (a > b ? a : b)),
        );
        expect(row).toMatchObject({ status: 'contained', agreements: 2, drill: false });
        for (const agreement of agreements) {
          const { state: held } = await agreementSettled(agreement.handle, (s) => s.status === 'suspended');
          expect(held).toMatchObject({ suspension: { cause: 'incident' }, incidentHolds: [id] });
          expect(await ledgerOf(agreement.id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
        }
        await expectUntouched(bystander);
        await recordHistory(handle, 'incident-lifecycle-contained');
        await recordHistory(agreements[0]!.handle, 'agreement-lifecycle-contained-by-incident');
      });
    });
  });

  describe('deadlines', () => {
    /** A 重大 (II) leak of important data with ten million people's personal information: it owes all five reports. */
    const GRAVE = { estimates: { personalInformation: 10_000_000 }, importantOrCoreData: true } as const;
    const FIRST_REPORTS: IncidentDeadlineKind[] = ['sector_regulator_report', 'cyberspace_report', 'individual_notice'];
    const SUMMARIES: IncidentDeadlineKind[] = ['miit_summary_report', 'cac_summary_report'];

    it('each report made in time is met, and with every report made the incident closes', async () => {
      await withWorker(async (taskQueue) => {
        const partner = await anApprovedPartner(await serverNow());
        const { handle, state: first } = await anIncident(taskQueue, partner, GRAVE);
        expect(first.grade).toBe('II');
        expect(first.deadlines.map((d) => d.kind)).toEqual([...FIRST_REPORTS, ...SUMMARIES]);
        expect(first.deadlines.map((d) => d.state)).toEqual(['due', 'due', 'due', 'waiting', 'waiting']);

        let state = first;
        for (const kind of FIRST_REPORTS) {
          state = await sendStep(handle, recordReportUpdate, aReportMade(state, kind, await serverNow()));
          expect(deadlineOf(state, kind)).toMatchObject({ state: 'met', report: { reference: `REF-${kind}` } });
        }
        state = await sendStep(handle, investigateUpdate, {
          rootCause: '测试环境访问控制配置错误',
          measures: '关闭公开访问，轮换凭据',
          handlingEnded: true,
          actor: users.reviewer,
        });
        expect(state.status).toBe('investigated');
        for (const kind of SUMMARIES) {
          expect(deadlineOf(state, kind)).toMatchObject({ state: 'due', startsAt: state.handlingEndedAt });
          state = await sendStep(handle, recordReportUpdate, aReportMade(state, kind, await serverNow()));
          expect(deadlineOf(state, kind).state).toBe('met');
        }
        const closed = await sendStep(handle, closeUpdate, { outcome: 'resume', reason: '处置完毕', actor: users.dso });
        expect(closed).toMatchObject({ status: 'closed', closure: { outcome: 'resume', by: users.dso.sub } });
        expect(await notificationsOf(state.id, 'incident.report_missed')).toHaveLength(0);
        await expect(resultOf(handle)).resolves.toMatchObject({ status: 'closed' });
        await recordHistory(handle, 'incident-lifecycle-reports-met');
      });
    });

    it('each report not made is reminded, escalated to the DSO before it is due, and missed: the DSO and the first responsible person are told, and closing needs the DSO’s explanation', async () => {
      await withWorker(async (taskQueue) => {
        const partner = await anApprovedPartner(await serverNow());
        const { id, handle, state: first } = await anIncident(taskQueue, partner, GRAVE);

        for (const kind of FIRST_REPORTS) {
          const deadline = deadlineOf(first, kind);
          await skipTo(ms(deadline.escalateAt) + 1000);
          const escalated = await eventually(
            () => notificationsOf(id, 'incident.report_escalated', 'role:dso'),
            (found) => found.some((n) => n.params.kind === kind),
          );
          expect(escalated.filter((n) => n.params.kind === kind)).toHaveLength(1);
          expect((await settled(handle, () => true)).state.deadlines.find((d) => d.kind === kind)?.state).toBe('due');
          await skipTo(ms(deadline.dueAt) + 1000);
          const { state } = await eventually(
            () => settled(handle, () => true),
            (s) => deadlineOf(s.state, kind).state === 'missed',
          );
          expect(deadlineOf(state, kind)).toMatchObject({ state: 'missed', missedAt: deadline.dueAt, escalated: true });
          // The workflow records the miss, then sends its notices: they are waited for, not assumed.
          for (const recipient of ['role:dso', 'role:first_responsible_person']) {
            const missed = await eventually(
              () => notificationsOf(id, 'incident.report_missed', recipient),
              (found) => found.some((n) => n.params.kind === kind),
            );
            expect(missed.filter((n) => n.params.kind === kind)).toHaveLength(1);
          }
        }
        const reminders = await notificationsOf(id, 'incident.report_reminder', 'role:security_reviewer');
        for (const kind of FIRST_REPORTS)
          expect(reminders.filter((n) => n.params.kind === kind).length).toBeGreaterThan(0);

        let state = await sendStep(handle, investigateUpdate, { handlingEnded: true, actor: users.reviewer });
        for (const kind of SUMMARIES) {
          const deadline = deadlineOf(state, kind);
          await skipTo(ms(deadline.dueAt) + 1000);
          state = (
            await eventually(
              () => settled(handle, () => true),
              (s) => deadlineOf(s.state, kind).state === 'missed',
            )
          ).state;
          const escalated = await eventually(
            () => notificationsOf(id, 'incident.report_escalated', 'role:dso'),
            (found) => found.some((n) => n.params.kind === kind),
          );
          expect(escalated.filter((n) => n.params.kind === kind)).toHaveLength(1);
          const missed = await eventually(
            () => notificationsOf(id, 'incident.report_missed', 'role:first_responsible_person'),
            (found) => found.some((n) => n.params.kind === kind),
          );
          expect(missed.filter((n) => n.params.kind === kind)).toHaveLength(1);
        }

        const refused = await refusalOf(
          sendStep(handle, closeUpdate, { outcome: 'resume', reason: '结束', actor: users.dso }),
        );
        expect(refused.code).toBe('incident.not_closable');
        expect(refused.reasons.map((r) => r.params?.kind).sort()).toEqual([...FIRST_REPORTS, ...SUMMARIES].sort());
        const byReviewer = await refusalOf(
          sendStep(handle, explainMissedUpdate, { kind: 'cyberspace_report', reason: '…', actor: users.reviewer }),
        );
        expect(byReviewer.code).toBe('auth.forbidden');
        for (const kind of [...FIRST_REPORTS, ...SUMMARIES]) {
          const explained = await sendStep(handle, explainMissedUpdate, {
            kind,
            reason: '值班人员未收到提醒',
            actor: users.dso,
          });
          expect(explained.deadlines.find((d) => d.kind === kind)?.explanation?.by).toBe(users.dso.sub);
        }
        const closed = await sendStep(handle, closeUpdate, { outcome: 'resume', reason: '处置完毕', actor: users.dso });
        expect(closed.status).toBe('closed');
        expect(closed.deadlines.every((d) => d.state === 'missed' && d.explanation?.by === users.dso.sub)).toBe(true);
        await recordHistory(handle, 'incident-lifecycle-reports-missed');
      });
    });

    it('the operator profile sets the cyberspace report: to the CIIO protection department within 1 h, else to the provincial office within 4 h', async () => {
      const ciio = parametersFrom({ operatorIsCiio: true });
      for (const [params, recipient, hours] of [
        [DEFAULT_PARAMETERS, 'provincial_cyberspace_office', 4],
        [ciio, 'ciio_protection_department_and_police', 1],
      ] as const) {
        await withWorker(async (taskQueue) => {
          const partner = await anApprovedPartner(await serverNow());
          const { state } = await anIncident(taskQueue, partner, { estimates: { outageHours: 8 }, params });
          expect(state.grade).toBe('III');
          const deadline = deadlineOf(state, 'cyberspace_report');
          expect(deadline.recipient).toBe(recipient);
          expect(ms(deadline.dueAt) - ms(state.discoveredAt)).toBe(hours * HOUR);
        }, params);
      }
    });
  });

  describe('closure', () => {
    it('with resume: every agreement it contained resumes, its access granted again through the connector', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, agreements } = await aPartnerSharing(taskQueue, 2);
        const { handle } = await anIncident(taskQueue, partner, { agreements });
        await settled(handle, (s) => s.status === 'contained');
        const notYet = await refusalOf(
          sendStep(handle, closeUpdate, { outcome: 'resume', reason: '结束', actor: users.dso }),
        );
        expect(notYet.reasons.map((r) => r.code)).toEqual(['incident.handling_not_ended']);
        await sendStep(handle, investigateUpdate, { findings: '误报', handlingEnded: true, actor: users.reviewer });
        const closed = await sendStep(handle, closeUpdate, {
          outcome: 'resume',
          reason: '排查为误报',
          actor: users.dso,
        });
        expect(closed).toMatchObject({ status: 'closed', closure: { outcome: 'resume' } });
        const { state } = await settled(handle, (s) => s.pendingAnswers === 0 && s.status === 'closed');
        expect(state.agreements.map((a) => a.containment)).toEqual(['resumed', 'resumed']);
        for (const agreement of agreements) {
          const { state: resumed } = await agreementSettled(agreement.handle, (s) => s.status === 'active');
          expect(resumed.incidentHolds).toBeUndefined();
          expect(await ledgerOf(agreement.id)).toMatchObject({ grants: 2, effectiveRevokes: 1, granted: true });
        }
        await expect(resultOf(handle)).resolves.toMatchObject({ status: 'closed' });
        await recordHistory(handle, 'incident-lifecycle-closed-resume');
        await recordHistory(agreements[0]!.handle, 'agreement-lifecycle-incident-resumed');
      });
    });

    it('an agreement two incidents hold resumes only when the second is closed, and no one resumes it by hand meanwhile', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, agreements } = await aPartnerSharing(taskQueue, 1);
        const [agreement] = agreements as [ActiveAgreement];
        const first = await anIncident(taskQueue, partner, { agreements });
        await settled(first.handle, (s) => s.status === 'contained');
        const second = await anIncident(taskQueue, partner, { agreements });
        const { state: secondState } = await settled(second.handle, (s) => s.status === 'contained');
        expect(secondState.agreements[0]).toMatchObject({ containment: 'contained', status: 'suspended' });
        const { state: held } = await agreementSettled(agreement.handle, () => true);
        expect(held.incidentHolds).toEqual([first.id, second.id]);

        const byHand = await refusalOf(
          sendStep(agreement.handle, resumeUpdate, { reason: '恢复', actor: users.reviewer }),
        );
        expect(byHand.code).toBe('agreement.held_by_incident');

        for (const incident of [first, second]) {
          await sendStep(incident.handle, investigateUpdate, { handlingEnded: true, actor: users.reviewer });
          await sendStep(incident.handle, closeUpdate, { outcome: 'resume', reason: '处置完毕', actor: users.dso });
        }
        const { state: firstClosed } = await settled(first.handle, (s) => s.pendingAnswers === 0);
        expect(firstClosed.agreements[0]).toMatchObject({ containment: 'released', status: 'suspended' });
        const { state: secondClosed } = await settled(second.handle, (s) => s.pendingAnswers === 0);
        expect(secondClosed.agreements[0]).toMatchObject({ containment: 'resumed', status: 'active' });
        const { state: resumed } = await agreementSettled(agreement.handle, (s) => s.status === 'active');
        expect(resumed.incidentHolds).toBeUndefined();
        expect(await ledgerOf(agreement.id)).toMatchObject({ grants: 2, granted: true });
      });
    });

    it('with revoke: the agreements are revoked (deletion awaited), the credit code listed with the incident; the code is then refused for nomination and for a new request', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, assetId, agreements } = await aPartnerSharing(taskQueue, 2);
        const { id, handle } = await anIncident(taskQueue, partner, { agreements });
        await settled(handle, (s) => s.status === 'contained');
        await sendStep(handle, investigateUpdate, {
          rootCause: '合作方违规转售数据',
          responsibility: '合作方',
          handlingEnded: true,
          actor: users.reviewer,
        });
        const closed = await sendStep(handle, closeUpdate, { outcome: 'revoke', reason: '违规转售', actor: users.dso });
        expect(closed.closure).toMatchObject({ outcome: 'revoke', blacklisted: true });
        const { state } = await settled(handle, (s) => s.pendingAnswers === 0 && s.status === 'closed');
        expect(state.agreements.map((a) => a.containment)).toEqual(['revoked', 'revoked']);
        for (const agreement of agreements) {
          const { state: revoked } = await agreementSettled(agreement.handle, (s) => s.status === 'revoked');
          expect(revoked).toMatchObject({ ending: { trigger: 'incident' }, attestation: { status: 'awaiting' } });
          expect(await ledgerOf(agreement.id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
        }
        expect(await BlacklistModel.findOne({ creditCode: partner.creditCode }).lean()).toMatchObject({
          source: 'incident',
          incidentId: id,
          partnerId: partner.id,
          listedBy: users.dso.sub,
        });

        // Nominating the code again is refused before anything starts.
        const partners = createPartnerService({
          temporal: plainClient,
          taskQueue,
          blacklist: BlacklistModel,
          auditEvents: AuditEventModel,
          parameters: DEFAULT_PARAMETERS,
        });
        const nominated = await partners
          .nominate(
            { claims: users.requesterA, ability: defineAbilityFor(users.requesterA) },
            aNomination({ creditCode: partner.creditCode }) as never,
          )
          .then(
            () => null,
            (err: unknown) => err,
          );
        expect(nominated).toBeInstanceOf(DomainError);
        expect((nominated as DomainError).code).toBe('partner.blacklisted');

        // A new request to the partner is refused at submission, with the blacklisting among its reasons.
        const now = await serverNow();
        const draftId = randomUUID();
        const draft: Draft = {
          agreementId: draftId,
          requestId: randomUUID(),
          title: '新的共享申请',
          request: agreementRequest.parse(
            anAgreementRequest(partner.id, assetId, {
              startDate: shanghaiDate(0, now),
              endDate: shanghaiDate(90, now),
            }),
          ),
          records: {},
          requester: users.requesterA,
          partnerName: partner.legalName,
          params: DEFAULT_PARAMETERS,
        };
        const drafted = await plainClient.workflow.start(agreementLifecycle, {
          workflowId: agreementWorkflowId(draftId),
          taskQueue,
          args: [{ draft }],
        });
        started.push(drafted);
        await agreementSettled(drafted, (s) => s.version >= 1);
        const refused = await refusalOf(sendStep(drafted, submitUpdate, { actor: users.requesterA }));
        expect(refused.code).toBe('agreement.not_approvable');
        expect(refused.reasons.map((r) => r.code)).toContain('agreement.partner_blacklisted');
        await recordHistory(handle, 'incident-lifecycle-closed-revoke');
      });
    });
  });

  describe('a drill', () => {
    it('runs the same process and deadlines against no real access: no agreement is touched, nothing is listed', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, agreements } = await aPartnerSharing(taskQueue, 2);
        const { handle, state: first } = await anIncident(taskQueue, partner, {
          agreements,
          drill: true,
          estimates: { personalInformation: 1_000_000 },
        });
        expect(first.deadlines.map((d) => d.kind)).toEqual([
          'sector_regulator_report',
          'cyberspace_report',
          'individual_notice',
          'cac_summary_report',
        ]);
        const { state, row } = await settled(handle, (s) => s.status === 'contained');
        expect(state.agreements.map((a) => a.containment)).toEqual(['drill', 'drill']);
        expect(row).toMatchObject({ drill: true, grade: 'III' });

        let current = state;
        for (const kind of ['sector_regulator_report', 'cyberspace_report', 'individual_notice'] as const) {
          current = await sendStep(handle, recordReportUpdate, aReportMade(current, kind, await serverNow()));
        }
        current = await sendStep(handle, investigateUpdate, { handlingEnded: true, actor: users.reviewer });
        current = await sendStep(
          handle,
          recordReportUpdate,
          aReportMade(current, 'cac_summary_report', await serverNow()),
        );
        // The drill's deadlines run as a real incident's: each report recorded, each met.
        expect(current.deadlines.map((d) => [d.kind, d.state])).toEqual([
          ['sector_regulator_report', 'met'],
          ['cyberspace_report', 'met'],
          ['individual_notice', 'met'],
          ['cac_summary_report', 'met'],
        ]);
        const closed = await sendStep(handle, closeUpdate, { outcome: 'revoke', reason: '演练结束', actor: users.dso });
        expect(closed.closure).toMatchObject({ outcome: 'revoke' });
        expect(closed.closure?.blacklisted).toBeUndefined();
        await expect(resultOf(handle)).resolves.toMatchObject({ status: 'closed', drill: true });
        for (const agreement of agreements) await expectUntouched(agreement);
        expect(await BlacklistModel.findOne({ creditCode: partner.creditCode }).lean()).toBeNull();
        await recordHistory(handle, 'incident-lifecycle-drill');
      });
    });
  });

  describe("a partner's self-report", () => {
    it('contains its agreements; the company’s reports count from when the partner told it, and a report past the partner’s deadline is flagged to the DSO', async () => {
      await withWorker(async (taskQueue) => {
        const { partner, agreements } = await aPartnerSharing(taskQueue, 1);
        const detectedAt = new Date((await serverNow()).getTime() - 3 * HOUR);
        const partnerUser = aPartnerUser(partner.id);
        const {
          id,
          handle,
          state: first,
        } = await anIncident(taskQueue, partner, {
          agreements,
          reporter: partnerUser,
          detectedAt,
          estimates: { personalInformation: 1_000_000 },
        });
        expect(first).toMatchObject({ source: 'partner', reportedBy: partnerUser.sub, discoveredAt: first.reportedAt });
        expect(first.partnerReport).toMatchObject({
          late: true,
          dueAt: new Date(detectedAt.getTime() + HOUR).toISOString(),
        });
        expect(first.partnerReport!.hoursLate).toBeGreaterThanOrEqual(2);
        expect(ms(deadlineOf(first, 'sector_regulator_report').dueAt) - ms(first.reportedAt)).toBe(HOUR);
        await settled(handle, (s) => s.status === 'contained');
        await agreementSettled(agreements[0]!.handle, (s) => s.status === 'suspended');
        expect(await notificationsOf(id, 'incident.partner_report_late', 'role:dso')).toHaveLength(1);
        expect(await notificationsOf(id, 'incident.self_reported', 'role:dso')).toHaveLength(1);
        const byPartner = await refusalOf(sendStep(handle, investigateUpdate, { findings: '…', actor: partnerUser }));
        expect(byPartner.code).toBe('auth.forbidden');
        await recordHistory(handle, 'incident-lifecycle-self-reported');
      });
    });
  });

  describe('re-grading', () => {
    it('records both grades with the thresholds that decided them, adds the reports the new grade owes and withdraws those it no longer owes unless made', async () => {
      await withWorker(async (taskQueue) => {
        const partner = await anApprovedPartner(await serverNow());
        const { id, handle, state: first } = await anIncident(taskQueue, partner, { kind: 'misuse' });
        expect(first).toMatchObject({ grade: 'IV', deadlines: [] });

        const unchanged = await refusalOf(
          sendStep(handle, regradeUpdate, { estimates: NO_HARM, reason: '无变化', actor: users.reviewer }),
        );
        expect(unchanged.code).toBe('incident.regrade_unchanged');

        const graver = await sendStep(handle, regradeUpdate, {
          estimates: { ...NO_HARM, sensitivePersonalInformation: 150_000, personalInformation: 150_000 },
          reason: '排查发现涉及敏感个人信息',
          actor: users.reviewer,
        });
        expect(graver.grade).toBe('III');
        expect(graver.gradings.map((g) => [g.from, g.grade])).toEqual([
          [null, 'IV'],
          ['IV', 'III'],
        ]);
        expect(graver.gradings[1]!.decidedBy).toEqual([
          { measure: 'sensitivePersonalInformation', value: 150_000, threshold: 100_000, grade: 'III', rules: ['R18'] },
        ]);
        expect(graver.deadlines.map((d) => d.kind)).toEqual([
          'sector_regulator_report',
          'cyberspace_report',
          'cac_summary_report',
        ]);
        expect(await notificationsOf(id, 'incident.regraded', 'role:dso')).toHaveLength(1);
        const made = await sendStep(
          handle,
          recordReportUpdate,
          aReportMade(graver, 'sector_regulator_report', await serverNow()),
        );

        const lighter = await sendStep(handle, regradeUpdate, {
          estimates: { ...NO_HARM, sensitivePersonalInformation: 50_000, personalInformation: 50_000 },
          reason: '核实后人数减少',
          actor: users.reviewer,
        });
        expect(lighter.grade).toBe('IV');
        expect(lighter.gradings.map((g) => g.grade)).toEqual(['IV', 'III', 'IV']);
        expect(lighter.deadlines.map((d) => [d.kind, d.state])).toEqual([['sector_regulator_report', 'met']]);
        expect(lighter.withdrawnDeadlines.map((d) => d.kind)).toEqual(['cyberspace_report', 'cac_summary_report']);
        expect(deadlineOf(made, 'sector_regulator_report').state).toBe('met');
        const timeline = await AuditEventModel.find({ 'subject.id': id, action: 'incident.regraded' })
          .sort({ seq: 1 })
          .lean();
        expect(timeline.map((e) => [e.why?.params?.from, e.why?.params?.to])).toEqual([
          ['IV', 'III'],
          ['III', 'IV'],
        ]);
        await recordHistory(handle, 'incident-lifecycle-regraded');
      });
    });
  });
});
