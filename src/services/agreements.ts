/**
 * The sharing-agreement use cases the API calls (S1, S4, S6, S7, S12). The agreement's document is
 * written only by its workflow `agreement-<id>`: a draft starts the workflow with an update
 * (update-with-start) that answers with the draft's first version; every later step is an update whose
 * result the API shows. Lists read the agreement's flat row, by equalities the store answers from an index.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import { accessibleBy } from '@casl/mongoose';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Caller } from '../../policies/abilities';
import { agreementEvaluationOf } from '../../policies/decision-snapshot';
import { DomainError } from '../../policies/errors';
import type { Parameters } from '../../policies/parameters';
import type { ApprovalStage, StageOutcome } from '../../policies/vocabulary';
import {
  amendUpdate,
  confirmFilingUpdate,
  createUpdate,
  decideStageUpdate,
  editUpdate,
  emergencyRevokeUpdate,
  endEarlyUpdate,
  recertifyUpdate,
  recordRegulatorDecisionUpdate,
  resumeUpdate,
  submitAttestationUpdate,
  submitUpdate,
  submitUsageReportUpdate,
  waiveAttestationUpdate,
  withdrawUpdate,
  type AgreementLifecycleInput,
} from '../../workflows/agreement/messages';
import { agreementWorkflowId } from '../../workflows/ids';
import { agreementContextOf, contextOfFacts, type AgreementContextDeps } from '../../activities/agreement-context';
import { agreementEntity } from '../entities/agreement';
import type { AuditEventModel } from '../models/audit-event.model';
import type { CommitmentModel } from '../models/commitment.model';
import type { DecisionSnapshotModel } from '../models/decision-snapshot.model';
import type {
  AgreementListQuery,
  AgreementRowView,
  AttestationBody,
  CreateAgreementBody,
  EditAgreementBody,
  PreviewView,
  UsageReportBody,
} from '../schemas/agreement.schema';
import { listPage } from '../store/list-page';
import { encodeCursor, type Page } from '../store/pagination';
import { entityAccess, sentWith, stepUpdateId, type StepOptions } from './entity-access';

export interface AgreementServiceDeps extends AgreementContextDeps {
  temporal: Client;
  taskQueue: string;
  auditEvents: typeof AuditEventModel;
  commitments: typeof CommitmentModel;
  snapshots: typeof DecisionSnapshotModel;
  parameters: () => Parameters;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** A UUID from a digest: the id of the agreement a request with this Idempotency-Key creates. */
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

