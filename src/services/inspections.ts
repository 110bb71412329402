/**
 * The special-inspection use cases the API calls (S5, issue 14): run an inspection now (the DSO), list the
 * runs and read one, its progress and its report; list findings and read one; send a finding's
 * rectification steps (evidence by the owner unit, verification by a security reviewer) to the
 * rectification workflow that owns it, answered with the finding as it is then stored. Findings are their
 * own list rows: lists page them bucket by bucket, by equalities the store answers from an index.
 */
import { ForbiddenError } from '@casl/ability';
import { accessibleBy } from '@casl/mongoose';
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Caller } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { onDemandPeriodOf } from '../../policies/inspection-period';
import { inspectionWorkflowId } from '../../workflows/ids';
import { progressQuery } from '../../workflows/inspection/messages';
import { inspection } from '../../workflows/inspection/run';
import { decideEvidenceUpdate, submitEvidenceUpdate } from '../../workflows/rectification/messages';
import { findingEntity } from '../entities/finding';
import { inspectionEntity } from '../entities/inspection';
import type { AuditEventModel } from '../models/audit-event.model';
import type {
  FindingListQuery,
  FindingView,
  InspectionListQuery,
  InspectionView,
  VerificationBody,
} from '../schemas/inspection.schema';
import { listPage } from '../store/list-page';
import type { Page } from '../store/pagination';
import { entityAccess, stepUpdateId, type StepOptions } from './entity-access';

export interface InspectionServiceDeps {
  temporal: Client;
  taskQueue: string;
  auditEvents: typeof AuditEventModel;
}

export function createInspectionService(deps: InspectionServiceDeps) {
  const { temporal, taskQueue } = deps;
  const runs = entityAccess({
    temporal,
    entity: inspectionEntity,
    notFound: 'resource.not_found',
    auditEvents: deps.auditEvents,
  });
  const findings = entityAccess({
    temporal,
    entity: findingEntity,
    notFound: 'resource.not_found',
    auditEvents: deps.auditEvents,
  });

  /** The caller's read scope of findings as row equalities: all of them, or their unit's. */
  function findingScopeOf(caller: Caller): Record<string, unknown> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Finding');
    const query = accessibleBy(caller.ability, 'read').ofType('Finding') as { $or?: Record<string, unknown>[] };
    const clauses = query.$or ?? [query];
    if (clauses.some((c) => Object.keys(c).length === 0)) return {};
    if (clauses.length === 1) return clauses[0]!;
    throw new DomainError('auth.forbidden', 'the caller’s roles give scopes a list cannot combine', { action: 'read' });
  }

  return {
    /**
     * Starts `inspection-<period>` (today's Shanghai date unless named). A period whose run is still going
     * is refused (409); one that has ended runs again (its findings are the same ones, none duplicated).
     */
    async runNow(
      caller: Caller,
      body: { period?: string | undefined },
    ): Promise<{ period: string; workflowId: string }> {
      ForbiddenError.from(caller.ability).throwUnlessCan('create', 'Inspection');
      const period = body.period ?? onDemandPeriodOf(new Date());
      const workflowId = inspectionWorkflowId(period);
      await temporal.workflow.start(inspection, {
        workflowId,
        taskQueue,
        args: [{ period, trigger: 'on_demand', requestedBy: caller.claims }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      return { period, workflowId };
    },

    async listRuns(caller: Caller, query: InspectionListQuery): Promise<Page<InspectionView>> {
      const filters = [
        ...(query.status ? [{ status: query.status }] : []),
        ...(query.trigger ? [{ trigger: query.trigger }] : []),
      ];
      return await runs.list(caller, filters, query);
    },

    getRun: (caller: Caller, period: string) => runs.get(caller, period),

    /** Where a run stands: its workflow's answer while it runs, the store's last progress otherwise. */
    async progress(caller: Caller, period: string) {
      const run = await runs.readable(caller, period);
      if (run.status === 'running') {
        try {
          const answer = await temporal.workflow.getHandle(inspectionWorkflowId(period)).query(progressQuery);
          return { ...answer, source: 'workflow' as const };
        } catch {
          // No worker answers right now: the store has the progress after the last chunk.
        }
      }
      return { period, status: run.status, progress: run.progress, source: 'store' as const };
    },

    /** The run's report (findings by rule, severity, unit and partner); 404 while the run has none yet. */
    async report(caller: Caller, period: string) {
      const run = await runs.readable(caller, period);
      if (!run.report)
        throw new DomainError('resource.not_found', `the inspection ${period} has no report yet`, { id: period });
      return {
        ...run.report,
        period,
        status: run.status,
        asOf: run.asOf,
        ruleSetVersion: run.ruleSetVersion,
        progress: run.progress,
      };
    },

    async listFindings(caller: Caller, query: FindingListQuery): Promise<Page<FindingView>> {
      const scope = findingScopeOf(caller);
      const asked: Record<string, unknown> = {};
      if (query.period) asked.period = query.period;
      if (query.status) asked.status = query.status;
      if (query.severity) asked.severity = query.severity;
      if (query.ruleId) asked.ruleId = query.ruleId;
      if (query.unit) asked.ownerUnit = query.unit;
      if (query.partnerId) asked.partnerId = query.partnerId;
      if (query.agreementId) asked.agreementId = query.agreementId;
      // A filter never widens the caller's scope: naming another unit than its own matches nothing.
      if (Object.entries(asked).some(([field, value]) => field in scope && scope[field] !== value))
        return { items: [] };
      const page = await listPage<{ _id: string } & Record<string, unknown>>({
        model: findingEntity.model,
        filter: { ...asked, ...scope },
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit,
      });
      return { ...page, items: page.items.map((d) => findings.viewFor(caller, findingEntity.stateOf(d))) };
    },

    getFinding: (caller: Caller, id: string) => findings.get(caller, id),
    findingTimeline: (caller: Caller, id: string) => findings.timeline(caller, id, 'status'),

    /** The owner unit's evidence of a finding's rectification. */
    submitEvidence: (caller: Caller, id: string, body: { text: string }, options: StepOptions = {}) =>
      findings.send(
        caller,
        id,
        'update',
        submitEvidenceUpdate,
        { findingId: id, text: body.text, actor: caller.claims },
        stepUpdateId(caller, 'evidence', id, options),
      ),

    /** A security reviewer verifies the evidence or sends it back with a reason. */
    decideEvidence: (caller: Caller, id: string, body: VerificationBody, options: StepOptions = {}) =>
      findings.send(
        caller,
        id,
        'verify',
        decideEvidenceUpdate,
        { findingId: id, outcome: body.outcome, ...(body.reason ? { reason: body.reason } : {}), actor: caller.claims },
        stepUpdateId(caller, 'verification', id, options),
      ),
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
