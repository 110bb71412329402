/**
 * One vocabulary of error codes for domain code, activities and workflows. Workflows raise the same
 * codes as `ApplicationFailure` types, so the API maps both to one problem document.
 */
export const ERROR_CODES = [
  'resource.not_found',
  'asset.not_found',
  'asset.code_taken',
  'asset.retired',
  'asset.version_conflict',
  'asset.import_invalid',
  'idempotency.key_reused',
  'idempotency.in_progress',
  'request.forbidden_key',
  'request.too_deep',
  'partner.not_found',
  'partner.already_nominated',
  'partner.blacklisted',
  'partner.not_in_review',
  'partner.already_decided',
  'partner.needs_dso',
  'partner.same_approver',
  'partner.process_ended',
  'partner.not_renominable',
  'partner.not_supported_by_version',
  'partner.not_awaiting_answers',
  'partner.not_awaiting_information',
  'partner.answers_invalid',
  'questionnaire.not_found',
  'request.invalid',
  'auth.forbidden',
  'auth.mixed_identity',
  'service.unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
