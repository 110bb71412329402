/**
 * The one error middleware: every error becomes an RFC 9457 problem document with a code from
 * policies/errors.ts and its parameters, so any client can say it in its reader's language. Temporal
 * update failures map by their failure's type (the workflows raise the same codes); anything else is a
 * 500 with no detail of the cause (logged here); a store or Temporal that does not answer is a 503 with
 * Retry-After. No stack ever reaches a client.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ForbiddenError } from '@casl/ability';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ZodError, type z } from 'zod';
import { DomainError, isErrorCode, type ErrorCode, type ErrorParams } from '../../policies/errors';
import { problemDetail, problemLocaleOf } from '../../policies/texts/problems';
import { logger } from '../logger';
import { RETRY_AFTER_SECONDS, dependencyUnavailable } from './unavailable';

/** RFC 9457 problem details; every error DataPact's API returns has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  params?: ErrorParams;
  'invalid-params'?: { name: string; reason: string; code: string; params?: ErrorParams }[];
}

export const STATUS_OF: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.forbidden_key': 400,
  'request.too_deep': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.method_not_allowed': 405,
  'request.origin_refused': 403,
  'request.headers_too_large': 431,
  'request.malformed': 400,
  'request.rate_limited': 429,
  'route.not_found': 404,
  'resource.not_found': 404,
  'idempotency.key_reused': 409,
  'idempotency.in_progress': 409,
  'auth.missing_token': 401,
  'auth.invalid_token': 401,
  'auth.forbidden': 403,
  'auth.mixed_identity': 403,
  'auth.no_role': 403,
  'entity.busy': 409,
  'entity.process_ended': 409,
  'payload.unauthentic': 403,
  'codec.namespace_unknown': 400,
  'asset.not_found': 404,
  'asset.code_taken': 409,
  'asset.retired': 409,
  'asset.version_conflict': 409,
  'asset.import_invalid': 422,
  'partner.not_found': 404,
  'partner.already_nominated': 409,
  'partner.blacklisted': 409,
  'partner.not_in_review': 409,
  'partner.already_decided': 409,
  'partner.needs_dso': 403,
  'partner.same_approver': 403,
  'partner.not_renominable': 409,
  'partner.not_awaiting_answers': 409,
  'partner.not_awaiting_information': 409,
  'partner.answers_invalid': 422,
  'questionnaire.not_found': 404,
  'invitation.not_found': 404,
  'invitation.expired': 409,
  'invitation.used': 409,
  'invitation.internal_identity': 403,
  'portal_user.not_found': 404,
  'portal_user.other_partner': 409,
  // Sharing agreements (policies/agreement-*.ts): content 422, state 409, duties 403
  'agreement.not_approvable': 422,
  'agreement.no_assets': 422,
  'agreement.asset_not_found': 422,
  'agreement.asset_retired': 422,
  'agreement.asset_listed_twice': 422,
  'agreement.no_fields': 422,
  'agreement.field_not_on_asset': 422,
  'agreement.term_missing': 422,
  'agreement.date_invalid': 422,
  'agreement.end_before_start': 422,
  'agreement.ends_in_past': 422,
  'agreement.partner_not_approved': 422,
  'agreement.partner_blacklisted': 422,
  'agreement.partner_validity_ends_first': 422,
  'agreement.grade_above_clearance': 422,
  'agreement.control_missing': 422,
  'agreement.foreign_authority_without_approval': 422,
  'agreement.recipient_abroad_not_cross_border': 422,
  'agreement.cross_border_without_destination': 422,
  'agreement.consent_basis_missing': 422,
  'agreement.consent_basis_conflicts_legal_basis': 422,
  'agreement.sensitive_pi_needs_separate_consent': 422,
  'agreement.cross_border_pi_needs_separate_consent': 422,
  'agreement.pi_volume_missing': 422,
  'agreement.sensitive_pi_volume_missing': 422,
  'agreement.volume_inconsistent': 422,
  'agreement.core_data_abroad': 422,
  'agreement.attestation_outstanding': 422,
  'agreement.onward_provision_without_sub_recipient': 422,
  'agreement.sub_recipient_not_approved': 422,
  'agreement.sub_recipient_grade_above_clearance': 422,
  'agreement.record_missing': 422,
  'agreement.record_expired': 422,
  'agreement.not_in_review': 409,
  'agreement.stage_not_current': 409,
  'agreement.stage_role_required': 403,
  'agreement.not_head_of_requesting_unit': 403,
  'agreement.same_approver': 403,
  'agreement.commitment_missing': 403,
  'agreement.commitment_expired': 403,
  'agreement.reason_required': 422,
  'agreement.not_awaiting_regulator': 409,
  'agreement.regulator_reference_required': 422,
  'agreement.not_editable': 409,
  'agreement.not_withdrawable': 409,
  'agreement.not_amendable': 409,
  'agreement.amendment_in_review': 409,
  'agreement.amendment_empty': 422,
  'agreement.amendment_change_not_allowed': 422,
  'agreement.amendment_narrows': 422,
  'agreement.not_running': 409,
  'agreement.no_attestation_awaited': 409,
  'agreement.emergency_revoke_needs_dso': 403,
  'finding.not_open': 409,
  'finding.not_awaiting_verification': 409,
  'finding.own_evidence': 403,
  'finding.reason_required': 422,
  'inspection.parameters_invalid': 422,
  'inspection.rules_changed': 409,
  'agreement.held_by_incident': 409,
  // Incidents: the incident's state 409, what the body says 422
  'incident.not_found': 404,
  'incident.closed': 409,
  'incident.not_closable': 422,
  'incident.drill_by_partner': 403,
  'incident.agreement_not_of_partner': 422,
  'incident.agreement_not_live': 422,
  'incident.asset_not_found': 422,
  'incident.report_not_required': 409,
  'incident.report_already_made': 409,
  'incident.report_not_due': 409,
  'incident.report_time_invalid': 422,
  'incident.report_content_missing': 422,
  'incident.report_not_missed': 409,
  'incident.handling_already_ended': 409,
  'incident.regrade_unchanged': 422,
  'incident.detected_in_future': 422,
  'blacklist.not_found': 404,
  'blacklist.already_listed': 409,
  'blacklist.until_in_past': 422,
  'blacklist.partner_blacklisted': 409,
  'auth.own_request': 403,
  'auth.admin_approves_nothing': 403,
  'auth.auditor_read_only': 403,
  'service.unavailable': 503,
  // An outside system (access gateway, regulator endpoint) refused a call that a retry cannot fix.
  'access.rejected': 502,
  'filing.rejected': 502,
  'filing.not_found': 404,
  'report.not_found': 404,
  'filing.not_reportable': 409,
  internal: 500,
};

const TITLE_OF_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

type ProblemInput = Omit<Problem, 'type' | 'title'> & { title?: string } & Record<string, unknown>;

/**
 * Sends a problem document in the caller's language (Accept-Language: zh-CN or en): its `detail` from
 * the code and params (policies/texts/problems.ts), its `title` and `type` as they are. The language
 * varies by that header, so caches are told.
 */
