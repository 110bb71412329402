import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../models/duplicate-key';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ForbiddenError, subject } from '@casl/ability';
import { INTERNAL_PARTNER_FIELDS, type AppAbility, type Claims } from '../../policies/abilities';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../policies/errors';
import type { Parameters } from '../../policies/parameters';
import type { Action } from '../../policies/vocabulary';
import type { CertificationClaim } from '../../policies/partner-checks';
import { RENOMINABLE_STATUSES } from '../../policies/partner-review';
import { partnerWorkflowId } from '../../workflows/ids';
import {
  blacklistUpdate,
  decideUpdate,
  provideInformationUpdate,
  renominateUpdate,
  requestInformationUpdate,
  submitAnswersUpdate,
  type PartnerLifecycleInput,
} from '../../workflows/partner-lifecycle.messages';
import { nominatingUnitKey, partnerStatusKey } from '../../workflows/search-attributes';
import { CURRENT_QUESTIONNAIRE_VERSION } from '../data/questionnaires';
import { accessibleFilter } from '../api/scope';
import { pageOf, type Page } from '../api/pagination';
import type { BlacklistModel } from '../models/blacklist.model';
import { AuditEventModel } from '../models/audit-event.model';
import type { PartnerDocument, PartnerModel } from '../models/partner.model';
import type {
  NominatePartnerBody,
  PartnerDecisionBody,
  PartnerListQuery,
  PartnerView,
  QuestionnaireAnswersBody,
  RenominationBody,
  TimelineEntry,
} from '../schemas/partner.schema';
import { logger } from '../logger';
import { appendAuditEvent } from '../audit/audit-log';

/** Who is calling: their verified claims and the ability built from them. */
export interface Caller {
  claims: Claims;
  ability: AppAbility;
}

export interface PartnerServiceDeps {
  temporal: Client;
  taskQueue: string;
  partners: typeof PartnerModel;
  blacklist: typeof BlacklistModel;
  parameters: Pick<
    Parameters,
    'partnerRevettingMonths' | 'partnerRevettingLeadDays' | 'questionnaireDeadlineDays' | 'reviewDeadlineDays'
  >;
}

type StoredPartner = PartnerDocument & { _id: string; createdAt: Date; updatedAt: Date };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** Copies the fields that are set, so the view carries no `null`s or empty optionals. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

/**
 * The partner use cases the API calls. The partner's document changes only in its workflow: these
 * send it updates, and read the projection its activities write.
 */
