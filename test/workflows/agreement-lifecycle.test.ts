/**
 * The sharing agreement `agreement-<id>` on the time-skipping test server, with the real activities
 * against this file's own store. The partner and the inventory are written as their own writers would
 * (the partner's recorder, the asset service); the agreement starts with a draft as the API starts it,
 * and every human step is an update carrying the sender's claims, sent with `startUpdate` and then
 * awaited. Deadlines are reached by skipping the server's clock (`skipTo`); each test checks the
 * workflow's `status` query, the store (the state and its row `agreement_rows`), the access ledger
 * where access moves, and that an agreement it did not touch is unchanged. Workflows are terminated
 * after each test.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { Client, WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityOptions, type DataPactActivities } from '../../activities';
import type { AccessConnector } from '../../activities/connectors/access';
import { accessLedgerOf, ledgerAccessConnector } from '../../activities/connectors/access-ledger';
import { createEntityStoreActivities } from '../../activities/entity-store';
import type { Claims } from '../../policies/abilities';
import { stageDeadlinesFor } from '../../policies/agreement-deadlines';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import { DEFAULT_PARAMETERS, parametersFrom, type Parameters } from '../../policies/parameters';
import type { AuditAction } from '../../policies/audit-actions';
import type { ApprovalStage } from '../../policies/vocabulary';
import { AgreementModel, AgreementRowModel, agreementEntity } from '../../src/entities/agreement';
import { PartnerModel } from '../../src/entities/partner';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { CatalogRefilingTaskModel } from '../../src/models/catalog-refiling-task.model';
import { CommitmentModel } from '../../src/models/commitment.model';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { DecisionSnapshotModel } from '../../src/models/decision-snapshot.model';
import { DeletionAttestationModel } from '../../src/models/deletion-attestation.model';
import { FilingOutboxModel } from '../../src/models/filing-outbox.model';
import { NotificationModel } from '../../src/models/notification.model';
import { ProvisionReportModel } from '../../src/models/provision-report.model';
import { RegulatorFilingModel } from '../../src/models/regulator-filing.model';
import { UsageReportModel } from '../../src/models/usage-report.model';
import { dataConverterFrom, workerDataConverterFrom } from '../../src/temporal/data-converter';
import { agreementWorkflowId } from '../../workflows/ids';
import { agreementLifecycle, summaryOf } from '../../workflows/agreement/lifecycle';
import {
  amendUpdate,
  confirmFilingUpdate,
  decideStageUpdate,
  editUpdate,
  emergencyRevokeUpdate,
  endEarlyUpdate,
  oversightSignal,
  partnerLapsedSignal,
  recertifyUpdate,
  recordRegulatorDecisionUpdate,
  resumeUpdate,
  statusQuery,
  submitAttestationUpdate,
  submitUpdate,
  submitUsageReportUpdate,
  waiveAttestationUpdate,
  type AgreementState,
  type AgreementSummary,
  type Draft,
  type PartnerLapsed,
  type UsageReportInput,
} from '../../workflows/agreement/messages';
import { agreementRequest, type AgreementRequestBody } from '../../workflows/agreement/state';
import type { PartnerState } from '../../workflows/partner/state';
import { hold, passHold } from '../support/held-activities';
import { users } from '../support/api';
import { connectTestStore, disconnectTestStore, TEST_PAYLOAD_CONFIG } from '../support/env';
import { EXPECTED_FAILURE } from '../support/expected-failure';
import { aPartnerUser, anAgreementRequest, anAsset, shanghaiDate } from '../support/factories';
import { recordHistory } from '../support/histories';
import { anApprovedPartner } from '../support/sharing-world';
import { startTimeSkipping, skipClockTo } from '../support/time-skipping';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** How long a test waits (in real time) for the workflow and the store to show what it expects. */
const PATIENCE_MS = 60_000;

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
/** A client that leaves the test server's clock alone (see test/workflows/partner-lifecycle.test.ts). */
let plainClient: Client;
/** The file's one worker (a worker of each test's own cost about a second each, several under load). */
const TASK_QUEUE = `agreement-${randomUUID()}`;
let worker: Worker;
let workerRun: Promise<void>;
/** What the worker's activities are built with: the running test's (another access connector, other parameters). */
let activityOptions: ActivityOptions = {};
/** Every workflow a test started: terminated after it, so no timer of it fires in a later test's skip. */
const started: WorkflowHandle[] = [];
/** Writes a partner's versions as its own workflow does: the store document with its audit event. */
const recorder = createEntityStoreActivities();

/** The people who decide each stage, each with a data-security commitment on file (R5). */
const APPROVERS: Record<ApprovalStage, Claims> = {
  unit_head: users.unitHeadA,
  security_review: users.reviewer,
  legal: users.legal,
  dso: users.dso,
};
/** Heads of unit-a without a commitment on file, and with one that has expired. */
const headWithoutCommitment: Claims = { sub: 'head.a.uncommitted', roles: ['unit_head'], unit: 'unit-a' };
const headWithExpiredCommitment: Claims = { sub: 'head.a.expired', roles: ['unit_head'], unit: 'unit-a' };
const headOfUnitB: Claims = { sub: 'head.b', roles: ['unit_head'], unit: 'unit-b' };

beforeAll(async () => {
  await connectTestStore('agreement_lifecycle_ts');
  const models = [
    AgreementModel,
    AgreementRowModel,
    PartnerModel,
    DataAssetModel,
    CommitmentModel,
    AccessLedgerModel,
    NotificationModel,
    AuditEventModel,
    BlacklistModel,
    DecisionSnapshotModel,
    ProvisionReportModel,
    RegulatorFilingModel,
    FilingOutboxModel,
    UsageReportModel,
    DeletionAttestationModel,
    CatalogRefilingTaskModel,
  ];
  await Promise.all(models.map((m) => m.createIndexes()));
  ({ env, workflowBundle } = await startTimeSkipping());
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    dataConverter: workerDataConverterFrom(TEST_PAYLOAD_CONFIG),
    activities: activitiesOfTheRunningTest(),
  });
  workerRun = worker.run();
  plainClient = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG),
  });
  // The commitments on file, as the DSO records them (POST /api/commitments).
  const signedAt = new Date('2025-01-01T00:00:00Z');
  await CommitmentModel.insertMany([
    // The administrator and another unit's head too: what refuses them is their role or unit, not a missing commitment.
    ...[...Object.values(APPROVERS), users.admin, headOfUnitB].map((a) => ({
      _id: a.sub,
      signedAt,
      reference: `责任书-${a.sub}`,
      recordedBy: 'dso',
    })),
    {
      _id: headWithExpiredCommitment.sub,
      signedAt,
      expiresAt: new Date('2026-01-01T00:00:00Z'),
      reference: '责任书-过期',
      recordedBy: 'dso',
    },
  ]);
});

afterEach(async () => {
  // While the worker runs, so that each becomes quiet: see terminateWhenQuiet.
  await Promise.all(started.splice(0).map(terminateWhenQuiet));
  activityOptions = {};
});

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await env?.teardown();
  await disconnectTestStore();
});

// ---------------------------------------------------------------------------------------------------
// The world the agreement reads: partners, the inventory, the clock.

/** The test server's clock now. */
const serverNow = async () => new Date(await env.currentTimeMs());

const ms = (iso: string | Date | undefined) => new Date(iso!).getTime();

/** Writes a partner's next version as its workflow's recorder does (document and audit event). */
async function recordPartner(state: PartnerState, action: AuditAction, before: Record<string, unknown> = {}) {
  await recorder.recordEntity({
    entity: 'Partner',
    state: state as PartnerState & Record<string, unknown>,
    before,
    after: { status: state.status },
    audit: { actor: users.reviewer, action, ruleVersion: 'test' },
  });
}

/** An approved partner, as its vetting leaves it (test/support/sharing-world.ts), at the test server's time. */
async function aPartner(overrides: Partial<PartnerState> = {}): Promise<PartnerState> {
  return await anApprovedPartner(await serverNow(), overrides);
}

/** The partner's workflow moves it on (lapse, blacklisting): its next version in the store. */
async function partnerBecomes(partner: PartnerState, change: Partial<PartnerState>, action: AuditAction) {
  const next: PartnerState = {
    ...partner,
    ...change,
    version: partner.version + 1,
    updatedAt: (await serverNow()).toISOString(),
  };
  await recordPartner(next, action, { status: partner.status });
  if (next.status === 'blacklisted') {
    await BlacklistModel.create({ creditCode: partner.creditCode, reason: next.blacklisting!.reason, listedBy: 'dso' });
  }
  return next;
}

/** What the partner's workflow signals to each open agreement of the partner. */
function aPartnerFact(partner: PartnerState, cause: PartnerLapsed['cause'], reason: string): PartnerLapsed {
  return {
    key: `partner:${partner.id}:r${partner.round}:${cause}`,
    partnerId: partner.id,
    cause,
    reason,
    at: new Date().toISOString(),
  };
}

/** An asset of the inventory, as the asset service writes it: general network data of unit-a unless overridden. */
async function anAssetInStore(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  await DataAssetModel.create({ _id: id, ...anAsset(overrides), createdBy: users.dso.sub } as never);
  return id;
}

/** A request of the asset's `region` and `bytes` running from today (server time) for `days` days. */
async function aRequest(
  partnerId: string,
  assetId: string,
  overrides: Record<string, unknown> = {},
  days = 180,
): Promise<AgreementRequestBody> {
  const today = await serverNow();
  return agreementRequest.parse(
    anAgreementRequest(partnerId, assetId, {
      startDate: shanghaiDate(0, today),
      endDate: shanghaiDate(days, today),
      ...overrides,
    }),
  );
}

/** A pre-approval record issued now (risk assessment, PIPIA). */
const onFile = async (reference: string) => ({ reference, issuedAt: (await serverNow()).toISOString() });

// ---------------------------------------------------------------------------------------------------
// The worker, the workflow and its messages.

/**
 * The real activities, each built for its call from the options of the test that runs (built once per
 * options): the tests run one at a time, and each ends its workflows before the next begins.
 */