export function sendProblem(res: Response, problem: ProblemInput): void {
  const locale = problemLocaleOf(res.req?.headers['accept-language']);
  const detail = problemDetail(locale, problem);
  res
    .status(problem.status)
    .type('application/problem+json')
    .setHeader('Content-Language', locale)
    .vary('Accept-Language')
    .json({
      type: `about:blank#${problem.code}`,
      title: problem.title ?? TITLE_OF_STATUS[problem.status] ?? 'Error',
      ...problem,
      ...(detail !== undefined ? { detail } : {}),
    });
}

export const notFoundRoute: RequestHandler = (req, res) => {
  sendProblem(res, {
    status: 404,
    code: 'route.not_found',
    detail: `no route ${req.method} ${req.path}`,
    instance: req.originalUrl,
  });
};

/** Bodies are JSON: anything else that carries a body is refused before it is read. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
  if ((hasBody || req.headers['transfer-encoding']) && !req.is('application/json')) {
    sendProblem(res, {
      status: 415,
      code: 'request.unsupported_media_type',
      detail: 'send the body as application/json',
      instance: req.originalUrl,
    });
    return;
  }
  next();
};

/**
 * A part of a request (path parameters, query, body, headers) checked by its schema. The issues keep the
 * input they refused, so that a field that is missing says `received: 'undefined'` rather than only
 * "expected string" (the console then words it as required); the input itself is never sent back.
 */
