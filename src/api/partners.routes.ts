import { z } from 'zod';
import {
  blacklistBody,
  informationRequestBody,
  informationResponseBody,
  nominatePartnerBody,
  partnerDecisionBody,
  partnerIdParams,
  partnerListQuery,
  partnerPage,
  partnerTimeline,
  partnerView,
  questionnaireAnswersBody,
  renominationBody,
} from '../schemas/partner.schema';
import { questionnaireView } from '../schemas/questionnaire.schema';
import type { PartnerService } from '../services/partners';
import type { QuestionnaireService } from '../services/questionnaires';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';
import { stepErrorsOf } from './step-route';

const questionnaireParams = z
  .object({ version: z.string().regex(/^[a-z]+-[0-9]{4}\.[0-9]+$/, 'not a questionnaire version') })
  .strict();

/** A step of the vetting sent to the partner's workflow as an update. */
const STEP_ERRORS = stepErrorsOf('partner');

export function partnerRoutes(partners: PartnerService, questionnaires: QuestionnaireService): Route[] {
  return [
    route({
      method: 'post',
      path: '/api/partners',
      summary: 'Nominate a partner: starts its vetting workflow `partner-<id>`, which answers with its first version',
      body: nominatePartnerBody,
      idempotency: 'create',
      ok: { status: 201, schema: partnerView, description: 'Nominated' },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        409: 'A partner with this credit code was nominated already (`params.partnerId` names it), or the code is blacklisted',
      },
      handle: ({ caller, body, requestKey }) => partners.nominate(caller, body, { requestKey }),
      location: (created: { id: string }) => `/api/partners/${created.id}`,
    }),
    route({
      method: 'get',
      path: '/api/partners',
      summary:
        'Partners the caller may read, filtered by status, risk tier, validity end or nominating unit, in cursor pages',
      query: partnerListQuery,
      ok: { status: 200, schema: partnerPage, description: 'One page of partners' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => partners.list(caller, query),
    }),
    route({
      method: 'get',
      path: '/api/partners/{id}',
      summary: 'A partner, as its workflow last wrote it; a partner user sees no internal risk fields',
      params: partnerIdParams,
      ok: { status: 200, schema: partnerView, description: 'The partner' },
      errors: { ...COMMON_ERRORS, 400: 'Not a partner id', 404: 'No such partner' },
      handle: ({ caller, params }) => partners.get(caller, params.id),
    }),
    route({
      method: 'get',
      path: '/api/partners/{id}/timeline',
      summary:
        "The partner's transitions from the audit trail: actor, reason (a code for the system's) and rule version of each",
      params: partnerIdParams,
      ok: { status: 200, schema: partnerTimeline, description: 'Oldest first' },
      errors: { ...COMMON_ERRORS, 400: 'Not a partner id', 404: 'No such partner' },
      handle: ({ caller, params }) => partners.timeline(caller, params.id),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/answers',
      summary: "The partner's answers to its questionnaire (partner portal; a workflow update)",
      params: partnerIdParams,
      body: questionnaireAnswersBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Answered; the partner as it now is' },
      errors: { ...STEP_ERRORS, 422: 'An answer is missing or not one of its question’s options' },
      handle: ({ caller, params, body, requestKey }) => partners.submitAnswers(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/decision',
      summary:
        "A reviewer's (or, for a high tier, the DSO's) approval or rejection of a partner awaiting review (a workflow update)",
      params: partnerIdParams,
      body: partnerDecisionBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Decided; the partner as it now is' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) => partners.decide(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/information-requests',
      summary: "A reviewer's question back to the partner; the review waits for its answer (a workflow update)",
      params: partnerIdParams,
      body: informationRequestBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Asked; the partner as it now is' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) =>
        partners.requestInformation(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/information-responses',
      summary: "The partner's answer to the open question (partner portal; a workflow update)",
      params: partnerIdParams,
      body: informationResponseBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Answered; back to review' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) =>
        partners.provideInformation(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/renomination',
      summary:
        'Nominate a rejected, expired or lapsed partner again, with a reason: a new vetting round in its workflow (an update)',
      params: partnerIdParams,
      body: renominationBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Nominated again; its checks start' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) => partners.renominate(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/blacklisting',
      summary:
        'The DSO blacklists the partner, with a reason: at any stage, for good; every open agreement is told to suspend',
      params: partnerIdParams,
      body: blacklistBody,
      idempotency: 'step',
      ok: { status: 200, schema: partnerView, description: 'Blacklisted' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) => partners.blacklist(caller, params.id, body, { requestKey }),
    }),
    route({
      method: 'get',
      path: '/api/questionnaires/{version}',
      summary: 'A published questionnaire, its questions and options in zh-CN and en',
      params: questionnaireParams,
      ok: { status: 200, schema: questionnaireView, description: 'The questionnaire' },
      errors: { ...COMMON_ERRORS, 400: 'Not a questionnaire version', 404: 'No such version' },
      handle: ({ params }) => questionnaires.get(params.version),
    }),
  ];
}