export function createPartnerService({ temporal, taskQueue, partners, blacklist, parameters }: PartnerServiceDeps) {
  async function load(id: string): Promise<StoredPartner> {
    const doc = await partners.findById(id).lean<StoredPartner>();
    if (!doc) throw new DomainError('partner.not_found', `no partner ${id}`);
    return doc;
  }

  async function readable(caller: Caller, id: string): Promise<StoredPartner> {
    const doc = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('Partner', doc));
    return doc;
  }

  async function get(caller: Caller, id: string): Promise<PartnerView> {
    return viewFor(caller, await readable(caller, id));
  }

  /** The view, without the internal fields the caller may not read (a partner sees no risk notes). */
  function viewFor(caller: Caller, doc: StoredPartner): PartnerView {
    const view = viewOf(doc);
    const target = subject('Partner', doc);
    for (const field of INTERNAL_PARTNER_FIELDS) {
      if (!caller.ability.can('read', target, field)) delete (view as Record<string, unknown>)[field];
    }
    if (!caller.ability.can('read', target, 'reviewers')) {
      if (view.decision) delete view.decision.by;
      if (view.blacklisting) delete view.blacklisting.by;
      for (const request of view.informationRequests) delete request.askedBy;
    }
    // The DSO's stage would tell the tier: to whom may not read it, both review stages are `review`.
    if (view.stage === 'dso_review' && !caller.ability.can('read', target, 'riskTier')) view.stage = 'review';
    return view;
  }

  async function list(caller: Caller, query: PartnerListQuery): Promise<Page<PartnerView>> {
    const filters: Record<string, unknown>[] = [accessibleFilter(caller.ability, 'read', 'Partner')];
    // A filter on a field the caller may not read would tell its value: refused, not applied.
    const filtered = { riskTier: query.tier, nominatingUnit: query.nominatingUnit };
    for (const [field, value] of Object.entries(filtered)) {
      if (value !== undefined) ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Partner', field);
    }
    if (query.status) filters.push({ status: query.status });
    if (query.tier) filters.push({ riskTier: query.tier });
    if (query.validUntilBefore) filters.push({ validUntil: { $lt: new Date(query.validUntilBefore) } });
    if (query.nominatingUnit) filters.push({ nominatingUnit: query.nominatingUnit });
    const page = await pageOf(
      (cursor, limit) =>
        partners
          .find({ $and: [...filters, cursor] })
          .sort({ _id: 1 })
          .limit(limit)
          .lean<StoredPartner[]>(),
      '_id',
      query,
    );
    return { ...page, items: page.items.map((doc) => viewFor(caller, doc)) };
  }

  /** The partner's transitions from the audit trail, oldest first: for the company's own readers. */
  async function timeline(caller: Caller, id: string): Promise<{ items: TimelineEntry[] }> {
    const doc = await readable(caller, id);
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('Partner', doc), 'checks');
    const events = await AuditEventModel.find({ 'subject.type': 'Partner', 'subject.id': id })
      .sort({ seq: 1 })
      .limit(1000)
      .lean();
    return {
      items: events.map((e) => ({
        seq: e.seq,
        at: e.at.toISOString(),
        action: e.action,
        actor: { sub: e.actor.sub ?? '', roles: e.actor.roles ?? [] },
        ...present({
          before: e.before as Record<string, unknown> | undefined,
          after: e.after as Record<string, unknown> | undefined,
          reason: e.reason ?? undefined,
          ruleVersion: e.ruleVersion ?? undefined,
        }),
      })),
    };
  }

  /**
   * Stores the nomination and starts the partner's workflow; if the start fails, nothing is left
   * behind. A code that is blacklisted or nominated already is refused with the reason.
   */
  async function nominate(caller: Caller, body: NominatePartnerBody): Promise<PartnerView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('nominate', 'Partner');
    const listed = await blacklist.findOne({ creditCode: body.creditCode }).lean();
    if (listed) {
      throw new DomainError('partner.blacklisted', `credit code ${body.creditCode} is blacklisted: ${listed.reason}`);
    }
    const id = randomUUID();
    const nominatedBy = caller.claims.sub;
    const nominatingUnit = caller.claims.unit;
    try {
      await partners.create({
        _id: id,
        ...body,
        nominatedBy,
        ...(nominatingUnit ? { nominatingUnit } : {}),
        status: 'nominated',
        version: 0,
      });
    } catch (err) {
      if (isDuplicateKey(err)) {
        const existing = await partners.findOne({ creditCode: body.creditCode }, { status: 1, createdAt: 1 }).lean();
        const since = existing
          ? ` on ${existing.createdAt.toISOString().slice(0, 10)} and is ${existing.status}` +
            (RENOMINABLE_STATUSES.includes(existing.status)
              ? `; nominate it again with POST /api/partners/${existing._id}/renomination`
              : '')
          : '';
        throw new DomainError(
          'partner.already_nominated',
          `a partner with credit code ${body.creditCode} was nominated${since}`,
          existing ? { partnerId: existing._id } : undefined,
        );
      }
      throw err;
    }
    await appendAuditEvent({
      eventKey: `partner:${id}:nominated`,
      actor: caller.claims,
      action: 'partner.nominated',
      subject: { type: 'Partner', id },
      after: { status: 'nominated', legalName: body.legalName, creditCode: body.creditCode },
    });
    const input: PartnerLifecycleInput = {
      partnerId: id,
      creditCode: body.creditCode,
      legalName: body.legalName,
      nominatedBy,
      ...(nominatingUnit ? { nominatingUnit } : {}),
      certifications: body.certifications,
      dataLocations: body.dataLocations,
      questionnaireVersion: CURRENT_QUESTIONNAIRE_VERSION,
      periods: {
        validityMonths: parameters.partnerRevettingMonths,
        revettingLeadDays: parameters.partnerRevettingLeadDays,
        questionnaireDays: parameters.questionnaireDeadlineDays,
        reviewDays: parameters.reviewDeadlineDays,
      },
    };
    try {
      await temporal.workflow.start('partnerLifecycle', {
        workflowId: partnerWorkflowId(id),
        taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: partnerStatusKey, value: 'nominated' },
          ...(nominatingUnit ? [{ key: nominatingUnitKey, value: nominatingUnit }] : []),
        ],
      });
    } catch (err) {
      // The start may have failed after the server took it: end such a run before its partner goes.
      await temporal.workflow
        .getHandle(partnerWorkflowId(id))
        .terminate('the nomination was rolled back')
        .catch((terminateErr: unknown) => logger.warn({ err: terminateErr, partnerId: id }, 'no run to terminate'));
      await partners.deleteOne({ _id: id, version: 0 });
      await appendAuditEvent({
        eventKey: `partner:${id}:nomination_withdrawn`,
        actor: caller.claims,
        action: 'partner.nomination_withdrawn',
        subject: { type: 'Partner', id },
        before: { status: 'nominated' },
        reason: 'the workflow service did not accept the nomination',
      });
      logger.error({ err, partnerId: id }, 'partner workflow did not start; nomination rolled back');
      throw new DomainError('service.unavailable', 'the workflow service did not accept the nomination; try again');
    }
    return viewFor(caller, await load(id));
  }

  /**
   * Checks the caller's ability on the stored partner, sends the update to the partner's workflow
   * (whose validator has the last word), and answers with what the store then holds.
   */
  async function send(
    caller: Caller,
    id: string,
    action: Action,
    update: (handle: WorkflowHandle, current: StoredPartner) => Promise<unknown>,
  ): Promise<PartnerView> {
    const current = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan(action, subject('Partner', current));
    try {
      await update(temporal.workflow.getHandle(partnerWorkflowId(id)), current);
    } catch (err) {
      throw domainErrorOfUpdate(err, current.status);
    }
    return viewFor(caller, await load(id));
  }

  const actor = (caller: Caller) => caller.claims;

  return {
    get,
    list,
    timeline,
    nominate,
    decide: (caller: Caller, id: string, body: PartnerDecisionBody) =>
      send(caller, id, body.outcome, (h) =>
        h.executeUpdate(decideUpdate, {
          // `reviewer` is for partners still run by the first version of the workflow, which reads it.
          args: [{ ...body, actor: actor(caller), reviewer: caller.claims.sub }],
        }),
      ),
    submitAnswers: (caller: Caller, id: string, body: QuestionnaireAnswersBody) =>
      send(caller, id, 'answer', (h) =>
        h.executeUpdate(submitAnswersUpdate, { args: [{ answers: body.answers, actor: actor(caller) }] }),
      ),
    requestInformation: (caller: Caller, id: string, body: { question: string }) =>
      send(caller, id, 'approve', (h) =>
        h.executeUpdate(requestInformationUpdate, { args: [{ question: body.question, actor: actor(caller) }] }),
      ),
    provideInformation: (caller: Caller, id: string, body: { answer: string }) =>
      send(caller, id, 'answer', (h) =>
        h.executeUpdate(provideInformationUpdate, { args: [{ answer: body.answer, actor: actor(caller) }] }),
      ),
    renominate: (caller: Caller, id: string, body: RenominationBody) =>
      send(caller, id, 'nominate', (h, current) =>
        h.executeUpdate(renominateUpdate, {
          args: [
            {
              reason: body.reason,
              // What is not given stays as nominated.
              certifications: body.certifications ?? (viewOf(current).certifications as CertificationClaim[]),
              dataLocations: body.dataLocations ?? current.dataLocations ?? [],
              actor: actor(caller),
            },
          ],
        }),
      ),
    blacklist: (caller: Caller, id: string, body: { reason: string }) =>
      send(caller, id, 'blacklist', (h) =>
        h.executeUpdate(blacklistUpdate, { args: [{ reason: body.reason, actor: actor(caller) }] }),
      ),
  };
}

