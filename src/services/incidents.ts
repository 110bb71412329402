/**
 * The incident use cases the API calls (S3, S9; issue 15). The incident's document is written only by its
 * workflow `incident-<id>`: a report starts the workflow with an update (update-with-start) that answers
 * with the incident's first version; every later step is an update whose result the API shows. Lists read
 * the incident's flat row by equalities the store answers from an index. The annual report and the monthly
 * section are computed from the incident records (policies/incident-report.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Caller } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import {
  annualIncidentReportOf,
  annualReportDocument,
  documentHtml,
  documentText,
  monthlyIncidentSectionOf,
  monthlySectionDocument,
  type IncidentRecordForReport,
} from '../../policies/incident-report';
import { CLOCK_SKEW_MS, reportRefusalFor } from '../../policies/incident-response';
import type { Parameters } from '../../policies/parameters';
import { RUNNING_AGREEMENT_STATUSES, type AgreementStatus, type DataGrade } from '../../policies/vocabulary';
import { incidentWorkflowId } from '../../workflows/ids';
import {
  closeUpdate,
  explainMissedUpdate,
  investigateUpdate,
  recordReportUpdate,
  regradeUpdate,
  reportUpdate,
  type AffectedAgreementInput,
  type IncidentLifecycleInput,
} from '../../workflows/incident/messages';
import type { AgreementRowModel } from '../entities/agreement';
import { incidentEntity } from '../entities/incident';
import type { partnerEntity } from '../entities/partner';
import type { AuditEventModel } from '../models/audit-event.model';
import type { DataAssetModel } from '../models/data-asset.model';
import type {
  AnnualReportQuery,
  IncidentListQuery,
  IncidentRowView,
  ReportIncidentBody,
} from '../schemas/incident.schema';
import { listPage } from '../store/list-page';
import type { Page } from '../store/pagination';
import { entityAccess, sentWith, type StepOptions } from './entity-access';

export interface IncidentServiceDeps {
  temporal: Client;
  taskQueue: string;
  partners: typeof partnerEntity;
  agreementRows: typeof AgreementRowModel;
  assets: typeof DataAssetModel;
  auditEvents: typeof AuditEventModel;
  parameters: () => Parameters;
  /** The company that reports (报送单位), shown on the annual report. */
  organisation: string;
  now?: () => Date;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

const GRAVE_GRADES: readonly DataGrade[] = ['important', 'core'];

