/**
 * One vocabulary of error codes for the API, domain code, activities and workflows. Workflows raise the
 * same codes as `ApplicationFailure` types (with the parameters as the failure's first detail), so the
 * API maps both to one problem document, and any client renders the code and its parameters in its
 * reader's language. `src/api/problem.ts` gives each code its HTTP status.
 */
import { REQUEST_REFUSAL_CODES } from './agreement-reasons';

export const ERROR_CODES = [
  // The request itself
  'request.invalid',
  'request.malformed_json',
  'request.forbidden_key',
  'request.too_deep',
  'request.too_large',
  'request.unsupported_media_type',
  'request.method_not_allowed',
  'request.origin_refused',
  'request.headers_too_large',
  'request.malformed',
  'request.rate_limited',
  'route.not_found',
  'resource.not_found',
  'idempotency.key_reused',
  'idempotency.in_progress',
  // Who is asking
  'auth.missing_token',
  'auth.invalid_token',
  'auth.forbidden',
  'auth.mixed_identity',
  'auth.no_role',
  // Entities run by a workflow
  'entity.busy',
  'entity.process_ended',
  'payload.unauthentic',
  'codec.namespace_unknown',
  // The data inventory
  'asset.not_found',
  'asset.code_taken',
  'asset.retired',
  'asset.version_conflict',
  'asset.import_invalid',
  // Partners
  'partner.not_found',
  'partner.already_nominated',
  'partner.blacklisted',
  'partner.not_in_review',
  'partner.already_decided',
  'partner.needs_dso',
  'partner.same_approver',
  'partner.not_renominable',
  'partner.not_awaiting_answers',
  'partner.not_awaiting_information',
  'partner.answers_invalid',
  'questionnaire.not_found',
  // Partner organisations' portal users
  'invitation.not_found',
  'invitation.expired',
  'invitation.used',
  'invitation.internal_identity',
  'portal_user.not_found',
  'portal_user.other_partner',
  // Sharing agreements: a request that cannot be approved, and decisions or actions refused (policies/agreement-*.ts)
  'agreement.not_approvable',
  ...REQUEST_REFUSAL_CODES,
  'agreement.record_missing',
  'agreement.record_expired',
  'agreement.not_in_review',
  'agreement.stage_not_current',
  'agreement.stage_role_required',
  'agreement.not_head_of_requesting_unit',
  'agreement.same_approver',
  'agreement.commitment_missing',
  'agreement.commitment_expired',
  'agreement.reason_required',
  'agreement.not_awaiting_regulator',
  'agreement.regulator_reference_required',
  'agreement.not_editable',
  'agreement.not_withdrawable',
  'agreement.not_amendable',
  'agreement.amendment_in_review',
  'agreement.amendment_empty',
  'agreement.amendment_change_not_allowed',
  'agreement.amendment_narrows',
  'agreement.not_running',
  'agreement.no_attestation_awaited',
  'agreement.emergency_revoke_needs_dso',
  // Inspections and rectification (policies/rectification-steps.ts, what-if)
  'finding.not_open',
  'finding.not_awaiting_verification',
  'finding.own_evidence',
  'finding.reason_required',
  'inspection.parameters_invalid',
  'inspection.rules_changed',
  'agreement.held_by_incident',
  // Incidents (policies/incident-response.ts)
  'incident.not_found',
  'incident.closed',
  'incident.not_closable',
  'incident.drill_by_partner',
  'incident.agreement_not_of_partner',
  'incident.agreement_not_live',
  'incident.asset_not_found',
  'incident.report_not_required',
  'incident.report_already_made',
  'incident.report_not_due',
  'incident.report_time_invalid',
  'incident.report_content_missing',
  'incident.report_not_missed',
  'incident.handling_already_ended',
  'incident.regrade_unchanged',
  'incident.detected_in_future',
  // The internal blacklist
  'blacklist.not_found',
  'blacklist.already_listed',
  'blacklist.until_in_past',
  'blacklist.partner_blacklisted',
  'auth.own_request',
  'auth.admin_approves_nothing',
  'auth.auditor_read_only',
  // The platform
  'service.unavailable',
  'access.rejected',
  'filing.rejected',
  'filing.not_found',
  'filing.not_reportable',
  // The monthly report
  'report.not_found',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Parameters of a code: what a client needs to say it in its reader's language. */
export type ErrorParams = Record<string, string | number>;

/** Why something may not happen: a code, its parameters, and an English message for logs and tools. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
}

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly params?: ErrorParams,
    /** Further members of the problem document (e.g. `errors` of a CSV import). */
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static of(refusal: Refusal): DomainError {
    return new DomainError(refusal.code, refusal.message, refusal.params);
  }
}
