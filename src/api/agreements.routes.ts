import { z } from 'zod';
import {
  agreementIdParams,
  agreementListQuery,
  agreementPage,
  agreementView,
  amendmentBody,
  attestationBody,
  createAgreementBody,
  editAgreementBody,
  emptyBody,
  filingConfirmationBody,
  previewBody,
  previewView,
  reasonBody,
  regulatorDecisionBody,
  stageDecisionBody,
  usageReportBody,
} from '../schemas/agreement.schema';
import { partnerTimeline } from '../schemas/partner.schema';
import type { AgreementService } from '../services/agreements';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';
import { readRouteOf } from './read-route';
import { stepErrorsOf, stepRouteOf } from './step-route';

/** A step of an agreement sent to its workflow as an update. */
const STEP_ERRORS = stepErrorsOf('agreement', {
  422: 'The request cannot be approved: every reason is listed in `reasons`',
});

const snapshotsView = z.object({
  items: z.array(
    z.object({ key: z.string(), kind: z.string(), at: z.string(), rulesVersion: z.string(), snapshot: z.unknown() }),
  ),
});

export function agreementRoutes(agreements: AgreementService): Route[] {
  const entity = { base: '/api/agreements', noun: 'agreement', params: agreementIdParams };
  const readRoute = readRouteOf({ ...entity, idName: 'an agreement id' });
  const stepRoute = stepRouteOf({ ...entity, view: agreementView, errors: STEP_ERRORS });

  return [
    route({
      method: 'post',
      path: '/api/agreements',
      summary:
        'Draft a sharing request (a business unit): starts the workflow `agreement-<id>`, which answers with the draft',
      body: createAgreementBody,
      idempotency: 'create',
      ok: { status: 201, schema: agreementView, description: 'Drafted' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such partner' },
      handle: ({ caller, body, requestKey }) => agreements.create(caller, body, { requestKey }),
      location: (created: { id: string }) => `/api/agreements/${created.id}`,
    }),
    route({
      method: 'post',
      path: '/api/agreements/preview',
      summary:
        'What the rules say of a request before it is submitted: its route and why, every refusal, what blocks approval, whether it is reportable (nothing stored)',
      body: previewBody,
      ok: { status: 200, schema: previewView, description: 'The evaluation' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS },
      handle: ({ caller, body }) => agreements.preview(caller, body),
    }),
    route({
      method: 'get',
      path: '/api/agreements',
      summary:
        'Agreements the caller may read, by status, partner, unit, grade, end month, or awaiting the caller, in cursor pages',
      query: agreementListQuery,
      ok: { status: 200, schema: agreementPage, description: 'One page of agreements' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => agreements.list(caller, query),
    }),
    readRoute(
      '',
      'An agreement as its workflow last wrote it; a partner user sees no internal fields',
      { schema: agreementView, description: 'The agreement' },
      ({ caller, id }) => agreements.get(caller, id),
    ),
    route({
      method: 'patch',
      path: '/api/agreements/{id}',
      summary: 'Change a draft or a returned request (its requester): the whole request as it now stands',
      params: agreementIdParams,
      body: editAgreementBody,
      idempotency: 'step',
      ok: { status: 200, schema: agreementView, description: 'Changed' },
      errors: STEP_ERRORS,
      handle: ({ caller, params, body, requestKey }) => agreements.edit(caller, params.id, body, { requestKey }),
    }),
    readRoute(
      'timeline',
      "The agreement's transitions from the audit trail (the company's own readers)",
      { schema: partnerTimeline, description: 'Oldest first' },
      ({ caller, id }) => agreements.timeline(caller, id),
    ),
    readRoute(
      'snapshots',
      "What each of the agreement's decisions was made on: the rules version, the inputs and their evaluation",
      { schema: snapshotsView, description: 'Oldest first' },
      ({ caller, id }) => agreements.snapshots(caller, id),
    ),
    stepRoute(
      'submission',
      'Submit the request: refused with every reason at once, or routed to its approval stages',
      emptyBody,
      ({ caller, id, requestKey }) => agreements.submit(caller, id, { requestKey }),
    ),
    stepRoute(
      'withdrawal',
      'Withdraw the request before it is approved (its requester), with a reason',
      reasonBody,
      ({ caller, id, body, requestKey }) => agreements.withdraw(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'decisions',
      "A stage's decision (its approver): approve, reject, or return for changes; the last approval reads the rules afresh",
      stageDecisionBody,
      ({ caller, id, body, requestKey }) => agreements.decide(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'regulator-decision',
      "The regulator's decision on a core-data request, with its reference (the DSO records it)",
      regulatorDecisionBody,
      ({ caller, id, body, requestKey }) => agreements.recordRegulatorDecision(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'filing-confirmation',
      "The regulator's confirmation of the filing of a reportable provision",
      filingConfirmationBody,
      ({ caller, id, body, requestKey }) => agreements.confirmFiling(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'usage-reports',
      "The partner's usage report of a period (partner portal): checked against the approval",
      usageReportBody,
      ({ caller, id, body, requestKey }) => agreements.submitUsageReport(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'resumption',
      'Resume a suspended agreement (a security reviewer), with a reason',
      reasonBody,
      ({ caller, id, body, requestKey }) => agreements.resume(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'recertification',
      'The head of the requesting unit confirms the sharing is still needed',
      emptyBody,
      ({ caller, id, requestKey }) => agreements.recertify(caller, id, { requestKey }),
    ),
    stepRoute(
      'amendments',
      'Ask for more (fields, assets, a later end, more volume): routed again while the approved scope runs',
      amendmentBody,
      ({ caller, id, body, requestKey }) => agreements.amend(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'early-end',
      'End the agreement early (its requester, unit head or the DSO), with a reason: access revoked',
      reasonBody,
      ({ caller, id, body, requestKey }) => agreements.endEarly(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'emergency-revocation',
      'Revoke the agreement at once (the DSO), with a reason: access removed, the partner asked to delete',
      reasonBody,
      ({ caller, id, body, requestKey }) => agreements.emergencyRevoke(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'deletion-attestation',
      "The partner's attestation that the data is deleted (partner portal): what, when, by whom, how",
      attestationBody,
      ({ caller, id, body, requestKey }) => agreements.submitAttestation(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'attestation-waiver',
      "Waive a missing deletion attestation (the DSO), with a reason: the partner's new requests are no longer blocked",
      reasonBody,
      ({ caller, id, body, requestKey }) => agreements.waiveAttestation(caller, id, body, { requestKey }),
    ),
  ];
}