function activitiesOfTheRunningTest(): DataPactActivities {
  const built = new Map<ActivityOptions, DataPactActivities>();
  const current = () =>
    built.get(activityOptions) ?? built.set(activityOptions, createActivities(activityOptions)).get(activityOptions)!;
  const names = Object.keys(createActivities()) as (keyof DataPactActivities)[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      async (...args: unknown[]) => {
        // A held activity waits as on a worker that died: the real one runs once the test lets it go.
        await passHold(name);
        return await (current()[name] as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as DataPactActivities;
}

/**
 * Runs `test` on the file's worker, its activities built with `options` (the product's when none);
 * `afterEach` ends the workflows it started, once each is quiet.
 */
async function withWorker<T>(test: (taskQueue: string) => Promise<T>, options: ActivityOptions = {}): Promise<T> {
  activityOptions = options;
  return await test(TASK_QUEUE);
}

/**
 * Agreements the tests of a `describe` share: `keep()` (in its `beforeAll`) marks the workflows started so
 * far as shared, so that `afterEach` leaves them running; they are ended after its last test.
 */
function sharedAgreements() {
  const shared: WorkflowHandle[] = [];
  afterAll(async () => {
    await Promise.all(shared.splice(0).map(terminateWhenQuiet));
  });
  return { taskQueue: TASK_QUEUE, keep: () => void shared.push(...started.splice(0)) };
}

/**
 * Terminates a workflow once no activity and no workflow task of it is in flight. The test server
 * holds its clock for each activity and workflow task it hands out, and a run terminated in the middle
 * of one never gives that hold back: every later skip would then crawl at the speed of real time.
 */
async function terminateWhenQuiet(handle: WorkflowHandle): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    if ((raw.pendingActivities ?? []).length === 0) {
      const { events } = await handle.fetchHistory();
      const last = events?.[events.length - 1];
      if (!last?.workflowTaskScheduledEventAttributes && !last?.workflowTaskStartedEventAttributes) break;
    }
    await pause(50);
  }
  await handle.terminate('test over').catch(() => undefined);
}

type AgreementHandle = WorkflowHandle<typeof agreementLifecycle>;

interface DraftOptions {
  records?: AgreementState['records'];
  requester?: Claims;
  params?: Parameters;
  title?: string;
}

/** Starts the agreement's workflow with a draft, as the API does (`{ draft }`); returns once it is stored. */
async function aDraft(
  taskQueue: string,
  partner: PartnerState,
  request: AgreementRequestBody,
  options: DraftOptions = {},
): Promise<{ handle: AgreementHandle; id: string; state: AgreementState }> {
  const id = randomUUID();
  const draft: Draft = {
    agreementId: id,
    requestId: randomUUID(),
    title: options.title ?? '网络质量联合分析',
    request,
    records: options.records ?? {},
    requester: options.requester ?? users.requesterA,
    partnerName: partner.legalName,
    params: options.params ?? DEFAULT_PARAMETERS,
  };
  const handle = await env.client.workflow.start(agreementLifecycle, {
    workflowId: agreementWorkflowId(id),
    taskQueue,
    args: [{ draft }],
  });
  started.push(handle);
  const { state } = await settled(handle, (s) => s.version >= 1);
  return { handle, id, state };
}

type StoredRow = Record<string, unknown> & { version?: number; status?: string };

/**
 * Waits (in real time) until the store holds the workflow's current version, document and row, and
 * that version passes `check`: what the API would then show. (The story moves its state before it
 * records it, so the `status` query may run ahead of the version the store holds: the check reads the
 * stored version's summary.)
 */
async function settled(
  handle: AgreementHandle,
  check: (summary: AgreementSummary) => boolean,
): Promise<{ state: AgreementState; summary: AgreementSummary; row: StoredRow }> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const summary = await handle.query(statusQuery);
    const stored = await AgreementModel.findById(summary.id).lean<Record<string, unknown> & { version?: number }>();
    const row = await AgreementRowModel.findById(summary.id).lean<StoredRow>();
    if (stored?.version === summary.version && row?.version === summary.version) {
      const state = agreementEntity.stateOf(stored);
      const recorded = summaryOf(state);
      if (check(recorded)) return { state, summary: recorded, row };
    }
    if (Date.now() > deadline) {
      const { status, stage, version } = summary;
      throw new Error(`the agreement did not settle as expected: ${JSON.stringify({ status, stage, version })}`);
    }
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

/** Sends a human step and waits for its handler's answer (started, then awaited: a refusal is the rejection). */
async function send<Arg>(
  handle: AgreementHandle,
  update: UpdateDefinition<AgreementState, [Arg]>,
  arg: Arg,
): Promise<AgreementState> {
  const accepted = await handle.startUpdate(update, { args: [arg], waitForStage: WorkflowUpdateStage.ACCEPTED });
  return await accepted.result();
}

interface Refused {
  code: string | undefined;
  message: string;
  /** Every reason of a request that cannot be approved. */
  reasons: { code: string; params?: Record<string, unknown>; message: string }[];
}

/** The error code, message and reasons a step was refused with. */
async function refusalOf(step: Promise<unknown>): Promise<Refused> {
  const error = await step.then(
    () => new Error('the step was accepted'),
    (err: unknown) => err,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) throw error;
  const details = error.cause.details ?? [];
  return {
    code: error.cause.type ?? undefined,
    message: error.cause.message,
    reasons: (details[1] as Refused['reasons'] | undefined) ?? [],
  };
}

/**
 * Sends one step twice, as a double click or a client's retry does: the second while the story acts on
 * the first (its `activity` held, as a slow store holds it), each once the workflow has judged it.
 * Answers with both outcomes in the order sent: the state, or the refusal's code.
 */
async function sentTwiceWhileActing<Arg>(
  handle: AgreementHandle,
  update: UpdateDefinition<AgreementState, [Arg]>,
  arg: Arg,
  activity: keyof DataPactActivities,
): Promise<[AgreementState | string, AgreementState | string]> {
  const acting = hold(activity);
  let outcomes: Promise<AgreementState>[];
  try {
    const first = await handle.startUpdate(update, { args: [arg], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await acting.entered;
    const second = await handle.startUpdate(update, { args: [arg], waitForStage: WorkflowUpdateStage.ACCEPTED });
    outcomes = [first.result(), second.result()];
  } finally {
    acting.release();
  }
  const [first, second] = await Promise.allSettled(outcomes);
  const outcomeOf = async (settledStep: PromiseSettledResult<AgreementState>) =>
    settledStep.status === 'fulfilled'
      ? settledStep.value
      : ((await refusalOf(Promise.reject(settledStep.reason))).code ?? 'no code');
  return [await outcomeOf(first!), await outcomeOf(second!)];
}

/** Skips the test server's clock forward to `instant`, firing every timer on the way. */
const skipTo = (instant: number) => skipClockTo(env, instant);

/** A stage decision as the API sends it: the decider's claims and their commitment on file (R5). */
async function decision(
  actor: Claims,
  stage: ApprovalStage,
  outcome: 'approve' | 'reject' | 'return' = 'approve',
  reason?: string,
) {
  const commitment = await CommitmentModel.findById(actor.sub).lean<{ signedAt: Date; expiresAt?: Date }>();
  return {
    stage,
    outcome,
    ...(reason ? { reason } : {}),
    actor,
    commitment: commitment
      ? {
          signedAt: commitment.signedAt.toISOString(),
          ...(commitment.expiresAt ? { expiresAt: commitment.expiresAt.toISOString() } : {}),
        }
      : null,
  };
}

const decide = async (handle: AgreementHandle, actor: Claims, stage: ApprovalStage, outcome?: 'approve') =>
  await send(handle, decideStageUpdate, await decision(actor, stage, outcome));

/** Each internal stage approved in turn by its approver; answers with the state after the last one. */
async function approveEveryStage(
  handle: AgreementHandle,
  approvers: Partial<Record<ApprovalStage, Claims>> = {},
): Promise<AgreementState> {
  let { state } = await settled(handle, () => true);
  while (state.review && state.review.current !== 'regulator') {
    const stage = state.review.current;
    state = await decide(handle, approvers[stage] ?? APPROVERS[stage], stage);
  }
  return state;
}

/** Drafted, submitted by its requester and approved at every stage: the agreement runs. */
async function anActiveAgreement(
  taskQueue: string,
  partner: PartnerState,
  request: AgreementRequestBody,
  options: DraftOptions = {},
) {
  const drafted = await aDraft(taskQueue, partner, request, options);
  await send(drafted.handle, submitUpdate, { actor: options.requester ?? users.requesterA });
  await approveEveryStage(drafted.handle);
  const { state } = await settled(drafted.handle, (s) => s.status === 'active');
  return { ...drafted, state };
}

/**
 * An agreement the test does not touch: at the end, `unchanged()` checks it is still at the version it
 * was. An active one (with its one grant in the ledger) where the clock stays; a draft where the clock
 * skips, so that no timer of it falls with one of the agreement under test.
 */
async function aBystander(taskQueue: string, options: { partner?: PartnerState; kind?: 'active' | 'draft' } = {}) {
  const owner = options.partner ?? (await aPartner());
  const request = await aRequest(owner.id, await anAssetInStore());
  const kind = options.kind ?? 'active';
  const { handle, id, state } =
    kind === 'active' ? await anActiveAgreement(taskQueue, owner, request) : await aDraft(taskQueue, owner, request);
  return {
    id,
    async unchanged() {
      const { summary, row } = await settled(handle, () => true);
      expect(summary).toMatchObject({ status: kind, version: state.version, granted: kind === 'active' });
      expect(row).toMatchObject({ status: kind, version: state.version });
      const ledger = await ledgerOf(id);
      expect(ledger).toMatchObject({ grants: kind === 'active' ? 1 : 0, revokes: 0, granted: kind === 'active' });
    },
  };
}

const ledgerOf = (agreementId: string) => accessLedgerOf(AccessLedgerModel, agreementId);

/** The notifications about this agreement sent to `recipient` with `template`, oldest first. */
const notificationsTo = (agreementId: string, recipient: string, template: string) =>
  NotificationModel.find({ 'subject.id': agreementId, recipient, template }).sort({ createdAt: 1 }).lean();

/**
 * The notifications once there are `count` of them: the workflow notifies after it records a version,
 * so they may come a moment after the store shows it.
 */
const notified = (agreementId: string, recipient: string, template: string, count = 1) =>
  eventually(
    () => notificationsTo(agreementId, recipient, template),
    (n) => n.length >= count,
  );

/** The actions of the agreement's audit trail, in order. */
const actionsOf = async (agreementId: string) =>
  (await AuditEventModel.find({ 'subject.type': 'Agreement', 'subject.id': agreementId }).sort({ seq: 1 }).lean()).map(
    (e) => e.action,
  );

const codesOf = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

/** A usage report of a period as the partner portal sends it: within the approval unless overridden. */
function aUsageReport(
  partner: PartnerState,
  request: AgreementRequestBody,
  periodStart: string,
  overrides: Partial<UsageReportInput['report']> = {},
): UsageReportInput {
  return {
    report: {
      periodStart,
      records: 1000,
      people: 0,
      personalInfoPeople: 0,
      sensitivePersonalInfoPeople: 0,
      fieldsUsed: request.assets.map((a) => ({ assetId: a.assetId, fields: [...a.fields] })),
      controlsAttested: [...request.controls],
      onwardProvision: null,
      ...overrides,
    },
    actor: aPartnerUser(partner.id),
  };
}

const anAttestation = (partner: PartnerState) => ({
  what: '全部共享数据及其备份',
  deletedAt: new Date().toISOString(),
  deletedBy: '王经理',
  method: 'crypto_erase' as const,
  includesBackups: true,
  actor: aPartnerUser(partner.id),
});

/** The controls R7 asks of important data; core data adds the watermark. */
const R7 = ['access_control', 'encryption_in_transit', 'encryption_at_rest'];

/** A field of an asset that carries personal information. */
const PI_FIELD = { name: 'msisdn', personalInfo: true };
/** What a request sharing personal information adds: the field, the consent basis, masking, the people. */
const PERSONAL_INFORMATION = (assetId: string) => ({
  assets: [{ assetId, fields: ['region', 'msisdn'] }],
  consentBasis: 'other_legal_basis',
  controls: ['access_control', 'encryption_in_transit', 'masking'],
  volume: { records: 100000, people: 5000, personalInfoPeople: 5000, sensitivePersonalInfoPeople: 0 },
});

interface Branch {
  partner?: Partial<PartnerState>;
  asset?: Record<string, unknown> & { grade?: string };
  request?: (assetId: string) => Record<string, unknown>;
  records?: ('risk_assessment' | 'pipia')[];
  stages: ApprovalStage[];
  /** The reason the DSO's stage gives. */
  reason: string;
  reportable: boolean;
}

interface RefusedRequest {
  /** The partner as its vetting left it, on the server's `today`. */
  partner?: (today: Date) => Partial<PartnerState>;
  asset?: Record<string, unknown>;
  request: (assetId: string, today: Date) => Record<string, unknown>;
  codes: string[];
}

/** Requests the rules refuse for several reasons at once (issue 13, Deliver 1). */
const REFUSED_REQUESTS: [string, RefusedRequest][] = [
  [
    'important data to a partner cleared for general data only, whose approval ends first, for a foreign authority',
    {
      partner: (today) => ({ clearance: 'general', validUntil: new Date(today.getTime() + 30 * DAY).toISOString() }),
      asset: { grade: 'important' },
      request: (assetId, today) => ({
        assets: [{ assetId, fields: ['region', 'imei'] }],
        startDate: shanghaiDate(200, today),
        endDate: shanghaiDate(190, today),
        recipientType: 'foreign_authority',
        crossBorder: true,
        destinationCountry: 'US',
      }),
      codes: [
        'agreement.field_not_on_asset',
        'agreement.end_before_start',
        'agreement.partner_validity_ends_first',
        'agreement.grade_above_clearance',
        'agreement.control_missing',
        'agreement.foreign_authority_without_approval',
      ],
    },
  ],
  [
    'a request to a blacklisted partner',
    {
      partner: () => ({ status: 'blacklisted' }),
      request: (assetId, today) => ({
        assets: [{ assetId, fields: ['bytes', 'imsi'] }],
        endDate: shanghaiDate(-400, today),
      }),
      codes: [
        'agreement.field_not_on_asset',
        'agreement.end_before_start',
        'agreement.ends_in_past',
        'agreement.partner_blacklisted',
      ],
    },
  ],
];

/** Each reason the DSO decides a request (S12; R5, R27, R48). */
const DSO_BRANCHES: [string, Branch][] = [
  [
    'catalogued data',
    {
      asset: { catalogued: true },
      stages: ['unit_head', 'security_review', 'dso'],
      reason: 'sharing.catalogued_data',
      reportable: false,
    },
  ],
  [
    'sensitive personal information',
    {
      asset: { name: '用户位置', personalInfo: true, sensitivePersonalInfo: true },
      request: () => ({
        consentBasis: 'separate_consent',
        controls: ['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control'],
        volume: { records: 10000, people: 2000, personalInfoPeople: 2000, sensitivePersonalInfoPeople: 500 },
      }),
      records: ['pipia'],
      stages: ['unit_head', 'security_review', 'legal', 'dso'],
      reason: 'sharing.sensitive_personal_information',
      reportable: false,
    },
  ],
  [
    'a new-technology scenario',
    {
      request: () => ({ scenario: 'iot' }),
      stages: ['unit_head', 'security_review', 'dso'],
      reason: 'sharing.new_tech_scenario',
      reportable: false,
    },
  ],
  [
    'a recipient abroad',
    {
      request: () => ({
        crossBorder: true,
        destinationCountry: 'SG',
        recipientType: 'foreign_enterprise',
        controls: R7,
      }),
      stages: ['unit_head', 'security_review', 'dso'],
      reason: 'sharing.cross_border',
      reportable: true,
    },
  ],
  [
    'a high-risk partner',
    {
      partner: { riskTier: 'high' },
      stages: ['unit_head', 'security_review', 'dso'],
      reason: 'sharing.high_risk_partner',
      reportable: false,
    },
  ],
];

describe('agreementLifecycle', () => {
  describe('routing, end to end', () => {
    it('routes general data to the unit head and a security reviewer, provisions it, expires it at its end date and closes on the deletion attestation', async () => {
      // Arrange: a three-day agreement (no usage report falls due before its end).
      const partner = await aPartner();
      const assetId = await anAssetInStore();
      const request = await aRequest(partner.id, assetId, {}, 3);

      await withWorker(async (taskQueue) => {
        const untouched = await aDraft(taskQueue, partner, await aRequest(partner.id, assetId));
        const drafted = await aDraft(taskQueue, partner, request);
        const { handle, id } = drafted;

        // Act
        const submitted = await send(handle, submitUpdate, { actor: users.requesterA });
        const atUnitHead = await settled(handle, (s) => s.stage === 'unit_head');
        const afterHead = await decide(handle, users.unitHeadA, 'unit_head');
        const atReviewer = await settled(handle, (s) => s.stage === 'security_review');
        await decide(handle, users.reviewer, 'security_review');
        const active = await settled(handle, (s) => s.status === 'active');

        // Assert: draft, then the route, then active with one grant.
        expect(drafted.state).toMatchObject({ status: 'draft', version: 1, effectiveGrade: 'general' });
        expect(submitted.route?.stages.map((s) => [s.stage, codesOf(s.reasons)])).toEqual([
          ['unit_head', ['sharing.every_request']],
          ['security_review', ['sharing.every_request']],
        ]);
        expect(submitted.route?.regulatorReview).toBeNull();
        expect(atUnitHead.summary).toMatchObject({
          status: 'in_review',
          stage: 'unit_head',
          awaiting: 'unit_head:unit-a',
        });
        expect(atUnitHead.row).toMatchObject({ status: 'in_review', awaiting: 'unit_head:unit-a' });
        expect(afterHead.review?.current).toBe('security_review');
        expect(atReviewer.row).toMatchObject({ awaiting: 'role:security_reviewer' });
        expect(active.state).toMatchObject({
          status: 'active',
          approved: request,
          access: { granted: true, grants: 1, revokes: 0 },
          provision: { reportable: false },
        });
        expect(active.state.decisions.map((d) => [d.stage, d.outcome, d.by])).toEqual([
          ['unit_head', 'approve', users.unitHeadA.sub],
          ['security_review', 'approve', users.reviewer.sub],
        ]);
        expect(active.state.provision?.filing).toBeUndefined();
        expect(active.row).toMatchObject({ status: 'active', effectiveGrade: 'general' });
        expect(active.row.awaiting).toBeUndefined();
        expect(await ProvisionReportModel.countDocuments({ agreementId: id })).toBe(1);
        expect(await RegulatorFilingModel.countDocuments({ agreementId: id })).toBe(0);
        expect(await DecisionSnapshotModel.countDocuments({ agreementId: id })).toBe(3);
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
        expect(await notified(id, `partner:${partner.id}`, 'agreement.activated')).toHaveLength(1);

        // Act: the end date passes.
        const endsAt = ms(active.state.endsAt);
        await skipTo(endsAt - HOUR);
        const beforeEnd = await handle.query(statusQuery);
        await skipTo(endsAt + HOUR);
        const expired = await settled(handle, (s) => s.status === 'expired');

        // Assert: access revoked once, the attestation awaited from the partner.
        expect(beforeEnd).toMatchObject({ status: 'active', granted: true });
        expect(expired.state).toMatchObject({
          status: 'expired',
          ending: { trigger: 'expiry' },
          access: { granted: false, grants: 1, revokes: 1 },
          attestation: { status: 'awaiting', overdue: false },
        });
        expect(expired.row).toMatchObject({ attestation: 'awaiting', awaiting: `partner:${partner.id}` });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
        expect(await notified(id, `partner:${partner.id}`, 'agreement.attestation_requested')).toHaveLength(1);

        // Act: the partner attests the deletion.
        await send(handle, submitAttestationUpdate, anAttestation(partner));
        const result = await plainClient.workflow.getHandle<typeof agreementLifecycle>(handle.workflowId).result();

        // Assert
        expect(result).toMatchObject({ status: 'closed', attestation: 'received' });
        const closed = agreementEntity.stateOf((await AgreementModel.findById(id).lean())!);
        expect(closed).toMatchObject({
          status: 'closed',
          attestation: { status: 'received' },
          version: result.version,
        });
        expect(await AgreementRowModel.findById(id).lean()).toMatchObject({
          status: 'closed',
          attestation: 'received',
        });
        expect(await DeletionAttestationModel.countDocuments({ agreementId: id })).toBe(1);
        expect(await actionsOf(id)).toEqual([
          'agreement.drafted',
          'agreement.submitted',
          'agreement.stage_approved',
          'agreement.approved',
          'agreement.provision_recorded',
          'agreement.activated',
          'agreement.expiring',
          'agreement.expired',
          'agreement.attestation_received',
          'agreement.closed',
        ]);
        const { summary: other } = await settled(untouched.handle, () => true);
        expect(other).toMatchObject({ status: 'draft', version: untouched.state.version });
        await recordHistory(handle, 'agreement-lifecycle-approved-active-expired');
      });
    });

    it.each(DSO_BRANCHES)('adds the DSO’s stage for %s, and provisions it on the DSO’s approval', async (_, branch) => {
      // Arrange
      const partner = await aPartner(branch.partner);
      const assetId = await anAssetInStore(branch.asset);
      const request = await aRequest(partner.id, assetId, branch.request?.(assetId));
      const records = Object.fromEntries(
        await Promise.all((branch.records ?? []).map(async (r) => [r, await onFile(`${r}-1`)] as const)),
      );

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request, { records });

        // Act
        const submitted = await send(handle, submitUpdate, { actor: users.requesterA });
        const decided = await approveEveryStage(handle);

        // Assert
        const { state, row } = await settled(handle, (s) => s.status === 'active');
        const route = submitted.route!;
        expect(route.stages.map((s) => s.stage)).toEqual(branch.stages);
        expect(codesOf(route.stages.find((s) => s.stage === 'dso')!.reasons)).toContain(branch.reason);
        expect(route.regulatorReview).toBeNull();
        expect(decided.decisions.map((d) => [d.stage, d.by])).toEqual(
          branch.stages.map((stage) => [stage, APPROVERS[stage].sub]),
        );
        expect(state).toMatchObject({ status: 'active', access: { granted: true, grants: 1 } });
        expect(state.provision?.reportable).toBe(branch.reportable);
        expect(Boolean(state.provision?.filing)).toBe(branch.reportable);
        expect(await RegulatorFilingModel.countDocuments({ agreementId: id })).toBe(branch.reportable ? 1 : 0);
        expect(row).toMatchObject({ status: 'active', effectiveGrade: branch.asset?.grade ?? 'general' });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
      });
    });

    it('adds the DSO’s stage for important data, files the sharing with the regulator before access, then records the regulator’s confirmation', async () => {
      // Arrange
      const partner = await aPartner();
      const assetId = await anAssetInStore({ grade: 'important', name: '传输路由' });
      const request = await aRequest(partner.id, assetId, { controls: R7 });

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request, {
          records: { risk_assessment: await onFile('风险评估-1') },
        });
        const submitted = await send(handle, submitUpdate, { actor: users.requesterA });
        const decided = await approveEveryStage(handle);
        const { state: active, row: activeRow } = await settled(handle, (s) => s.status === 'active');
        const filing = active.provision!.filing!;

        // Act
        const confirmedAt = (await serverNow()).toISOString();
        await send(handle, confirmFilingUpdate, {
          regulatorReference: '备案-2026-0001',
          confirmedAt,
          actor: users.dso,
        });
        const again = await refusalOf(send(handle, confirmFilingUpdate, { confirmedAt, actor: users.dso }));

        // Assert
        expect(submitted.route?.stages.map((s) => s.stage)).toEqual(['unit_head', 'security_review', 'dso']);
        expect(codesOf(submitted.route!.stages[2]!.reasons)).toContain('sharing.important_data');
        expect(submitted.route?.checklist.map((c) => c.record)).toEqual(['risk_assessment']);
        expect(decided.decisions.map((d) => [d.stage, d.by])).toEqual([
          ['unit_head', users.unitHeadA.sub],
          ['security_review', users.reviewer.sub],
          ['dso', users.dso.sub],
        ]);
        expect(activeRow).toMatchObject({ status: 'active', effectiveGrade: 'important' });
        expect(active.provision).toMatchObject({
          reportable: true,
          reasons: [expect.objectContaining({ code: 'sharing.important_data' })],
        });
        expect(filing).toMatchObject({
          key: `filing:${id}:v${filing.key.split(':v')[1]}`,
          reference: expect.any(String),
        });
        expect(filing.confirmedAt).toBeUndefined();
        const stored = await RegulatorFilingModel.findById(filing.key).lean();
        expect(stored).toMatchObject({ agreementId: id, reference: filing.reference });
        expect(stored?.document?.['zh-CN']).toContain(partner.legalName);
        expect(await FilingOutboxModel.countDocuments({ _id: filing.key })).toBe(1);
        expect(await CatalogRefilingTaskModel.countDocuments({ agreementId: id, change: 'sharing_started' })).toBe(1);
        const actions = await actionsOf(id);
        expect(actions.indexOf('agreement.filing_submitted')).toBeLessThan(actions.indexOf('agreement.activated'));
        const { state, row } = await settled(handle, () => true);
        expect(state.provision?.filing).toMatchObject({ confirmedAt, regulatorReference: '备案-2026-0001' });
        expect(row).toMatchObject({ status: 'active' });
        expect(await RegulatorFilingModel.findById(filing.key).lean()).toMatchObject({
          status: 'confirmed',
          confirmation: { regulatorReference: '备案-2026-0001', recordedBy: users.dso.sub },
        });
        expect(again.code).toBe('agreement.not_running');
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });
      });
    });

    it('holds core data in awaiting_regulator after the internal stages, following up with the DSO, until the DSO records the regulator’s approval', async () => {
      // Arrange
      const partner = await aPartner({ clearance: 'core' });
      const assetId = await anAssetInStore({ grade: 'core', name: '骨干网拓扑' });
      const request = await aRequest(partner.id, assetId, { controls: [...R7, 'watermark'] });

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request, {
          records: { risk_assessment: await onFile('风险评估-核心-1') },
        });
        const submitted = await send(handle, submitUpdate, { actor: users.requesterA });

        // Act: every internal stage approves.
        await approveEveryStage(handle);
        const waiting = await settled(handle, (s) => s.status === 'awaiting_regulator');
        const ledgerWhileWaiting = await ledgerOf(id);
        const stageNow = await refusalOf(send(handle, decideStageUpdate, await decision(users.dso, 'dso')));
        const notDso = await refusalOf(
          send(handle, recordRegulatorDecisionUpdate, { outcome: 'approve', reference: 'X', actor: users.reviewer }),
        );
        const followUpAt = ms(waiting.state.review!.dueAt);
        await skipTo(followUpAt + HOUR);
        const followedUp = await settled(handle, (s) => s.version > waiting.state.version);
        await send(handle, recordRegulatorDecisionUpdate, {
          outcome: 'approve',
          reference: '工信数安〔2026〕12号',
          reason: '主管部门同意',
          actor: users.dso,
        });

        // Assert
        expect(submitted.route?.stages.map((s) => s.stage)).toEqual(['unit_head', 'security_review', 'dso']);
        expect(submitted.route?.regulatorReview).toMatchObject({ rules: ['R12'] });
        expect(waiting.summary).toMatchObject({ status: 'awaiting_regulator', stage: 'regulator', granted: false });
        expect(waiting.row).toMatchObject({
          status: 'awaiting_regulator',
          awaiting: 'role:dso',
          effectiveGrade: 'core',
        });
        expect(ledgerWhileWaiting).toMatchObject({ grants: 0, granted: false });
        expect(stageNow.code).toBe('agreement.not_in_review');
        expect(notDso.code).toBe('agreement.stage_role_required');
        expect(followedUp.state).toMatchObject({ status: 'awaiting_regulator', review: { escalations: 1 } });
        expect(ms(followedUp.state.review!.dueAt)).toBeGreaterThan(followUpAt + 7 * DAY);
        expect(await notified(id, 'role:dso', 'agreement.regulator_follow_up')).toHaveLength(1);
        const { state, row } = await settled(handle, (s) => s.status === 'active');
        expect(state.decisions.map((d) => [d.stage, d.outcome])).toEqual([
          ['unit_head', 'approve'],
          ['security_review', 'approve'],
          ['dso', 'approve'],
          ['regulator', 'approve'],
        ]);
        expect(state.decisions[3]).toMatchObject({ by: users.dso.sub, reference: '工信数安〔2026〕12号' });
        expect(state).toMatchObject({
          access: { granted: true, grants: 1 },
          provision: { reportable: true, filing: { submittedAt: expect.any(String) } },
        });
        expect(row).toMatchObject({ status: 'active', effectiveGrade: 'core' });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });
        expect(await CatalogRefilingTaskModel.countDocuments({ agreementId: id, change: 'sharing_started' })).toBe(1);
        expect(await actionsOf(id)).toContain('agreement.regulator_approved');
        await recordHistory(handle, 'agreement-lifecycle-core-awaiting-regulator');
      });
    });
  });

  describe('decisions', () => {
    it('ends a request a unit head rejects, with a reason: nothing is provisioned', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        const inReview = await send(handle, submitUpdate, { actor: users.requesterA });

        // Act
        const noReason = await refusalOf(
          send(handle, decideStageUpdate, await decision(users.unitHeadA, 'unit_head', 'reject')),
        );
        const unchanged = await settled(handle, () => true);
        await send(
          handle,
          decideStageUpdate,
          await decision(users.unitHeadA, 'unit_head', 'reject', '与部门数据策略不符'),
        );
        const result = await plainClient.workflow.getHandle<typeof agreementLifecycle>(handle.workflowId).result();

        // Assert
        expect(noReason.code).toBe('agreement.reason_required');
        expect(unchanged.state).toMatchObject({ status: 'in_review', version: inReview.version, decisions: [] });
        expect(result).toMatchObject({ status: 'rejected', granted: false });
        const stored = agreementEntity.stateOf((await AgreementModel.findById(id).lean())!);
        expect(stored).toMatchObject({
          status: 'rejected',
          version: result.version,
          ending: { trigger: 'rejected', by: users.unitHeadA.sub, reason: '与部门数据策略不符' },
          decisions: [expect.objectContaining({ stage: 'unit_head', outcome: 'reject', reason: '与部门数据策略不符' })],
        });
        expect(await AgreementRowModel.findById(id).lean()).toMatchObject({
          status: 'rejected',
          version: result.version,
        });
        expect(await notified(id, users.requesterA.sub, 'agreement.rejected')).toHaveLength(1);
        expect(await ledgerOf(id)).toMatchObject({ grants: 0, revokes: 0 });
        expect(await ProvisionReportModel.countDocuments({ agreementId: id })).toBe(0);
      });
    });

    it('returns a request for changes; the requester edits and resubmits it with personal information, routed again with the legal stage, and provisioned on legal’s approval', async () => {
      // Arrange: the asset also holds subscribers' numbers (personal information).
      const partner = await aPartner();
      const assetId = await anAssetInStore({ fields: [{ name: 'region' }, { name: 'bytes' }, PI_FIELD] });
      const request = await aRequest(partner.id, assetId);

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        const first = await send(handle, submitUpdate, { actor: users.requesterA });
        await decide(handle, users.unitHeadA, 'unit_head');

        // Act: the reviewer returns it; the requester adds the numbers, with their PIPIA, and submits again.
        const noReason = await refusalOf(
          send(handle, decideStageUpdate, await decision(users.reviewer, 'security_review', 'return')),
        );
        await send(
          handle,
          decideStageUpdate,
          await decision(users.reviewer, 'security_review', 'return', '分析需要用户号码，请按个人信息提交'),
        );
        const returned = await settled(handle, (s) => s.status === 'returned');
        const edited = await send(handle, editUpdate, {
          request: { ...request, ...PERSONAL_INFORMATION(assetId) } as AgreementRequestBody,
          records: { pipia: await onFile('PIPIA-2') },
          actor: users.requesterA,
        });
        const resubmitted = await send(handle, submitUpdate, { actor: users.requesterA });
        await decide(handle, users.unitHeadA, 'unit_head');
        await decide(handle, users.reviewer, 'security_review');
        const atLegal = await settled(handle, (s) => s.stage === 'legal');
        await decide(handle, users.legal, 'legal');

        // Assert
        expect(noReason.code).toBe('agreement.reason_required');
        expect(first.route?.stages.map((s) => s.stage)).toEqual(['unit_head', 'security_review']);
        expect(returned.summary).toMatchObject({ status: 'returned', granted: false });
        expect(returned.summary.stage).toBeUndefined();
        expect(returned.row).toMatchObject({ status: 'returned' });
        expect(await notified(id, users.requesterA.sub, 'agreement.returned')).toHaveLength(1);
        expect(edited).toMatchObject({ status: 'returned', personalInfo: true });
        expect(resubmitted.review).toMatchObject({ kind: 'request', round: 2, current: 'unit_head' });
        expect(resubmitted.route?.stages.map((s) => [s.stage, codesOf(s.reasons)])).toEqual([
          ['unit_head', ['sharing.every_request']],
          ['security_review', ['sharing.every_request']],
          ['legal', ['sharing.personal_information']],
        ]);
        expect(resubmitted.route?.checklist.map((c) => c.record)).toEqual(['pipia']);
        expect(atLegal.row).toMatchObject({ status: 'in_review', awaiting: 'role:legal', personalInfo: true });
        const { state, row } = await settled(handle, (s) => s.status === 'active');
        expect(state.decisions.map((d) => [d.round, d.stage, d.outcome])).toEqual([
          [1, 'unit_head', 'approve'],
          [1, 'security_review', 'return'],
          [2, 'unit_head', 'approve'],
          [2, 'security_review', 'approve'],
          [2, 'legal', 'approve'],
        ]);
        expect(state.approved?.assets).toEqual([{ assetId, fields: ['region', 'msisdn'] }]);
        expect(state).toMatchObject({ access: { granted: true, grants: 1 }, provision: { reportable: false } });
        expect(row).toMatchObject({ status: 'active', personalInfo: true });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });
        expect(await actionsOf(id)).toEqual(
          expect.arrayContaining(['agreement.returned', 'agreement.edited', 'agreement.submitted']),
        );
        await recordHistory(handle, 'agreement-lifecycle-returned-resubmitted');
      });
    });

    it('refuses the last approval while a pre-approval record is missing, listing it; the request stays at its stage', async () => {
      // Arrange: personal information, and no PIPIA on file.
      const partner = await aPartner();
      const assetId = await anAssetInStore({ fields: [{ name: 'region' }, { name: 'bytes' }, PI_FIELD] });
      const request = await aRequest(partner.id, assetId, PERSONAL_INFORMATION(assetId));

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        await send(handle, submitUpdate, { actor: users.requesterA });
        await decide(handle, users.unitHeadA, 'unit_head');
        await decide(handle, users.reviewer, 'security_review');
        const { state: atLegal } = await settled(handle, (s) => s.stage === 'legal');

        // Act
        const refusal = await refusalOf(send(handle, decideStageUpdate, await decision(users.legal, 'legal')));

        // Assert
        expect(refusal.code).toBe('agreement.not_approvable');
        expect(refusal.reasons).toEqual([
          expect.objectContaining({ code: 'agreement.record_missing', params: { record: 'pipia' } }),
        ]);
        const { state, row } = await settled(handle, () => true);
        expect(state).toMatchObject({ status: 'in_review', version: atLegal.version, review: { current: 'legal' } });
        expect(state.decisions).toHaveLength(2);
        expect(row).toMatchObject({ status: 'in_review', version: atLegal.version, awaiting: 'role:legal' });
        expect(await ledgerOf(id)).toMatchObject({ grants: 0 });
      });
    });
  });

  describe('deadlines', () => {
    it('reminds a stage’s approver, then at its working-day deadline escalates to the DSO with a new deadline', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());
      const reminders = (id: string) => notificationsTo(id, 'role:unit_head', 'agreement.stage_reminder');
      const escalations = (id: string) => notificationsTo(id, 'role:dso', 'agreement.stage_overdue');

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        const submitted = await send(handle, submitUpdate, { actor: users.requesterA });
        const review = submitted.review!;
        const remindAt = ms(review.remindAt);
        const dueAt = ms(review.dueAt);

        // Act and Assert, deadline by deadline
        const expected = stageDeadlinesFor({
          stage: 'unit_head',
          openedAt: new Date(review.openedAt),
          params: DEFAULT_PARAMETERS,
          calendar: CHINA_HOLIDAYS,
        });
        expect([remindAt, dueAt]).toEqual([expected.remindAt.getTime(), expected.dueAt.getTime()]);
        expect(dueAt - ms(review.openedAt)).toBeGreaterThanOrEqual(5 * DAY);
        await skipTo(remindAt - HOUR);
        expect(await reminders(id)).toHaveLength(0);
        await skipTo(remindAt + HOUR);
        await eventually(
          () => reminders(id),
          (r) => r.length === 1,
        );
        await skipTo(dueAt - HOUR);
        expect(await escalations(id)).toHaveLength(0);
        await skipTo(dueAt + HOUR);
        const { state: escalated, row } = await settled(handle, (s) => s.version > submitted.version);
        await decide(handle, users.unitHeadA, 'unit_head');

        expect(escalated).toMatchObject({ status: 'in_review', review: { current: 'unit_head', escalations: 1 } });
        const redue = stageDeadlinesFor({
          stage: 'unit_head',
          openedAt: new Date(escalated.updatedAt),
          params: DEFAULT_PARAMETERS,
          calendar: CHINA_HOLIDAYS,
        });
        expect(ms(escalated.review!.dueAt)).toBe(redue.dueAt.getTime());
        expect(ms(escalated.review!.dueAt)).toBeGreaterThan(dueAt + 4 * DAY);
        expect(row).toMatchObject({ awaiting: 'unit_head:unit-a', dueAt: new Date(escalated.review!.dueAt) });
        expect(await notified(id, 'role:dso', 'agreement.stage_overdue')).toEqual([
          expect.objectContaining({
            notificationKey: `agreement:${id}:v${escalated.version}:stage_overdue_unit_head_1:role:dso`,
            params: expect.objectContaining({ agreementId: id, stage: 'unit_head' }),
          }),
        ]);
        expect(await actionsOf(id)).toContain('agreement.stage_overdue');
        const { summary } = await settled(handle, (s) => s.stage === 'security_review');
        expect(summary).toMatchObject({ status: 'in_review', awaiting: 'role:security_reviewer' });
        expect(await reminders(id)).toHaveLength(1);
      });
    });
  });

  describe('provisioning', () => {
    it('grants once when the access system fails after granting and the grant is retried; its requester’s early end revokes it once', async () => {
      // Arrange: the first grant reaches the ledger, then the call fails (a timeout the worker sees).
      const ledger = ledgerAccessConnector({ ledger: AccessLedgerModel });
      let grantCalls = 0;
      const flaky: AccessConnector = {
        name: 'flaky-ledger',
        async grant(request) {
          grantCalls += 1;
          const receipt = await ledger.grant(request);
          if (grantCalls === 1) throw new Error(`the access system timed out after granting ${EXPECTED_FAILURE}`);
          return receipt;
        },
        revoke: (request) => ledger.revoke(request),
      };
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      await withWorker(
        async (taskQueue) => {
          // Act
          const { handle, id, state } = await anActiveAgreement(taskQueue, partner, request);
          const grantsWhileActive = await AccessLedgerModel.countDocuments({ agreementId: id, action: 'grant' });
          const answer = await send(handle, endEarlyUpdate, { reason: '项目提前结束', actor: users.requesterA });

          // Assert
          expect(grantCalls).toBe(2);
          expect(state.access).toMatchObject({ granted: true, grants: 1 });
          expect(grantsWhileActive).toBe(1);
          expect(answer).toMatchObject({
            status: 'revoked',
            ending: { trigger: 'early_end', by: users.requesterA.sub, reason: '项目提前结束' },
          });
          const { state: ended, row } = await settled(handle, (s) => s.status === 'revoked');
          expect(ended).toMatchObject({
            access: { granted: false, grants: 1, revokes: 1 },
            attestation: { status: 'awaiting' },
          });
          expect(row).toMatchObject({ status: 'revoked', attestation: 'awaiting' });
          expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
          expect(await notified(id, `partner:${partner.id}`, 'agreement.attestation_requested')).toHaveLength(1);
        },
        { access: flaky },
      );
    });
  });

  describe('supervision', () => {
    it("refuses a period's second report sent while the first is still being recorded (busy): one report, its volume counted once", async () => {
      // Arrange: an active agreement whose report recording waits, as on a worker killed in the middle.
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      await withWorker(async (taskQueue) => {
        const { handle, id, state: active } = await anActiveAgreement(taskQueue, partner, request);
        const period = active.usage.periods[0]!;
        const recording = hold('recordUsageReport');
        const first = send(handle, submitUsageReportUpdate, aUsageReport(partner, request, period.start));
        await recording.entered;

        // Act: the partner, whose first answer was lost, sends the report again; then the recording goes on.
        const again = await handle.startUpdate(submitUsageReportUpdate, {
          args: [aUsageReport(partner, request, period.start)],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        recording.release();

        // Assert
        expect(await first).toMatchObject({ usage: { received: { records: 1000 } } });
        expect(await refusalOf(again.result())).toMatchObject({ code: 'entity.busy' });
        const { state } = await settled(handle, (s) => s.status === 'active');
        expect(state.usage.received.records).toBe(1000);
        expect(state.usage.periods.filter((p) => p.reportedAt)).toHaveLength(1);
        expect(await UsageReportModel.countDocuments({ agreementId: id })).toBe(1);
        expect(await AuditEventModel.countDocuments({ 'subject.id': id, action: 'agreement.usage_reported' })).toBe(1);
      });
    });

    it('reminds the partner of a usage report, marks it overdue, suspends after the grace, and resumes once it arrives', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());
      const recipient = `partner:${partner.id}`;

      await withWorker(async (taskQueue) => {
        const bystander = await aBystander(taskQueue, { kind: 'draft' });
        const { handle, id, state: active } = await anActiveAgreement(taskQueue, partner, request);
        const period = active.usage.periods[0]!;
        const due = (template: string, to = recipient) => notificationsTo(id, to, template);
        const sent = (template: string, to = recipient) => notified(id, to, template);

        // Act and Assert, deadline by deadline
        expect(ms(period.remindAt)).toBeLessThan(ms(period.dueAt));
        expect(ms(period.dueAt)).toBeLessThan(ms(period.suspendAt));
        await skipTo(ms(period.remindAt) - HOUR);
        expect(await due('agreement.usage_report_due')).toHaveLength(0);
        await skipTo(ms(period.remindAt) + HOUR);
        const reminded = await settled(handle, (s) => s.awaiting === recipient);
        expect(await sent('agreement.usage_report_due')).toHaveLength(1);
        await skipTo(ms(period.dueAt) + HOUR);
        const overdue = await settled(handle, (s) => s.version > reminded.state.version);
        expect(overdue.state.usage.periods[0]).toMatchObject({ reminded: true, overdue: true });
        expect(overdue.summary).toMatchObject({ status: 'active', granted: true });
        expect(await sent('agreement.usage_report_overdue')).toHaveLength(1);
        expect(await sent('agreement.usage_report_overdue', 'role:security_reviewer')).toHaveLength(1);
        await skipTo(ms(period.suspendAt) - HOUR);
        expect(await handle.query(statusQuery)).toMatchObject({ status: 'active', granted: true });
        await skipTo(ms(period.suspendAt) + HOUR);
        const suspended = await settled(handle, (s) => s.status === 'suspended');
        expect(suspended.state).toMatchObject({
          suspension: { cause: 'usage_report_overdue' },
          access: { granted: false, grants: 1, revokes: 1 },
        });
        expect(suspended.row).toMatchObject({ status: 'suspended', awaiting: 'role:security_reviewer' });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
        expect(await sent('agreement.suspended')).toHaveLength(1);

        // Act: the report arrives; a reviewer resumes the sharing.
        const tooEarly = await refusalOf(send(handle, resumeUpdate, { reason: '已补交', actor: users.requesterA }));
        const reported = await send(handle, submitUsageReportUpdate, aUsageReport(partner, request, period.start));
        await send(handle, resumeUpdate, { reason: '使用报告已补交', actor: users.reviewer });

        // Assert
        expect(tooEarly.code).toBe('auth.forbidden');
        expect(reported).toMatchObject({ status: 'suspended', usage: { received: { records: 1000 } } });
        expect(reported.usage.periods[0]).toMatchObject({ reportedBy: aPartnerUser(partner.id).sub });
        expect(await UsageReportModel.countDocuments({ agreementId: id })).toBe(1);
        const { state, row } = await settled(handle, (s) => s.status === 'active');
        expect(state).toMatchObject({ access: { granted: true, grants: 2, revokes: 1 }, violations: [] });
        expect(state.suspension).toBeUndefined();
        expect(row).toMatchObject({ status: 'active' });
        expect(row.awaiting).toBeUndefined();
        expect(await ledgerOf(id)).toMatchObject({ grants: 2, effectiveRevokes: 1, granted: true });
        expect(await notified(id, recipient, 'agreement.resumed')).toHaveLength(1);
        await bystander.unchanged();
        await recordHistory(handle, 'agreement-lifecycle-suspended-resumed');
      });
    });

    it.each([
      [
        'suspends the agreement (every violation suspends by default)',
        DEFAULT_PARAMETERS,
        { records: 250_000, fieldsUsed: 'beyond', controlsAttested: ['access_control'] },
        ['usage.records_beyond_approval', 'usage.field_not_approved', 'usage.control_not_attested'],
        'suspended',
      ],
      [
        'keeps it running when the rule does not suspend for that violation',
        parametersFrom({ suspendingUsageViolations: ['usage.control_not_attested'] }),
        { records: 250_000 },
        ['usage.records_beyond_approval'],
        'active',
      ],
    ] as const)(
      'records a usage report beyond the approval as a violation, notifies the security reviewer, and %s',
      async (_, parameters, beyond, codes, status) => {
        // Arrange: the asset has a field the agreement does not share.
        const partner = await aPartner();
        const assetId = await anAssetInStore({ fields: [{ name: 'region' }, { name: 'bytes' }, { name: 'hour' }] });
        const request = await aRequest(partner.id, assetId);

        await withWorker(
          async (taskQueue) => {
            const {
              handle,
              id,
              state: active,
            } = await anActiveAgreement(taskQueue, partner, request, {
              params: parameters,
            });
            const period = active.usage.periods[0]!;
            const report = aUsageReport(partner, request, period.start, {
              records: beyond.records,
              ...('fieldsUsed' in beyond ? { fieldsUsed: [{ assetId, fields: ['region', 'hour'] }] } : {}),
              ...('controlsAttested' in beyond ? { controlsAttested: [...beyond.controlsAttested] } : {}),
            });

            // Act
            await send(handle, submitUsageReportUpdate, report);

            // Assert
            const { state, row } = await settled(handle, (s) => s.status === status);
            expect(state.violations.map((v) => [v.code, v.suspends, v.period])).toEqual(
              codes.map((code) => [code, status === 'suspended', period.start]),
            );
            expect(state.violations[0]).toMatchObject({ params: { received: 250_000, approved: 100_000 } });
            expect(row).toMatchObject({ status });
            expect(await UsageReportModel.findOne({ agreementId: id }).lean()).toMatchObject({
              violations: codes.map((code) => expect.objectContaining({ code })),
            });
            expect(await notified(id, 'role:security_reviewer', 'agreement.usage_violation')).toEqual([
              expect.objectContaining({ params: expect.objectContaining({ violations: codes.join(',') }) }),
            ]);
            if (status === 'suspended') {
              expect(state).toMatchObject({ suspension: { cause: 'usage_violation' }, access: { granted: false } });
              expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
            } else {
              expect(state.suspension).toBeUndefined();
              expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
            }
          },
          { parameters },
        );
      },
    );

    it('suspends when the unit head does not recertify the sharing by the grace, and resumes after the recertification', async () => {
      // Arrange: a monthly recertification and a yearly usage report, for a sharing from next 1 January.
      const parameters = parametersFrom({
        recertificationMonths: 1,
        recertificationReminderDays: 7,
        usageReportCadence: 'yearly',
      });
      const partner = await aPartner();
      const nextYear = Number(shanghaiDate(0, await serverNow()).slice(0, 4)) + 1;
      const request = await aRequest(partner.id, await anAssetInStore(), {
        startDate: `${nextYear}-01-01`,
        endDate: `${nextYear}-12-31`,
      });

      await withWorker(
        async (taskQueue) => {
          const { handle, id } = await aDraft(taskQueue, partner, request, { params: parameters });
          await send(handle, submitUpdate, { actor: users.requesterA });
          const approved = await approveEveryStage(handle);
          const waiting = await settled(handle, (s) => s.status === 'approved');
          const ledgerBeforeStart = await ledgerOf(id);

          // Act: the start date comes; then the recertification's reminder, due date and grace pass.
          await skipTo(ms(waiting.state.startsAt) + HOUR);
          const { state: active } = await settled(handle, (s) => s.status === 'active');
          const recert = active.recertification!;
          await skipTo(ms(recert.remindAt) + HOUR);
          const reminded = await settled(handle, (s) => s.awaiting === 'unit_head:unit-a');
          await skipTo(ms(recert.dueAt) + HOUR);
          expect(await handle.query(statusQuery)).toMatchObject({ status: 'active', granted: true });
          await skipTo(ms(recert.suspendAt) + HOUR);
          const suspended = await settled(handle, (s) => s.status === 'suspended');
          await send(handle, recertifyUpdate, { actor: users.unitHeadA });
          const recertified = await settled(handle, (s) => s.version > suspended.state.version);
          await send(handle, resumeUpdate, { reason: '部门负责人已确认仍需共享', actor: users.reviewer });

          // Assert
          expect(approved.status).toBe('approved');
          expect(ledgerBeforeStart).toMatchObject({ grants: 0 });
          expect(waiting.row).toMatchObject({ status: 'approved' });
          expect(ms(active.recertification?.dueAt)).toBeGreaterThan(ms(active.startsAt) + 27 * DAY);
          expect(await notified(id, 'role:unit_head', 'agreement.recertification_due')).toHaveLength(1);
          expect(reminded.row).toMatchObject({ status: 'active', awaiting: 'unit_head:unit-a' });
          expect(suspended.state).toMatchObject({
            suspension: { cause: 'recertification_missed' },
            access: { granted: false, grants: 1, revokes: 1 },
          });
          expect(suspended.row).toMatchObject({ status: 'suspended' });
          expect(recertified.state).toMatchObject({
            status: 'suspended',
            recertification: { confirmedAt: expect.any(String) },
          });
          const { state, row } = await settled(handle, (s) => s.status === 'active');
          expect(state.access).toMatchObject({ granted: true, grants: 2, revokes: 1 });
          expect(ms(state.recertification?.dueAt)).toBeGreaterThan(ms(recert.suspendAt) + 27 * DAY);
          expect(row).toMatchObject({ status: 'active' });
          expect(await ledgerOf(id)).toMatchObject({ grants: 2, effectiveRevokes: 1, granted: true });
        },
        { parameters },
      );
    });
    it('keeps a sharing suspended before its start date from flowing early: resumed, it waits for the start date to grant', async () => {
      // Arrange: approved for next 1 January; meanwhile its partner lapses (nothing flows yet).
      const partner = await aPartner();
      const nextYear = Number(shanghaiDate(0, await serverNow()).slice(0, 4)) + 1;
      const request = await aRequest(partner.id, await anAssetInStore(), {
        startDate: `${nextYear}-01-01`,
        endDate: `${nextYear}-12-31`,
      });

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        await send(handle, submitUpdate, { actor: users.requesterA });
        await approveEveryStage(handle);
        const { state: approved } = await settled(handle, (s) => s.status === 'approved');
        const lapsed = await partnerBecomes(partner, { status: 'lapsed' }, 'partner.lapsed');
        await handle.signal(partnerLapsedSignal, aPartnerFact(partner, 'lapsed', '合作方资质到期未复审'));
        const suspended = await settled(handle, (s) => s.status === 'suspended');

        // Act: the partner is approved again and a reviewer resumes the sharing, before its start date.
        await partnerBecomes(lapsed, { status: 'approved', round: lapsed.round + 1 }, 'partner.approved');
        await send(handle, resumeUpdate, { reason: '合作方已重新通过审核', actor: users.reviewer });
        const resumed = await settled(handle, (s) => s.version > suspended.state.version);
        const ledgerBeforeStart = await ledgerOf(id);
        await skipTo(ms(approved.startsAt) + HOUR);
        const { state: active, row } = await settled(handle, (s) => s.status === 'active');
        await recordHistory(handle, 'agreement-lifecycle-resumed-before-start');

        // Assert: no grant and no revoke before the start date; one grant at it, with its usage periods.
        expect(suspended.state).toMatchObject({
          suspension: { cause: 'partner_lapsed' },
          access: { granted: false, grants: 0, revokes: 0 },
        });
        expect(resumed.state).toMatchObject({ status: 'approved', access: { granted: false, grants: 0 } });
        expect(resumed.state.suspension).toBeUndefined();
        expect(ledgerBeforeStart).toMatchObject({ grants: 0, revokes: 0, granted: false });
        expect(active).toMatchObject({ access: { granted: true, grants: 1, revokes: 0 } });
        expect(ms(active.access.grantedAt)).toBeGreaterThanOrEqual(ms(approved.startsAt));
        expect(active.usage.periods.length).toBeGreaterThan(0);
        expect(row).toMatchObject({ status: 'active' });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
      });
    });
  });

  describe('amendments, one running agreement amended in turn', () => {
    const fixture = sharedAgreements();
    /** Shares `region` and `bytes` of an asset that also holds `hour` and subscribers' numbers; an important asset waits. */
    let agreement: { handle: AgreementHandle; id: string; partner: PartnerState; assetId: string; important: string };
    let request: AgreementRequestBody;
    /** The running agreement as the previous test left it. */
    let current: AgreementState;

    beforeAll(async () => {
      // With the consent basis, the controls (R7 and masking), the PIPIA and the risk assessment that
      // personal information and important data ask for, so that each amendment is approvable.
      const partner = await aPartner();
      const assetId = await anAssetInStore({
        fields: [{ name: 'region' }, { name: 'bytes' }, { name: 'hour' }, PI_FIELD],
      });
      const important = await anAssetInStore({ grade: 'important', name: '传输路由' });
      request = await aRequest(partner.id, assetId, {
        consentBasis: 'other_legal_basis',
        controls: [...R7, 'masking'],
      });
      const { handle, id, state } = await anActiveAgreement(fixture.taskQueue, partner, request, {
        records: { pipia: await onFile('PIPIA-3'), risk_assessment: await onFile('风险评估-2') },
      });
      fixture.keep();
      agreement = { handle, id, partner, assetId, important };
      current = state;
    });

    it('routes an amendment with more fields and a later end while the approved scope runs; approved, the new scope is granted', async () => {
      // Arrange
      const { handle, id, assetId } = agreement;
      const active = current;
      const proposed: AgreementRequestBody = {
        ...request,
        assets: [{ assetId, fields: ['region', 'bytes', 'hour'] }],
        endDate: shanghaiDate(90, new Date(`${request.endDate}T12:00:00+08:00`)),
      };

      // Act
      const narrower = await refusalOf(
        send(handle, amendUpdate, {
          request: { ...request, assets: [{ assetId, fields: ['region'] }] },
          actor: users.requesterA,
        }),
      );
      const amending = await send(handle, amendUpdate, { request: proposed, actor: users.requesterA });
      const inReview = await settled(handle, (s) => s.stage === 'unit_head');
      const ledgerInReview = await ledgerOf(id);
      await approveEveryStage(handle);

      // Assert
      expect(active).toMatchObject({ status: 'active', personalInfo: false, access: { grants: 1 } });
      expect(narrower.code).toBe('agreement.amendment_narrows');
      expect(amending).toMatchObject({
        status: 'active',
        approved: request,
        amendment: { proposed, by: users.requesterA.sub },
        review: { kind: 'amendment', round: 1, stages: ['unit_head', 'security_review'], current: 'unit_head' },
      });
      expect(inReview.summary).toMatchObject({ status: 'active', granted: true });
      expect(inReview.row).toMatchObject({ status: 'active', awaiting: 'unit_head:unit-a' });
      expect(ledgerInReview).toMatchObject({ grants: 1, granted: true });
      const { state, row } = await settled(handle, (s) => s.status === 'active' && s.stage === undefined);
      expect(state).toMatchObject({ approved: proposed, request: proposed, access: { granted: true, grants: 2 } });
      expect(state.amendment).toBeUndefined();
      expect(ms(state.endsAt)).toBeGreaterThan(ms(active.endsAt) + 89 * DAY);
      expect(state.provision?.key).not.toBe(active.provision?.key);
      expect(state.decisions.filter((d) => d.kind === 'amendment').map((d) => [d.stage, d.outcome])).toEqual([
        ['unit_head', 'approve'],
        ['security_review', 'approve'],
      ]);
      expect(row).toMatchObject({ status: 'active', endsAt: new Date(state.endsAt) });
      expect(row.awaiting).toBeUndefined();
      const grants = await AccessLedgerModel.find({ agreementId: id, action: 'grant' }).sort({ version: 1 }).lean();
      expect(grants.map((g) => (g.scope as { assets: { fields: string[] }[] }).assets[0]!.fields)).toEqual([
        ['region', 'bytes'],
        ['region', 'bytes', 'hour'],
      ]);
      expect(await ledgerOf(id)).toMatchObject({ grants: 2, revokes: 0, granted: true });
      expect(await actionsOf(id)).toEqual(
        expect.arrayContaining(['agreement.amendment_requested', 'agreement.amendment_approved']),
      );
      current = state;
    });

    it('routes a second amendment, adding personal information, to legal too (judged on what it adds), and grants it on legal’s approval', async () => {
      // Arrange
      const { handle, id, assetId } = agreement;
      const proposed: AgreementRequestBody = {
        ...current.approved!,
        assets: [{ assetId, fields: ['region', 'bytes', 'hour', 'msisdn'] }],
        volume: { records: 100000, people: 5000, personalInfoPeople: 5000, sensitivePersonalInfoPeople: 0 },
      };

      // Act
      const amending = await send(handle, amendUpdate, { request: proposed, actor: users.requesterA });
      await approveEveryStage(handle);

      // Assert
      expect(amending.review).toMatchObject({ round: 2, stages: ['unit_head', 'security_review', 'legal'] });
      const { state, row } = await settled(handle, (s) => s.status === 'active' && s.stage === undefined);
      expect(state).toMatchObject({ approved: proposed, personalInfo: true, access: { granted: true, grants: 3 } });
      expect(
        state.decisions.filter((d) => d.kind === 'amendment' && d.round === 2).map((d) => [d.stage, d.by]),
      ).toEqual([
        ['unit_head', users.unitHeadA.sub],
        ['security_review', users.reviewer.sub],
        ['legal', users.legal.sub],
      ]);
      expect(row).toMatchObject({ personalInfo: true });
      expect(await ledgerOf(id)).toMatchObject({ grants: 3, revokes: 0, granted: true });
      current = state;
    });

    it('judges the approvers of a third amendment, adding important data, on it: the DSO’s stage, and no approval without a commitment on file', async () => {
      // Arrange
      const { handle, id, important } = agreement;
      const proposed: AgreementRequestBody = {
        ...current.approved!,
        assets: [...current.approved!.assets, { assetId: important, fields: ['region', 'bytes'] }],
      };
      const amending = await send(handle, amendUpdate, { request: proposed, actor: users.requesterA });

      // Act
      const refusal = await refusalOf(
        send(handle, decideStageUpdate, await decision(headWithoutCommitment, 'unit_head')),
      );
      const { state: unchanged } = await settled(handle, () => true);
      await approveEveryStage(handle);

      // Assert
      expect(current).toMatchObject({ effectiveGrade: 'general', provision: { reportable: false } });
      expect(amending.review).toMatchObject({ round: 3, stages: ['unit_head', 'security_review', 'legal', 'dso'] });
      expect(refusal.code).toBe('agreement.commitment_missing');
      expect(unchanged).toMatchObject({
        version: amending.version,
        review: { kind: 'amendment', current: 'unit_head' },
      });
      const { state, row } = await settled(handle, (s) => s.status === 'active' && s.stage === undefined);
      expect(state).toMatchObject({
        effectiveGrade: 'important',
        approved: proposed,
        access: { granted: true, grants: 4 },
        provision: { reportable: true, filing: { reference: expect.any(String) } },
      });
      expect(row).toMatchObject({ effectiveGrade: 'important' });
      expect(await ledgerOf(id)).toMatchObject({ grants: 4, revokes: 0, granted: true });
    });
  });

  describe('ending and revocation', () => {
    const fixture = sharedAgreements();
    /** An active agreement of another partner, which no test of this block touches. */
    let bystander: Awaited<ReturnType<typeof aBystander>>;

    beforeAll(async () => {
      bystander = await aBystander(fixture.taskQueue);
      fixture.keep();
    });

    it('suspends when the partner lapses (access revoked once), will not resume while the partner is not approved, and revokes without a second revoke when the partner is then blacklisted', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());
      const { handle, id } = await anActiveAgreement(fixture.taskQueue, partner, request);

      // Act: the partner's workflow records the lapse and tells the agreement (twice: a retried send).
      const lapsed = await partnerBecomes(partner, { status: 'lapsed' }, 'partner.lapsed');
      const lapse = aPartnerFact(partner, 'lapsed', '合作方资质到期未复审');
      await handle.signal(partnerLapsedSignal, lapse);
      const suspended = await settled(handle, (s) => s.status === 'suspended');
      await handle.signal(partnerLapsedSignal, lapse);
      const resume = await refusalOf(send(handle, resumeUpdate, { reason: '恢复', actor: users.reviewer }));
      const { state: stillSuspended } = await settled(handle, () => true);

      // Assert
      expect(suspended.state).toMatchObject({
        suspension: { cause: 'partner_lapsed', reason: '合作方资质到期未复审' },
        access: { granted: false, grants: 1, revokes: 1 },
      });
      expect(suspended.row).toMatchObject({ status: 'suspended', awaiting: 'role:security_reviewer' });
      expect(resume.code).toBe('agreement.not_approvable');
      expect(codesOf(resume.reasons)).toEqual(['agreement.partner_not_approved']);
      expect(stillSuspended).toMatchObject({ status: 'suspended', version: suspended.state.version });
      expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
      expect(await notified(id, `partner:${partner.id}`, 'agreement.suspended')).toHaveLength(1);

      // Act: the lapsed partner is blacklisted.
      const blacklisted = await partnerBecomes(
        lapsed,
        {
          status: 'blacklisted',
          blacklisting: { by: users.dso.sub, at: (await serverNow()).toISOString(), reason: '资质到期后继续接收数据' },
        },
        'partner.blacklisted',
      );
      await handle.signal(partnerLapsedSignal, aPartnerFact(blacklisted, 'blacklisted', '资质到期后继续接收数据'));

      // Assert: ended, awaiting the attestation; access was already removed, and is not removed again.
      const { state, row } = await settled(handle, (s) => s.status === 'revoked');
      expect(state).toMatchObject({
        ending: { trigger: 'partner_blacklisted' },
        access: { granted: false, grants: 1, revokes: 1 },
        attestation: { status: 'awaiting' },
      });
      expect(state.suspension).toBeUndefined();
      expect(row).toMatchObject({ status: 'revoked', attestation: 'awaiting' });
      expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
      await bystander.unchanged();
    });

    it('revokes when the partner is blacklisted, and awaits its deletion attestation', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      const { handle, id } = await anActiveAgreement(fixture.taskQueue, partner, request);

      // Act
      const blacklisted = await partnerBecomes(
        partner,
        {
          status: 'blacklisted',
          blacklisting: { by: users.dso.sub, at: (await serverNow()).toISOString(), reason: '泄露客户数据' },
        },
        'partner.blacklisted',
      );
      await handle.signal(partnerLapsedSignal, aPartnerFact(blacklisted, 'blacklisted', '泄露客户数据'));

      // Assert
      const { state, row } = await settled(handle, (s) => s.status === 'revoked');
      expect(state).toMatchObject({
        ending: { trigger: 'partner_blacklisted', by: 'system:agreement-lifecycle', reason: '泄露客户数据' },
        access: { granted: false, grants: 1, revokes: 1 },
        attestation: { status: 'awaiting', overdue: false },
      });
      expect(row).toMatchObject({ status: 'revoked', attestation: 'awaiting', awaiting: `partner:${partner.id}` });
      expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
      expect(await notified(id, users.requesterA.sub, 'agreement.ended')).toHaveLength(1);
      expect(await notified(id, `partner:${partner.id}`, 'agreement.attestation_requested')).toHaveLength(1);
      const late = await refusalOf(send(handle, endEarlyUpdate, { reason: '结束', actor: users.requesterA }));
      expect(late.code).toBe('agreement.not_running');
      await bystander.unchanged();
      await recordHistory(handle, 'agreement-lifecycle-blacklisted-revoked');
    });

    it('revokes once when the partner is blacklisted and the DSO revokes at the same moment', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      const { handle, id } = await anActiveAgreement(fixture.taskQueue, partner, request);
      const blacklisted = await partnerBecomes(
        partner,
        {
          status: 'blacklisted',
          blacklisting: { by: users.dso.sub, at: (await serverNow()).toISOString(), reason: '违规转提供' },
        },
        'partner.blacklisted',
      );

      // Act: the signal (sent twice, as a retry would) and the DSO's revoke, none awaited before the others.
      const fact = aPartnerFact(blacklisted, 'blacklisted', '违规转提供');
      const triggers = await Promise.allSettled([
        handle.signal(partnerLapsedSignal, fact),
        send(handle, emergencyRevokeUpdate, { reason: '违规转提供', actor: users.dso }),
        handle.signal(partnerLapsedSignal, fact),
      ]);

      // Assert: whichever came first ended it; access was removed once.
      const { state, row } = await settled(handle, (s) => s.status === 'revoked');
      expect(['partner_blacklisted', 'emergency_revoke']).toContain(state.ending?.trigger);
      const revoke = triggers[1];
      if (revoke.status === 'rejected') {
        expect((await refusalOf(Promise.reject(revoke.reason))).code).toMatch(/^agreement\.not_running$/);
        expect(state.ending?.trigger).toBe('partner_blacklisted');
      }
      expect(state.access).toMatchObject({ granted: false, grants: 1, revokes: 1 });
      expect(row).toMatchObject({ status: 'revoked', attestation: 'awaiting' });
      expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
      const actions = await actionsOf(id);
      expect(actions.filter((a) => a === 'agreement.revoking')).toHaveLength(1);
      expect(actions.filter((a) => a === 'agreement.revoked')).toHaveLength(1);
      expect(await notified(id, users.requesterA.sub, 'agreement.ended')).toHaveLength(1);
    });

    it('leaves the other partner’s agreement as it was', async () => {
      await bystander.unchanged();
    });
  });

  describe('the deletion attestation', () => {
    it('revokes at once on the DSO’s emergency revoke (no one else may send it); when the deletion attestation is missed, notifies the DSO, marks it overdue and blocks new requests to the partner until the DSO waives it', async () => {
      // Arrange
      const partner = await aPartner();
      const assetId = await anAssetInStore();
      const request = await aRequest(partner.id, assetId);
      const toPartner = `partner:${partner.id}`;
      await withWorker(async (taskQueue) => {
        const { handle, id, state: active } = await anActiveAgreement(taskQueue, partner, request);

        // Act: a reviewer's revoke and one without a reason are refused; the DSO's revokes.
        const byReviewer = await refusalOf(
          send(handle, emergencyRevokeUpdate, { reason: '疑似泄露', actor: users.reviewer }),
        );
        const noReason = await refusalOf(send(handle, emergencyRevokeUpdate, { reason: ' ', actor: users.dso }));
        const { state: unchanged } = await settled(handle, () => true);
        const revoked = await send(handle, emergencyRevokeUpdate, { reason: '监测到异常批量下载', actor: users.dso });
        const attestation = revoked.attestation!;

        // Assert: only the DSO revokes, with a reason; access removed at once.
        expect(byReviewer.code).toBe('auth.forbidden');
        expect(noReason.code).toBe('agreement.reason_required');
        expect(unchanged).toMatchObject({ status: 'active', version: active.version });
        expect(revoked).toMatchObject({
          status: 'revoked',
          ending: { trigger: 'emergency_revoke', by: users.dso.sub, reason: '监测到异常批量下载' },
          access: { granted: false, grants: 1, revokes: 1 },
        });
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
        expect(await notified(id, users.requesterA.sub, 'agreement.ended')).toHaveLength(1);

        // Act and Assert, deadline by deadline
        expect(ms(attestation.remindAt)).toBeLessThan(ms(attestation.dueAt));
        await skipTo(ms(attestation.remindAt) - HOUR);
        expect(await notificationsTo(id, toPartner, 'agreement.attestation_reminder')).toHaveLength(0);
        await skipTo(ms(attestation.remindAt) + HOUR);
        await eventually(
          () => notificationsTo(id, toPartner, 'agreement.attestation_reminder'),
          (n) => n.length === 1,
        );
        await skipTo(ms(attestation.dueAt) - HOUR);
        expect(await handle.query(statusQuery)).toMatchObject({ status: 'revoked', awaiting: toPartner });
        await skipTo(ms(attestation.dueAt) + HOUR);
        const overdue = await settled(handle, (s) => s.awaiting === 'role:dso');
        expect(overdue.state).toMatchObject({ status: 'revoked', attestation: { status: 'awaiting', overdue: true } });
        expect(overdue.row).toMatchObject({ status: 'revoked', attestation: 'overdue', awaiting: 'role:dso' });
        expect(await notified(id, 'role:dso', 'agreement.attestation_overdue')).toHaveLength(1);

        // Act: a new request to the partner is refused; the DSO waives the attestation; it may be submitted.
        const next = await aDraft(taskQueue, partner, await aRequest(partner.id, assetId));
        const blocked = await refusalOf(send(next.handle, submitUpdate, { actor: users.requesterA }));
        const ownWaiver = await refusalOf(
          send(handle, waiveAttestationUpdate, { reason: '已线下确认', actor: users.requesterA }),
        );
        await send(handle, waiveAttestationUpdate, { reason: '合作方已书面说明并经现场核查', actor: users.dso });
        const result = await plainClient.workflow.getHandle<typeof agreementLifecycle>(handle.workflowId).result();
        const submitted = await send(next.handle, submitUpdate, { actor: users.requesterA });

        // Assert
        expect(blocked.code).toBe('agreement.not_approvable');
        expect(blocked.reasons).toEqual([
          expect.objectContaining({
            code: 'agreement.attestation_outstanding',
            params: expect.objectContaining({ agreementId: id }),
          }),
        ]);
        expect(ownWaiver.code).toBe('auth.own_request');
        expect(result).toMatchObject({ status: 'closed', attestation: 'waived' });
        expect(await AgreementRowModel.findById(id).lean()).toMatchObject({ status: 'closed', attestation: 'waived' });
        expect(submitted).toMatchObject({ status: 'in_review' });
        expect(await DeletionAttestationModel.countDocuments({ agreementId: id })).toBe(0);
        await recordHistory(handle, 'agreement-lifecycle-attestation-missed');
      });
    });
  });

  describe('the same step sent twice while the first is acted on', () => {
    /** How many times the agreement's audit trail records `action`. */
    const timesRecorded = async (id: string, action: AuditAction) =>
      (await actionsOf(id)).filter((a) => a === action).length;

    it('takes a unit head’s approval sent twice once and refuses the second as busy (the security review stays open), then a security reviewer’s likewise: approved and activated once', async () => {
      // Arrange
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      await withWorker(async (taskQueue) => {
        const { handle, id } = await aDraft(taskQueue, partner, request);
        await send(handle, submitUpdate, { actor: users.requesterA });

        // Act: the unit head's approval twice, the second while the first is being acted on.
        const unitHead = await decision(users.unitHeadA, 'unit_head');
        const headAnswers = await sentTwiceWhileActing(handle, decideStageUpdate, unitHead, 'loadAgreementContext');

        // Assert: one decision, one stage moved on, one audit event.
        expect(headAnswers[0]).toMatchObject({ status: 'in_review', review: { current: 'security_review' } });
        expect(headAnswers[1]).toBe('entity.busy');
        const atReviewer = await settled(handle, (s) => s.stage === 'security_review');
        const headActions = await actionsOf(id);
        expect(atReviewer.summary).toMatchObject({ status: 'in_review', stage: 'security_review' });
        expect(atReviewer.state.decisions.map((d) => [d.stage, d.by])).toEqual([['unit_head', users.unitHeadA.sub]]);
        expect(headActions.filter((a) => a === 'agreement.stage_approved')).toHaveLength(1);
        expect(headActions).not.toContain('agreement.approved');
        expect(await ledgerOf(id)).toMatchObject({ grants: 0, granted: false });

        // Act: the security reviewer's approval, the last stage, twice likewise.
        const reviewer = await decision(users.reviewer, 'security_review');
        const reviewAnswers = await sentTwiceWhileActing(handle, decideStageUpdate, reviewer, 'loadAgreementContext');

        // Assert
        expect(reviewAnswers[0]).toMatchObject({ status: 'active' });
        expect(reviewAnswers[1]).toBe('entity.busy');
        const { state, row } = await settled(handle, (s) => s.status === 'active');
        expect(state.decisions.map((d) => [d.stage, d.by])).toEqual([
          ['unit_head', users.unitHeadA.sub],
          ['security_review', users.reviewer.sub],
        ]);
        expect(row).toMatchObject({ status: 'active' });
        expect(await timesRecorded(id, 'agreement.stage_approved')).toBe(1);
        expect(await timesRecorded(id, 'agreement.approved')).toBe(1);
        expect(await timesRecorded(id, 'agreement.activated')).toBe(1);
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
        await recordHistory(handle, 'agreement-lifecycle-approvals-sent-twice');
      });
    });

    it('resumes a suspended sharing once when the resumption is sent twice: access granted again once', async () => {
      // Arrange: a running sharing an inspection finding suspended.
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());

      await withWorker(async (taskQueue) => {
        const { handle, id } = await anActiveAgreement(taskQueue, partner, request);
        await handle.signal(oversightSignal, {
          key: `finding:${id}:double-send`,
          step: 'finding',
          findingId: `finding-${id}`,
          ruleId: 'rule-1',
          severity: 'high',
          suspends: true,
          reason: '检查发现未落实加密',
          at: (await serverNow()).toISOString(),
        });
        await settled(handle, (s) => s.status === 'suspended');

        // Act
        const answers = await sentTwiceWhileActing(
          handle,
          resumeUpdate,
          { reason: '已整改', actor: users.reviewer },
          'loadAgreementContext',
        );
        const { state, row } = await settled(handle, (s) => s.status === 'active');

        // Assert
        expect(answers[0]).toMatchObject({ status: 'active' });
        expect(answers[1]).toBe('entity.busy');
        expect(row).toMatchObject({ status: 'active' });
        expect(state.access).toMatchObject({ granted: true, grants: 2, revokes: 1 });
        expect(await timesRecorded(id, 'agreement.suspended')).toBe(1);
        expect(await timesRecorded(id, 'agreement.resumed')).toBe(1);
        expect(await ledgerOf(id)).toMatchObject({ grants: 2, revokes: 1, granted: true });
      });
    });

    it('records a regulator filing’s confirmation sent twice once', async () => {
      // Arrange: important data, filed with the regulator before access.
      const partner = await aPartner();
      const assetId = await anAssetInStore({ grade: 'important', name: '传输路由' });
      const request = await aRequest(partner.id, assetId, { controls: R7 });

      await withWorker(async (taskQueue) => {
        const { handle, id } = await anActiveAgreement(taskQueue, partner, request, {
          records: { risk_assessment: await onFile('风险评估-双击') },
        });
        const confirmedAt = (await serverNow()).toISOString();

        // Act
        const answers = await sentTwiceWhileActing(
          handle,
          confirmFilingUpdate,
          { regulatorReference: '备案-2026-0002', confirmedAt, actor: users.dso },
          'recordFilingConfirmation',
        );
        const { state } = await settled(handle, (s) => s.status === 'active');

        // Assert
        expect(answers[0]).toMatchObject({ provision: { filing: { confirmedAt } } });
        expect(answers[1]).toBe('entity.busy');
        expect(state.provision?.filing).toMatchObject({ confirmedAt, regulatorReference: '备案-2026-0002' });
        expect(await timesRecorded(id, 'agreement.filing_confirmed')).toBe(1);
        expect(await RegulatorFilingModel.findById(state.provision!.filing!.key).lean()).toMatchObject({
          status: 'confirmed',
          confirmation: { regulatorReference: '备案-2026-0002', recordedBy: users.dso.sub },
        });
      });
    });

    it('routes an amendment sent twice once: one review, its first round', async () => {
      // Arrange
      const partner = await aPartner();
      const assetId = await anAssetInStore({ fields: [{ name: 'region' }, { name: 'bytes' }, { name: 'hour' }] });
      const request = await aRequest(partner.id, assetId);

      await withWorker(async (taskQueue) => {
        const { handle, id } = await anActiveAgreement(taskQueue, partner, request);
        const proposed: AgreementRequestBody = {
          ...request,
          assets: [{ assetId, fields: ['region', 'bytes', 'hour'] }],
        };

        // Act
        const answers = await sentTwiceWhileActing(
          handle,
          amendUpdate,
          { request: proposed, actor: users.requesterA },
          'loadAgreementContext',
        );
        const { state } = await settled(handle, (s) => s.stage === 'unit_head');

        // Assert
        expect(answers[0]).toMatchObject({ amendment: { proposed }, review: { kind: 'amendment', round: 1 } });
        expect(answers[1]).toBe('entity.busy');
        expect(state).toMatchObject({
          status: 'active',
          approved: request,
          review: { kind: 'amendment', round: 1, current: 'unit_head' },
        });
        expect(await timesRecorded(id, 'agreement.amendment_requested')).toBe(1);
        expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });
      });
    });
  });

  describe('separation of duties, with the step sent straight to the workflow', () => {
    const fixture = sharedAgreements();
    /** A request of important data (with its controls and risk assessment) at the unit head's stage. */
    let important: { handle: AgreementHandle; id: string };
    let atUnitHead: Awaited<ReturnType<typeof settled>>;

    beforeAll(async () => {
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore({ grade: 'important' }), { controls: R7 });
      const { handle, id } = await aDraft(fixture.taskQueue, partner, request, {
        records: { risk_assessment: await onFile('风险评估-3') },
      });
      await send(handle, submitUpdate, { actor: users.requesterA });
      atUnitHead = await settled(handle, (s) => s.stage === 'unit_head');
      fixture.keep();
      important = { handle, id };
    });

    /** Refused: the agreement is at the version, stage, decisions and row it was, with no decision snapshot more. */
    async function expectUnchanged(handle: AgreementHandle, id: string, before: Awaited<ReturnType<typeof settled>>) {
      const { state, row } = await settled(handle, () => true);
      expect(state).toMatchObject({
        status: 'in_review',
        version: before.state.version,
        review: { current: before.state.review!.current },
      });
      expect(state.decisions).toEqual(before.state.decisions);
      expect(row).toMatchObject({ version: before.row.version, awaiting: before.row.awaiting });
      expect(await DecisionSnapshotModel.countDocuments({ agreementId: id })).toBe(1 + before.state.decisions.length);
    }

    it.each([
      ['an administrator approving', users.admin, 'auth.admin_approves_nothing'],
      ['the head of another unit approving', headOfUnitB, 'auth.forbidden'],
      [
        'an approver of important data with no data-security commitment on file',
        headWithoutCommitment,
        'agreement.commitment_missing',
      ],
      [
        'an approver of important data whose commitment has expired',
        headWithExpiredCommitment,
        'agreement.commitment_expired',
      ],
    ] as const)('refuses %s', async (_, decider, code) => {
      // Act
      const refusal = await refusalOf(send(important.handle, decideStageUpdate, await decision(decider, 'unit_head')));

      // Assert
      expect(refusal.code).toBe(code);
      await expectUnchanged(important.handle, important.id, atUnitHead);
    });

    it('refuses one person approving two stages of one agreement', async () => {
      // Arrange: the DSO approves the security review.
      const { handle, id } = important;
      await decide(handle, users.unitHeadA, 'unit_head');
      await decide(handle, users.dso, 'security_review');
      const atDso = await settled(handle, (s) => s.stage === 'dso');

      // Act
      const refusal = await refusalOf(send(handle, decideStageUpdate, await decision(users.dso, 'dso')));

      // Assert
      expect(refusal.code).toBe('agreement.same_approver');
      await expectUnchanged(handle, id, atDso);
    });

    it('refuses a requester approving their own request', async () => {
      // Arrange: a security reviewer who requests for their unit.
      const partner = await aPartner();
      const request = await aRequest(partner.id, await anAssetInStore());
      const { handle, id } = await aDraft(fixture.taskQueue, partner, request, {
        requester: users.reviewerWhoRequests,
      });
      await send(handle, submitUpdate, { actor: users.reviewerWhoRequests });
      await decide(handle, users.unitHeadA, 'unit_head');
      const atReview = await settled(handle, (s) => s.stage === 'security_review');

      // Act
      const refusal = await refusalOf(
        send(handle, decideStageUpdate, await decision(users.reviewerWhoRequests, 'security_review')),
      );

      // Assert
      expect(refusal.code).toBe('auth.own_request');
      await expectUnchanged(handle, id, atReview);
    });
  });

  describe('a request that cannot be approved', () => {
    it.each(REFUSED_REQUESTS)('refuses the submission of %s with every reason at once', async (_, refused) => {
      // Arrange
      const today = await serverNow();
      const partner = await aPartner(refused.partner?.(today));
      const assetId = await anAssetInStore(refused.asset);
      const request = await aRequest(partner.id, assetId, refused.request(assetId, today));
      if (partner.status === 'blacklisted') {
        await BlacklistModel.create({ creditCode: partner.creditCode, reason: '失信', listedBy: users.dso.sub });
      }

      await withWorker(async (taskQueue) => {
        const { handle, id, state: drafted } = await aDraft(taskQueue, partner, request);

        // Act
        const refusal = await refusalOf(send(handle, submitUpdate, { actor: users.requesterA }));

        // Assert
        expect(refusal.code).toBe('agreement.not_approvable');
        expect(codesOf(refusal.reasons)).toEqual(refused.codes);
        // The failure's own message says every reason too.
        for (const { message } of refusal.reasons) expect(refusal.message).toContain(message);
        const { state, row } = await settled(handle, () => true);
        expect(state).toMatchObject({ status: 'draft', version: drafted.version });
        expect(state.review).toBeUndefined();
        expect(row).toMatchObject({ status: 'draft', version: drafted.version });
        expect(await DecisionSnapshotModel.countDocuments({ agreementId: id })).toBe(0);
      });
    });
  });
});
