import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ForbiddenError } from '@casl/ability';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode } from '../../policies/errors';
import { logger } from '../logger';

/** RFC 9457 problem details; every error DataPact's API returns has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  'invalid-params'?: { name: string; reason: string }[];
}

const STATUS_OF: Record<ErrorCode, number> = {
  'resource.not_found': 404,
  'asset.not_found': 404,
  'asset.code_taken': 409,
  'asset.retired': 409,
  'asset.version_conflict': 409,
  'asset.import_invalid': 422,
  'idempotency.key_reused': 409,
  'idempotency.in_progress': 409,
  'request.forbidden_key': 400,
  'request.too_deep': 400,
  'partner.not_found': 404,
  'partner.already_nominated': 409,
  'partner.blacklisted': 409,
  'partner.not_in_review': 409,
  'partner.already_decided': 409,
  'partner.needs_dso': 403,
  'partner.same_approver': 403,
  'partner.process_ended': 409,
  'partner.not_renominable': 409,
  'partner.not_supported_by_version': 409,
  'partner.not_awaiting_answers': 409,
  'partner.not_awaiting_information': 409,
  'partner.answers_invalid': 422,
  'questionnaire.not_found': 404,
  'request.invalid': 400,
  'auth.forbidden': 403,
  'auth.mixed_identity': 403,
  'service.unavailable': 503,
};

const TITLE_OF_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(res: Response, problem: Omit<Problem, 'type' | 'title'> & { title?: string }): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `about:blank#${problem.code}`,
      title: problem.title ?? TITLE_OF_STATUS[problem.status] ?? 'Error',
      ...problem,
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
    });
    return;
  }
  next();
};

/** The one error middleware: maps every error to a problem document; no stack ever reaches a client. */
export const problemHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const instance = req.originalUrl;
  if (err instanceof ZodError) {
    sendProblem(res, {
      status: 400,
      code: 'request.invalid',
      detail: 'the request does not match its schema',
      instance,
      'invalid-params': err.issues.map((i) => ({ name: i.path.join('.') || '(body)', reason: i.message })),
    });
    return;
  }
  if (err instanceof ForbiddenError) {
    sendProblem(res, { status: 403, code: 'auth.forbidden', detail: err.message, instance });
    return;
  }
  if (err instanceof DomainError) {
    sendProblem(res, {
      status: STATUS_OF[err.code],
      code: err.code,
      detail: err.message,
      instance,
      ...(err.details ?? {}),
    });
    return;
  }
  const bodyError = err as { type?: string; status?: number };
  if (bodyError.type === 'entity.too.large') {
    sendProblem(res, { status: 413, code: 'request.too_large', detail: 'the request body is too large', instance });
    return;
  }
  if (bodyError.type === 'entity.parse.failed') {
    sendProblem(res, { status: 400, code: 'request.malformed_json', detail: 'the body is not valid JSON', instance });
    return;
  }
  if (bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
    sendProblem(res, { status: 415, code: 'request.unsupported_media_type', detail: 'send UTF-8 JSON', instance });
    return;
  }
  logger.error({ err, path: req.path, method: req.method }, 'unhandled error');
  sendProblem(res, {
    status: 500,
    code: 'internal',
    detail: 'an internal error occurred; it has been logged',
    instance,
  });
};
