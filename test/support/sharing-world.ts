/**
 * The world an incident reaches, built without the API: an approved partner written as its own workflow's
 * recorder writes it, an asset of the inventory, and agreements driven through their real workflows from
 * draft to active (submitted by their requester, approved at every stage). For the time-skipping tests
 * (which own their clock) and for the containment benchmark (on the dev stack).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { WorkflowUpdateStage, type Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { createEntityStoreActivities } from '../../activities/entity-store';
import type { Claims } from '../../policies/abilities';
import { DEFAULT_PARAMETERS, type Parameters } from '../../policies/parameters';
import { AgreementModel, AgreementRowModel, agreementEntity } from '../../src/entities/agreement';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { partnerIdOf } from '../../src/services/partners';
import { agreementLifecycle } from '../../workflows/agreement/lifecycle';
import {
  decideStageUpdate,
  statusQuery,
  submitUpdate,
  type AgreementState,
  type AgreementSummary,
  type Draft,
} from '../../workflows/agreement/messages';
import { agreementRequest } from '../../workflows/agreement/state';
import { agreementWorkflowId } from '../../workflows/ids';
import type { PartnerState } from '../../workflows/partner/state';
import { users } from './api';
import { aCreditCode, anAgreementRequest, anAsset, shanghaiDate } from './factories';

const DAY = 24 * 3600 * 1000;
const recorder = createEntityStoreActivities();

/** An approved partner, as its vetting leaves it (written by the recorder, with its audit event): valid three years. */
export async function anApprovedPartner(now: Date, overrides: Partial<PartnerState> = {}): Promise<PartnerState> {
  const at = now.toISOString();
  const creditCode = aCreditCode();
  const id = partnerIdOf(creditCode);
  const state: PartnerState = {
    id,
    version: 1,
    createdAt: at,
    updatedAt: at,
    requestId: randomUUID(),
    legalName: `测试合作方 ${id.slice(0, 8)} 有限公司`,
    creditCode,
    contacts: [{ name: '王经理', email: 'wang@example.com' }],
    nominatedBy: users.requesterA.sub,
    nominatingUnit: 'unit-a',
    certifications: [],
    dataLocations: ['CN'],
    status: 'approved',
    round: 1,
    periods: { validityMonths: 36, revettingLeadDays: 30, questionnaireDays: 14, reviewDays: 14 },
    checks: [],
    riskTier: 'low',
    clearance: 'important',
    approvals: [{ stage: 'review', by: users.reviewer.sub, at }],
    informationRequests: [],
    decision: { outcome: 'approve', by: users.reviewer.sub, at },
    escalations: 0,
    validFrom: at,
    validUntil: new Date(now.getTime() + 3 * 365 * DAY).toISOString(),
    ...overrides,
  };
  await recorder.recordEntity({
    entity: 'Partner',
    state: state as PartnerState & Record<string, unknown>,
    before: {},
    after: { status: state.status },
    audit: { actor: users.reviewer, action: 'partner.approved', ruleVersion: 'test' },
  });
  return state;
}

/** An asset of the inventory, as the asset service writes it: general network data of unit-a. */
export async function anAssetInStore(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  await DataAssetModel.create({ _id: id, ...anAsset(overrides), createdBy: users.dso.sub } as never);
  return id;
}

export type AgreementHandle = WorkflowHandle<typeof agreementLifecycle>;

/** Sends a step and waits for its answer (started, then awaited: a refusal is the rejection). */
export async function sendStep<Arg, R>(
  handle: WorkflowHandle,
  update: UpdateDefinition<R, [Arg]>,
  arg: Arg,
): Promise<R> {
  const accepted = await handle.startUpdate(update, { args: [arg], waitForStage: WorkflowUpdateStage.ACCEPTED });
  return await accepted.result();
}

/** Polls the agreement's summary until `check` passes and the store holds that version (document and row). */
export async function agreementSettled(
  handle: AgreementHandle,
  check: (summary: AgreementSummary) => boolean,
  patienceMs = 60_000,
): Promise<{ state: AgreementState; summary: AgreementSummary; row: Record<string, unknown> }> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const summary = await handle.query(statusQuery);
    if (check(summary)) {
      const stored = await AgreementModel.findById(summary.id).lean<Record<string, unknown> & { version?: number }>();
      const row = await AgreementRowModel.findById(summary.id).lean<Record<string, unknown> & { version?: number }>();
      if (stored?.version === summary.version && row?.version === summary.version) {
        return { state: agreementEntity.stateOf(stored), summary, row };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`agreement ${summary.id} did not settle: ${JSON.stringify(summary)}`);
    }
    await pause(50);
  }
}

export interface ActiveAgreement {
  id: string;
  handle: AgreementHandle;
  state: AgreementState;
}

/**
 * A draft of unit A's requester with the partner for one asset, submitted and approved by the unit head
 * and the security reviewer: active, its access granted (one grant in the ledger).
 */
export async function anActiveAgreement(
  client: Client,
  taskQueue: string,
  partner: PartnerState,
  assetId: string,
  now: Date,
  options: { params?: Parameters; requester?: Claims; onStart?: (handle: AgreementHandle) => void } = {},
): Promise<ActiveAgreement> {
  const id = randomUUID();
  const request = agreementRequest.parse(
    anAgreementRequest(partner.id, assetId, { startDate: shanghaiDate(0, now), endDate: shanghaiDate(180, now) }),
  );
  const requester = options.requester ?? users.requesterA;
  const draft: Draft = {
    agreementId: id,
    requestId: randomUUID(),
    title: '网络质量联合分析',
    request,
    records: {},
    requester,
    partnerName: partner.legalName,
    params: options.params ?? DEFAULT_PARAMETERS,
  };
  const handle = await client.workflow.start(agreementLifecycle, {
    workflowId: agreementWorkflowId(id),
    taskQueue,
    args: [{ draft }],
  });
  options.onStart?.(handle);
  await agreementSettled(handle, (s) => s.version >= 1);
  await sendStep(handle, submitUpdate, { actor: requester });
  for (const [stage, actor] of [
    ['unit_head', users.unitHeadA],
    ['security_review', users.reviewer],
  ] as const) {
    await sendStep(handle, decideStageUpdate, { stage, outcome: 'approve', actor, commitment: null });
  }
  const { state } = await agreementSettled(handle, (s) => s.status === 'active');
  return { id, handle, state };
}