export type PartnerService = ReturnType<typeof createPartnerService>;

function viewOf(doc: StoredPartner): PartnerView {
  return {
    id: doc._id,
    legalName: doc.legalName,
    creditCode: doc.creditCode,
    contacts: doc.contacts.map(({ name, email, phone }) => present({ name, email, phone }) as { name: string }),
    nominatedBy: doc.nominatedBy,
    ...present({ nominatingUnit: doc.nominatingUnit, stage: doc.stage }),
    status: doc.status,
    round: doc.round ?? 1,
    certifications: (doc.certifications ?? []).map((c) =>
      present({ kind: c.kind, level: c.level, number: c.number, expiresAt: iso(c.expiresAt) }),
    ) as PartnerView['certifications'],
    dataLocations: doc.dataLocations ?? [],
    checks: (doc.checks ?? []) as NonNullable<PartnerView['checks']>,
    ...present({
      riskScore: doc.riskScore,
      riskTier: doc.riskTier,
      riskReasons: doc.riskReasons as PartnerView['riskReasons'],
      clearance: doc.clearance,
    }),
    approvals: (doc.approvals ?? []).map((a) => present({ ...a, at: iso(a.at) })) as PartnerView['approvals'],
    escalations: doc.escalations ?? 0,
    checkReasons: doc.checkReasons ?? [],
    ...(doc.questionnaire?.version
      ? {
          questionnaire: present({
            version: doc.questionnaire.version,
            sentAt: iso(doc.questionnaire.sentAt),
            dueAt: iso(doc.questionnaire.dueAt),
            answers: doc.questionnaire.answers as Record<string, string> | undefined,
            answeredBy: doc.questionnaire.answeredBy,
            answeredAt: iso(doc.questionnaire.answeredAt),
          }) as PartnerView['questionnaire'],
        }
      : {}),
    informationRequests: (doc.informationRequests ?? []).map((r) =>
      present({ ...r, askedAt: iso(r.askedAt), answeredAt: iso(r.answeredAt) }),
    ) as PartnerView['informationRequests'],
    ...(doc.decision?.outcome
      ? {
          decision: present({
            outcome: doc.decision.outcome,
            by: doc.decision.by ?? doc.decision.reviewer ?? '',
            at: iso(doc.decision.at),
            reason: doc.decision.reason,
          }) as PartnerView['decision'],
        }
      : {}),
    ...present({
      dueAt: iso(doc.dueAt),
      validFrom: iso(doc.validFrom),
      validUntil: iso(doc.validUntil),
      revettingFrom: iso(doc.revettingFrom),
    }),
    ...(doc.blacklisting?.by
      ? {
          blacklisting: {
            by: doc.blacklisting.by,
            at: iso(doc.blacklisting.at) ?? '',
            reason: doc.blacklisting.reason ?? '',
          },
        }
      : {}),
    workflowId: partnerWorkflowId(doc._id),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function domainErrorOfUpdate(err: unknown, currentStatus: string): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type as ErrorCode | undefined;
    if (code && (ERROR_CODES as readonly string[]).includes(code)) return new DomainError(code, err.cause.message);
    if (err.cause.message.startsWith('No registered handler for update')) {
      // A partner still run by the first version of the workflow, which has no such step.
      return new DomainError(
        'partner.not_supported_by_version',
        `the partner is ${currentStatus} under the first version of its process, which cannot do this`,
      );
    }
  }
  if (err instanceof WorkflowNotFoundError) {
    // The workflow has finished: nothing more happens to this partner.
    return new DomainError('partner.process_ended', `the partner is ${currentStatus}; its process has ended`);
  }
  return err;
}
