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
import { readRouteOf } from './read-route';
import { stepErrorsOf, stepRouteOf } from './step-route';

const questionnaireParams = z
  .object({ version: z.string().regex(/^[a-z]+-[0-9]{4}\.[0-9]+$/, 'not a questionnaire version') })
  .strict();

/** A step of the vetting sent to the partner's workflow as an update. */
const STEP_ERRORS = stepErrorsOf('partner');

export function partnerRoutes(partners: PartnerService, questionnaires: QuestionnaireService): Route[] {
  const entity = { base: '/api/partners', noun: 'partner', params: partnerIdParams };
  const readRoute = readRouteOf({ ...entity, idName: 'a partner id' });
  const stepRoute = stepRouteOf({ ...entity, view: partnerView, errors: STEP_ERRORS });

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
    readRoute(
      '',
      'A partner, as its workflow last wrote it; a partner user sees no internal risk fields',
      { schema: partnerView, description: 'The partner' },
      ({ caller, id }) => partners.get(caller, id),
    ),
    readRoute(
      'timeline',
      "The partner's transitions from the audit trail: actor, reason (a code for the system's) and rule version of each",
      { schema: partnerTimeline, description: 'Oldest first' },
      ({ caller, id }) => partners.timeline(caller, id),
    ),
    stepRoute(
      'answers',
      "The partner's answers to its questionnaire (partner portal; a workflow update)",
      questionnaireAnswersBody,
      ({ caller, id, body, requestKey }) => partners.submitAnswers(caller, id, body, { requestKey }),
      {
        done: 'Answered; the partner as it now is',
        errors: { 422: 'An answer is missing or not one of its question’s options' },
      },
    ),
    stepRoute(
      'decision',
      "A reviewer's (or, for a high tier, the DSO's) approval or rejection of a partner awaiting review (a workflow update)",
      partnerDecisionBody,
      ({ caller, id, body, requestKey }) => partners.decide(caller, id, body, { requestKey }),
      { done: 'Decided; the partner as it now is' },
    ),
    stepRoute(
      'information-requests',
      "A reviewer's question back to the partner; the review waits for its answer (a workflow update)",
      informationRequestBody,
      ({ caller, id, body, requestKey }) => partners.requestInformation(caller, id, body, { requestKey }),
      { done: 'Asked; the partner as it now is' },
    ),
    stepRoute(
      'information-responses',
      "The partner's answer to the open question (partner portal; a workflow update)",
      informationResponseBody,
      ({ caller, id, body, requestKey }) => partners.provideInformation(caller, id, body, { requestKey }),
      { done: 'Answered; back to review' },
    ),
    stepRoute(
      'renomination',
      'Nominate a rejected, expired or lapsed partner again, with a reason: a new vetting round in its workflow (an update)',
      renominationBody,
      ({ caller, id, body, requestKey }) => partners.renominate(caller, id, body, { requestKey }),
      { done: 'Nominated again; its checks start' },
    ),
    stepRoute(
      'blacklisting',
      'The DSO blacklists the partner, with a reason: at any stage, for good; every open agreement is told to suspend',
      blacklistBody,
      ({ caller, id, body, requestKey }) => partners.blacklist(caller, id, body, { requestKey }),
      { done: 'Blacklisted' },
    ),
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