export function checkInput<T>(schema: z.ZodType<T>, value: unknown): T {
  return schema.parse(value, { reportInput: true });
}

/** What a validation issue says beyond its message: its limits, format, pattern or expected values. */
function paramsOfIssue(issue: z.core.$ZodIssue): ErrorParams {
  const params: ErrorParams = {};
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) params.received = 'undefined';
  for (const [name, value] of Object.entries(issue)) {
    if (['code', 'path', 'message', 'input', 'inst', 'errors'].includes(name)) continue;
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (typeof value === 'boolean')
      params[name] = String(value); // `inclusive`: a bound's own value allowed or not
    else if (typeof value === 'bigint') params[name] = Number(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
      params[name] = value.join(',');
    else if (name === 'params' && value && typeof value === 'object') Object.assign(params, value);
  }
  return params;
}

/** The problem an error is, or undefined for one the API does not know (a 500). */
function problemOf(err: unknown): Omit<ProblemInput, 'instance'> | undefined {
  if (err instanceof ZodError) {
    return {
      status: 400,
      code: 'request.invalid',
      detail: 'the request does not match its schema',
      'invalid-params': err.issues.map((issue) => ({
        name: issue.path.join('.') || '(body)',
        reason: issue.message,
        code: issue.code,
        params: paramsOfIssue(issue),
      })),
    };
  }
  if (err instanceof ForbiddenError) {
    return {
      status: 403,
      code: 'auth.forbidden',
      detail: err.message,
      params: { action: String(err.action), subject: String(err.subjectType) },
    };
  }
  if (err instanceof DomainError) {
    return {
      status: STATUS_OF[err.code],
      code: err.code,
      detail: err.message,
      ...(err.params ? { params: err.params } : {}),
      ...(err.details ?? {}),
    };
  }
  // A workflow's validator (or handler) refused: its failure's type is a code of the one vocabulary.
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type;
    if (isErrorCode(code)) {
      const [params, reasons] = err.cause.details ?? [];
      return {
        status: STATUS_OF[code],
        code,
        detail: err.cause.message,
        ...(params && typeof params === 'object' ? { params: params as ErrorParams } : {}),
        ...(Array.isArray(reasons) && reasons.length > 0 ? { reasons } : {}),
      };
    }
  }
  if (err instanceof WorkflowNotFoundError) {
    return {
      status: 409,
      code: 'entity.process_ended',
      detail: 'the process of this record has ended: nothing more happens to it',
      params: { workflowId: err.workflowId ?? '' },
    };
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      status: 409,
      code: 'entity.process_ended',
      detail: 'the process of this record has ended and is not started again',
      params: { workflowId: err.workflowId },
    };
  }
  // A path segment that is not valid percent-encoding (`/api/partners/%zz`): Express cannot decode it.
  if (err instanceof URIError) {
    return { status: 400, code: 'request.invalid', detail: 'the path is not valid percent-encoding' };
  }
  const bodyError = err as { type?: string };
  if (bodyError.type === 'entity.too.large') {
    return { status: 413, code: 'request.too_large', detail: 'the request body is too large' };
  }
  if (bodyError.type === 'entity.parse.failed') {
    return { status: 400, code: 'request.malformed_json', detail: 'the body is not valid JSON' };
  }
  if (dependencyUnavailable(err)) {
    return {
      status: 503,
      code: 'service.unavailable',
      detail: 'a server DataPact depends on does not answer; try again shortly',
    };
  }
  if (bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
    return { status: 415, code: 'request.unsupported_media_type', detail: 'send UTF-8 JSON' };
  }
  return undefined;
}

export const problemHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const problem = problemOf(err);
  if (problem) {
    if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    sendProblem(res, { ...problem, instance: req.originalUrl } as ProblemInput);
    return;
  }
  logger.error({ err, path: req.path, method: req.method }, 'unhandled error');
  sendProblem(res, {
    status: 500,
    code: 'internal',
    detail: 'an internal error occurred; it has been logged',
    instance: req.originalUrl,
  });
};