export function createAgreementService(deps: AgreementServiceDeps) {
  const { temporal, taskQueue } = deps;
  const agreements = entityAccess({
    temporal,
    entity: agreementEntity,
    notFound: 'resource.not_found',
    auditEvents: deps.auditEvents,
  });
  const rows = agreementEntity.rowModel!;
  const step = agreements.step;

  async function partnerNameOf(partnerId: string): Promise<string> {
    const doc = await deps.partners.model.findById(partnerId, { legalName: 1 }).lean<{ legalName?: string }>();
    if (!doc) throw new DomainError('partner.not_found', `no partner ${partnerId}`, { id: partnerId });
    return doc.legalName ?? partnerId;
  }

  /** Starts the agreement's workflow with the draft: it writes the first version and answers with it. */
  async function create(caller: Caller, body: CreateAgreementBody, options: StepOptions = {}) {
    const unit = caller.claims.unit;
    ForbiddenError.from(caller.ability).throwUnlessCan('create', subject('Agreement', { requestingUnit: unit }));
    if (!unit)
      throw new DomainError('auth.forbidden', 'a sharing request comes from a business unit', { action: 'create' });
    const partnerName = await partnerNameOf(body.request.partnerId);
    const requestId = options.requestKey
      ? digest(`${caller.claims.sub}:create-agreement:${options.requestKey}`)
      : randomUUID();
    const agreementId = options.requestKey ? uuidOf(requestId) : randomUUID();
    const input: AgreementLifecycleInput = {
      draft: {
        agreementId,
        requestId,
        title: body.title,
        request: body.request,
        records: body.records,
        requester: caller.claims,
        partnerName,
        params: deps.parameters(),
      },
    };
    try {
      const first = await temporal.workflow.executeUpdateWithStart(createUpdate, {
        args: [sentWith({ requestId, actor: caller.claims }, requestId)],
        updateId: requestId,
        startWorkflowOperation: new WithStartWorkflowOperation('agreementLifecycle', {
          workflowId: agreementWorkflowId(agreementId),
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
      return agreements.viewFor(caller, first);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        // Made by this request before, and closed since: the request's first answer is the agreement.
        return await agreements.get(caller, agreementId);
      }
      throw err;
    }
  }

  /** What the rules say of a request now, before it is stored or submitted. */
  async function preview(
    caller: Caller,
    body: { request: CreateAgreementBody['request']; records: CreateAgreementBody['records'] },
  ): Promise<PreviewView> {
    // The route is how an agreement is decided: for the company's own readers (a request of their unit), not partners.
    ForbiddenError.from(caller.ability).throwUnlessCan(
      'read',
      subject('Agreement', { partnerId: body.request.partnerId, requestingUnit: caller.claims.unit }),
      'route',
    );
    const facts = await agreementContextOf(deps, {
      request: body.request,
      records: body.records,
      at: new Date().toISOString(),
    });
    const evaluation = agreementEvaluationOf(body.request, contextOfFacts(facts));
    return {
      rulesVersion: evaluation.rulesVersion,
      effectiveGrade: evaluation.content.effectiveGrade,
      refusals: evaluation.refusals.map(({ code, params, message }) => ({
        code,
        params: params as Record<string, string | number>,
        message,
      })),
      approvalBlockers: evaluation.approvalBlockers.map(({ code, params, message }) => ({
        code,
        params: params as Record<string, string | number>,
        message,
      })),
      route: JSON.parse(JSON.stringify(evaluation.route)) as PreviewView['route'],
      reportable: evaluation.reportability.reportable,
      reportableReasons: evaluation.reportability.reasons as PreviewView['reportableReasons'],
    };
  }

  /**
   * A page of rows the caller may read, by equalities on the row (the caller's scope among them), in id
   * order: the store answers each from an index on the field, the row's bucket and its id.
   */
  async function list(caller: Caller, query: AgreementListQuery): Promise<Page<AgreementRowView>> {
    const scope = scopeOf(caller);
    const asked: Record<string, unknown> = {};
    if (query.status) asked.status = query.status;
    if (query.partnerId) asked.partnerId = query.partnerId;
    if (query.unit) asked.requestingUnit = query.unit;
    if (query.grade) asked.effectiveGrade = query.grade;
    if (query.endMonth) asked.endMonth = query.endMonth;
    // A filter never widens the caller's scope: naming another unit or organisation than its own matches nothing.
    if (Object.entries(asked).some(([field, value]) => field in scope && scope[field] !== value)) return { items: [] };
    const filter: Record<string, unknown> = { ...asked, ...scope };
    const awaiting = query.awaitingMe ? awaitingOf(caller) : [undefined];
    // One list page per value of `awaiting` (a caller may act in several roles), merged in id order.
    const pages = await Promise.all(
      awaiting.map((value) =>
        listPage<{ _id: string } & Record<string, unknown>>({
          model: rows,
          filter: { ...filter, ...(value ? { awaiting: value } : {}) },
          ...(query.cursor ? { cursor: query.cursor } : {}),
          limit: query.limit + 1,
        }),
      ),
    );
    const found = pages.flatMap((p) => p.items).sort((a, b) => a._id.localeCompare(b._id));
    const items = found.slice(0, query.limit).map(rowView);
    const last = items[items.length - 1];
    return found.length > query.limit && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  /** The caller's read scope as row equalities: all, a unit's, or a partner organisation's. */
  function scopeOf(caller: Caller): Record<string, unknown> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Agreement');
    const query = accessibleBy(caller.ability, 'read').ofType('Agreement') as { $or?: Record<string, unknown>[] };
    const clauses = query.$or ?? [query];
    if (clauses.some((c) => Object.keys(c).length === 0)) return {};
    if (clauses.length === 1) return clauses[0]!;
    throw new DomainError('auth.forbidden', 'the caller’s roles give scopes a list cannot combine', { action: 'read' });
  }

  /** Whom `awaiting` names when the caller must act: the head of their unit, their roles, their organisation. */
  function awaitingOf(caller: Caller): string[] {
    const { claims } = caller;
    return [
      ...(claims.roles.includes('unit_head') && claims.unit ? [`unit_head:${claims.unit}`] : []),
      ...claims.roles.filter((r) => r !== 'unit_head').map((r) => `role:${r}`),
      ...(claims.partnerId ? [`partner:${claims.partnerId}`] : []),
    ];
  }

  /** The snapshots the agreement's decisions were made on: why it was approved, years later. */
  async function snapshots(caller: Caller, id: string) {
    const state = await agreements.readable(caller, id);
    ForbiddenError.from(caller.ability).throwUnlessCan('read', agreements.subjectOf(state), 'decisions');
    const docs = await deps.snapshots.find({ agreementId: id }).sort({ at: 1, _id: 1 }).limit(500).lean();
    return {
      items: docs.map((d) => ({
        key: String(d._id),
        kind: d.kind,
        at: d.at.toISOString(),
        rulesVersion: d.rulesVersion,
        snapshot: d.snapshot,
      })),
    };
  }

  /** A stage decision, with the approver's data-security commitment on file (R5) as the store has it. */
  async function decide(
    caller: Caller,
    id: string,
    body: { stage: ApprovalStage; outcome: StageOutcome; reason?: string },
    options: StepOptions = {},
  ) {
    const commitment = await deps.commitments.findById(caller.claims.sub).lean<{ signedAt: Date; expiresAt?: Date }>();
    const action = body.outcome === 'reject' ? 'reject' : 'approve';
    return await agreements.send(
      caller,
      id,
      action,
      decideStageUpdate,
      {
        stage: body.stage,
        outcome: body.outcome,
        ...(body.reason ? { reason: body.reason } : {}),
        actor: caller.claims,
        commitment: commitment
          ? {
              signedAt: commitment.signedAt.toISOString(),
              ...(commitment.expiresAt ? { expiresAt: commitment.expiresAt.toISOString() } : {}),
            }
          : null,
      },
      stepUpdateId(caller, 'decide', id, options),
    );
  }

  return {
    create,
    preview,
    list,
    get: agreements.get,
    timeline: (caller: Caller, id: string) => agreements.timeline(caller, id, 'decisions'),
    snapshots,
    edit: (caller: Caller, id: string, body: EditAgreementBody, options: StepOptions = {}) =>
      step('edit', 'update', editUpdate)(caller, id, body, options),
    submit: (caller: Caller, id: string, options: StepOptions = {}) =>
      step('submit', 'update', submitUpdate)(caller, id, {}, options),
    withdraw: step('withdraw', 'withdraw', withdrawUpdate),
    decide,
    recordRegulatorDecision: step('regulator', 'approve', recordRegulatorDecisionUpdate),
    confirmFiling: step('filing', 'approve', confirmFilingUpdate),
    submitUsageReport: (caller: Caller, id: string, body: UsageReportBody, options: StepOptions = {}) => {
      const { remarks, periodStart, ...report } = body;
      return step('usage', 'answer', submitUsageReportUpdate)(
        caller,
        id,
        { report: { ...report, periodStart }, ...(remarks ? { remarks } : {}) },
        options,
      );
    },
    resume: step('resume', 'approve', resumeUpdate),
    recertify: (caller: Caller, id: string, options: StepOptions = {}) =>
      step('recertify', 'approve', recertifyUpdate)(caller, id, {}, options),
    amend: step('amend', 'amend', amendUpdate),
    endEarly: step('end', 'revoke', endEarlyUpdate),
    emergencyRevoke: step('revoke', 'revoke', emergencyRevokeUpdate),
    submitAttestation: (caller: Caller, id: string, body: AttestationBody, options: StepOptions = {}) =>
      step('attest', 'answer', submitAttestationUpdate)(caller, id, body, options),
    waiveAttestation: step('waive', 'waive', waiveAttestationUpdate),
  };
}

export type AgreementService = ReturnType<typeof createAgreementService>;

function rowView(row: Record<string, unknown>): AgreementRowView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
  return {
    id: String(row._id),
    title: String(row.title ?? ''),
    requestingUnit: String(row.requestingUnit ?? ''),
    partnerId: String(row.partnerId ?? ''),
    partnerName: String(row.partnerName ?? ''),
    status: row.status as AgreementRowView['status'],
    effectiveGrade: row.effectiveGrade as AgreementRowView['effectiveGrade'],
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    ...(row.awaiting ? { awaiting: String(row.awaiting) } : {}),
    ...(row.dueAt ? { dueAt: iso(row.dueAt) } : {}),
    ...(row.attestation ? { attestation: String(row.attestation) } : {}),
    updatedAt: iso(row.updatedAt),
  };
}