export function createIncidentService(deps: IncidentServiceDeps) {
  const { temporal, taskQueue } = deps;
  const now = deps.now ?? (() => new Date());
  const incidents = entityAccess({
    temporal,
    entity: incidentEntity,
    notFound: 'incident.not_found',
    auditEvents: deps.auditEvents,
  });
  const rows = incidentEntity.rowModel!;

  /** The partner the report is about: a partner's user reports for its own organisation only. */
  async function partnerOf(caller: Caller, body: ReportIncidentBody) {
    const own = caller.claims.partnerId;
    const partnerId = own ?? body.partnerId;
    if (!partnerId) {
      throw new DomainError('request.invalid', 'name the partner the incident involves (partnerId)', {
        field: 'partnerId',
      });
    }
    if (own && body.partnerId && body.partnerId !== own) {
      throw new DomainError('auth.forbidden', 'a partner reports incidents of its own organisation', {
        action: 'create',
      });
    }
    const doc = await deps.partners.model.findById(partnerId).lean<Record<string, unknown>>();
    if (!doc) throw new DomainError('partner.not_found', `no partner ${partnerId}`, { id: partnerId });
    const state = deps.partners.stateOf(doc);
    return { id: state.id, legalName: state.legalName, creditCode: state.creditCode };
  }

  /** The assets the reporter names, as the inventory has them, and what they say of the data's grade. */
  async function dataOf(body: ReportIncidentBody) {
    const assets = await Promise.all(
      body.data.assetIds.map(async (assetId) => {
        const doc = await deps.assets
          .findById(assetId, { name: 1, grade: 1 })
          .lean<{ name: string; grade: DataGrade }>();
        if (!doc) {
          throw new DomainError('incident.asset_not_found', `no data asset ${assetId}`, { assetId });
        }
        return { assetId, name: doc.name, grade: doc.grade };
      }),
    );
    const grades = [...new Set([...body.data.grades, ...assets.map((a) => a.grade)])];
    return {
      assets,
      grades,
      importantOrCoreData: body.data.importantOrCoreData || grades.some((g) => GRAVE_GRADES.includes(g)),
    };
  }

  /**
   * The agreements the incident touches: those named (each must be a live agreement of the partner), or
   * every live agreement of the partner, read from the rows by the partner's id.
   */
  async function agreementsOf(partnerId: string, named?: string[]): Promise<AffectedAgreementInput[]> {
    const found = await deps.agreementRows
      .find({ partnerId }, { title: 1, requestingUnit: 1, status: 1 })
      .lean<{ _id: string; title: string; requestingUnit: string; status: AgreementStatus }[]>();
    const live = (status: AgreementStatus) => (RUNNING_AGREEMENT_STATUSES as readonly string[]).includes(status);
    const byId = new Map(found.map((row) => [row._id, row]));
    const chosen = named
      ? [...new Set(named)].map((id) => {
          const row = byId.get(id);
          if (!row) {
            throw new DomainError('incident.agreement_not_of_partner', `agreement ${id} is not with this partner`, {
              agreementId: id,
            });
          }
          if (!live(row.status)) {
            throw new DomainError('incident.agreement_not_live', `agreement ${id} is ${row.status}: nothing flows`, {
              agreementId: id,
              status: row.status,
            });
          }
          return row;
        })
      : found.filter((row) => live(row.status));
    return chosen
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((row) => ({
        agreementId: row._id,
        title: row.title,
        requestingUnit: row.requestingUnit,
        status: row.status,
      }));
  }

  /** Starts the incident's workflow with the report: it writes the first version, contains, and answers. */
  async function report(caller: Caller, body: ReportIncidentBody, options: StepOptions = {}) {
    const partner = await partnerOf(caller, body);
    const refusal = reportRefusalFor(caller.claims, { partnerId: partner.id, drill: body.drill });
    if (refusal) throw DomainError.of(refusal);
    if (Date.parse(body.detectedAt) > now().getTime() + CLOCK_SKEW_MS) {
      throw new DomainError('incident.detected_in_future', 'an incident is detected before it is reported', {
        detectedAt: body.detectedAt,
      });
    }
    const [data, agreements] = await Promise.all([dataOf(body), agreementsOf(partner.id, body.agreementIds)]);
    const requestId = options.requestKey
      ? digest(`${caller.claims.sub}:report-incident:${options.requestKey}`)
      : randomUUID();
    const incidentId = options.requestKey ? uuidOf(requestId) : randomUUID();
    const { agreementIds: _named, data: _data, partnerId: _partner, ...described } = body;
    const input: IncidentLifecycleInput = {
      report: {
        incidentId,
        requestId,
        source: caller.claims.partnerId ? 'partner' : 'internal',
        body: described,
        partner,
        data,
        agreements,
        reporter: caller.claims,
        params: deps.parameters(),
      },
    };
    try {
      const first = await temporal.workflow.executeUpdateWithStart(reportUpdate, {
        args: [sentWith({ requestId, actor: caller.claims }, requestId)],
        updateId: requestId,
        startWorkflowOperation: new WithStartWorkflowOperation('incidentLifecycle', {
          workflowId: incidentWorkflowId(incidentId),
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
      return incidents.viewFor(caller, first);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return await incidents.get(caller, incidentId);
      throw err;
    }
  }

  /** The caller's read scope as row equalities: all, or a partner organisation's own. */
  function scopeOf(caller: Caller): Record<string, unknown> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Incident');
    const own = caller.claims.partnerId;
    if (own) return { partnerId: own };
    if (!caller.ability.can('read', subject('Incident', { partnerId: '\u0000any', drill: false }))) {
      throw new DomainError('auth.forbidden', 'the caller may read no incident', { action: 'read' });
    }
    return {};
  }

  /** A page of incident rows the caller may read, by status, grade, partner and drill, in id order. */
  async function list(caller: Caller, query: IncidentListQuery): Promise<Page<IncidentRowView>> {
    const scope = scopeOf(caller);
    const asked: Record<string, unknown> = {};
    if (query.status) asked.status = query.status;
    if (query.grade) asked.grade = query.grade;
    if (query.partnerId) asked.partnerId = query.partnerId;
    if (query.drill) asked.drill = query.drill === 'true';
    // A filter never widens the caller's scope: naming another organisation matches nothing.
    if (Object.entries(asked).some(([field, value]) => field in scope && scope[field] !== value)) return { items: [] };
    const page = await listPage<{ _id: string } & Record<string, unknown>>({
      model: rows,
      filter: { ...asked, ...scope },
      ...(query.cursor ? { cursor: query.cursor } : {}),
      limit: query.limit,
    });
    return { items: page.items.map(rowView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Every incident record (a streaming cursor: no sort, no filter the store cannot push down). */
  async function records(): Promise<IncidentRecordForReport[]> {
    const found: IncidentRecordForReport[] = [];
    for await (const doc of incidentEntity.model.find({}).lean<Record<string, unknown>>().cursor({ batchSize: 200 })) {
      found.push(incidentEntity.stateOf(doc));
    }
    return found;
  }

  /** The reports are the company's own: for its readers of every incident (reviewers, the DSO, auditors). */
  function mayReport(caller: Caller): void {
    scopeOf(caller);
    if (caller.claims.partnerId) {
      throw new DomainError('auth.forbidden', 'the incident reports are the company’s own', { action: 'read' });
    }
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('Incident', { partnerId: '' }), 'deadlines');
  }

  /** The annual incident-handling report (R15), as JSON or as a document in zh-CN or en. */
  async function annualReport(caller: Caller, query: AnnualReportQuery) {
    mayReport(caller);
    const params = deps.parameters();
    const all = await records();
    const first = await deps.auditEvents.findOne({ seq: 1 }, { at: 1 }).lean<{ at?: Date }>();
    const report = annualIncidentReportOf({
      year: query.year,
      records: all,
      now: now(),
      organisation: deps.organisation,
      since: first?.at ?? now(),
      params,
    });
    if (query.format === 'json') return { type: 'application/json', body: report };
    const document = annualReportDocument(report, query.lang);
    return query.format === 'html'
      ? { type: 'text/html; charset=utf-8', body: documentHtml(document) }
      : { type: 'text/plain; charset=utf-8', body: documentText(document) };
  }

  /** The incident section of a month's report, with its document in zh-CN or en. */
  async function monthlySection(caller: Caller, query: { month: string; lang: 'zh-CN' | 'en' }) {
    mayReport(caller);
    const section = monthlyIncidentSectionOf({ month: query.month, records: await records(), cutoff: now() });
    return { section, document: monthlySectionDocument(section, query.lang) };
  }

  return {
    report,
    list,
    get: incidents.get,
    /** The incident's transitions, for the company's own readers (a partner reads no investigation). */
    timeline: (caller: Caller, id: string) => incidents.timeline(caller, id, 'investigation'),
    annualReport,
    monthlySection,
    regrade: incidents.step('regrade', 'update', regradeUpdate),
    recordReport: incidents.step('report', 'update', recordReportUpdate),
    explainMissed: incidents.step('explain', 'close', explainMissedUpdate),
    investigate: incidents.step('investigate', 'update', investigateUpdate),
    close: incidents.step('close', 'close', closeUpdate),
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;

function rowView(row: Record<string, unknown>): IncidentRowView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
  return {
    id: String(row._id),
    title: String(row.title ?? ''),
    partnerId: String(row.partnerId ?? ''),
    partnerName: String(row.partnerName ?? ''),
    kind: row.kind as IncidentRowView['kind'],
    source: row.source as IncidentRowView['source'],
    status: row.status as IncidentRowView['status'],
    grade: row.grade as IncidentRowView['grade'],
    drill: row.drill === true,
    detectedAt: iso(row.detectedAt),
    reportedAt: iso(row.reportedAt),
    agreements: Number(row.agreements ?? 0),
    missed: Number(row.missed ?? 0),
    ...(typeof row.partnerReportLate === 'boolean' ? { partnerReportLate: row.partnerReportLate } : {}),
    ...(row.nextDueAt ? { nextDueAt: iso(row.nextDueAt) } : {}),
    ...(row.closedAt ? { closedAt: iso(row.closedAt) } : {}),
    updatedAt: iso(row.updatedAt),
  };
}
