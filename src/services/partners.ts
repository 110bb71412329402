/**
 * The partner use cases the API calls (S2, S6, S9). The partner's document is written only by its
 * workflow `partner-<id>`: a nomination starts the workflow with an update (update-with-start) that
 * answers with the partner's first version; every later step is an update whose result the API shows.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError } from '@casl/ability';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Caller } from '../../policies/abilities';
import { isListingInForce } from '../../policies/blacklist';
import { DomainError } from '../../policies/errors';
import type { Parameters } from '../../policies/parameters';
import { partnerWorkflowId } from '../../workflows/ids';
import {
  blacklistUpdate,
  decideUpdate,
  nominateUpdate,
  provideInformationUpdate,
  renominateUpdate,
  requestInformationUpdate,
  submitAnswersUpdate,
  type Nomination,
  type PartnerLifecycleInput,
} from '../../workflows/partner/messages';
import { nominatingUnitKey, partnerStatusKey } from '../../workflows/search-attributes';
import { CURRENT_QUESTIONNAIRE_VERSION } from '../data/questionnaires';
import { partnerEntity } from '../entities/partner';
import type { AuditEventModel } from '../models/audit-event.model';
import type { BlacklistModel } from '../models/blacklist.model';
import type { NominatePartnerBody, PartnerListQuery, PartnerView, RenominationBody } from '../schemas/partner.schema';
import { entityAccess, sentWith, type StepOptions } from './entity-access';

export interface PartnerServiceDeps {
  temporal: Client;
  taskQueue: string;
  blacklist: typeof BlacklistModel;
  auditEvents: typeof AuditEventModel;
  parameters: Pick<
    Parameters,
    'partnerRevettingMonths' | 'partnerRevettingLeadDays' | 'questionnaireDeadlineDays' | 'reviewDeadlineDays'
  >;
}

/** A partner's id, derived from its credit code: one organisation, one partner, one workflow. */
export function partnerIdOf(creditCode: string): string {
  const hex = createHash('sha256').update(`datapact:partner:${creditCode}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createPartnerService(deps: PartnerServiceDeps) {
  const { temporal, taskQueue, blacklist, parameters } = deps;
  const partners = entityAccess({
    temporal,
    entity: partnerEntity,
    notFound: 'partner.not_found',
    auditEvents: deps.auditEvents,
  });
  const PartnerModel = partnerEntity.model;
  async function list(caller: Caller, query: PartnerListQuery) {
    // A filter on a field the caller may not read would tell its value: refused, not applied.
    const filtered = { riskTier: query.tier, nominatingUnit: query.nominatingUnit };
    for (const [field, value] of Object.entries(filtered)) {
      if (value !== undefined) ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Partner', field);
    }
    const filters: Record<string, unknown>[] = [];
    if (query.status) filters.push({ status: query.status });
    if (query.tier) filters.push({ riskTier: query.tier });
    if (query.validUntilBefore) filters.push({ validUntil: { $lt: new Date(query.validUntilBefore) } });
    if (query.nominatingUnit) filters.push({ nominatingUnit: query.nominatingUnit });
    return await partners.list(caller, filters, query);
  }

  /**
   * Starts the partner's workflow with the nomination (one per credit code): it writes the partner's
   * first version and answers with it. A code on the blacklist, or nominated already, is refused with
   * the reason; nothing is written by the API, so a request that dies midway leaves nothing behind.
   */
  async function nominate(caller: Caller, body: NominatePartnerBody, options: StepOptions = {}): Promise<PartnerView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('nominate', 'Partner');
    const listed = await blacklist.findOne({ creditCode: body.creditCode }).lean();
    if (listed && isListingInForce(listed, new Date())) {
      throw new DomainError('partner.blacklisted', `credit code ${body.creditCode} is blacklisted: ${listed.reason}`, {
        creditCode: body.creditCode,
        reason: listed.reason,
      });
    }
    const partnerId = partnerIdOf(body.creditCode);
    // A partner nominated before ids were derived from credit codes keeps its own id.
    const earlier = await PartnerModel.findOne({ creditCode: body.creditCode }, { status: 1, createdAt: 1 }).lean<{
      _id: string;
      status: string;
      createdAt: Date;
    }>();
    if (earlier && earlier._id !== partnerId) {
      throw new DomainError(
        'partner.already_nominated',
        `a partner with credit code ${body.creditCode} was nominated and is ${earlier.status}`,
        {
          partnerId: earlier._id,
          creditCode: body.creditCode,
          status: earlier.status,
          nominatedAt: earlier.createdAt.toISOString(),
        },
      );
    }
    const requestId = options.requestKey ? digest(`${caller.claims.sub}:${options.requestKey}`) : randomUUID();
    const nomination: Nomination = {
      partnerId,
      requestId,
      fields: body,
      nominator: caller.claims,
      questionnaireVersion: CURRENT_QUESTIONNAIRE_VERSION,
      periods: {
        validityMonths: parameters.partnerRevettingMonths,
        revettingLeadDays: parameters.partnerRevettingLeadDays,
        questionnaireDays: parameters.questionnaireDeadlineDays,
        reviewDays: parameters.reviewDeadlineDays,
      },
    };
    const input: PartnerLifecycleInput = { nomination };
    const unit = caller.claims.unit;
    try {
      const first = await temporal.workflow.executeUpdateWithStart(nominateUpdate, {
        args: [sentWith({ requestId, actor: caller.claims }, requestId)],
        updateId: requestId,
        startWorkflowOperation: new WithStartWorkflowOperation('partnerLifecycle', {
          workflowId: partnerWorkflowId(partnerId),
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: partnerStatusKey, value: 'nominated' },
            ...(unit ? [{ key: nominatingUnitKey, value: unit }] : []),
          ],
        }),
      });
      return partners.viewFor(caller, first);
    } catch (err) {
      // The code's workflow has ended for good: only a blacklisting ends it.
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new DomainError('partner.blacklisted', `the partner with credit code ${body.creditCode} is blacklisted`, {
          creditCode: body.creditCode,
          partnerId,
        });
      }
      throw err;
    }
  }

  const renominateStep = partners.step('renominate', 'nominate', renominateUpdate);

  return {
    get: partners.get,
    list,
    /** The partner's transitions, for the company's own readers. */
    timeline: (caller: Caller, id: string) => partners.timeline(caller, id, 'checks'),
    nominate,
    decide: partners.step('decide', (body) => body.outcome, decideUpdate),
    submitAnswers: partners.step('answers', 'answer', submitAnswersUpdate),
    requestInformation: partners.step('ask', 'approve', requestInformationUpdate),
    provideInformation: partners.step('reply', 'answer', provideInformationUpdate),
    renominate: async (caller: Caller, id: string, body: RenominationBody, options: StepOptions = {}) => {
      // A code on the blacklist is not vetted again (its checks would refuse it at once).
      const current = await partners.readable(caller, id);
      const listed = await blacklist.findOne({ creditCode: current.creditCode }).lean();
      if (listed && isListingInForce(listed, new Date())) {
        throw new DomainError(
          'partner.blacklisted',
          `credit code ${current.creditCode} is blacklisted: ${listed.reason}`,
          {
            creditCode: current.creditCode,
            reason: listed.reason,
          },
        );
      }
      return await renominateStep(caller, id, body, options);
    },
    blacklist: partners.step('blacklist', 'blacklist', blacklistUpdate),
  };
}

export type PartnerService = ReturnType<typeof createPartnerService>;

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
