import { z } from 'zod';
import { auditPage, auditQuery, chainVerdictView } from '../schemas/audit.schema';
import {
  assetExportQuery,
  assetListQuery,
  assetPage,
  assetView,
  createAssetBody,
  importReport,
  retireAssetBody,
  updateAssetBody,
} from '../schemas/data-asset.schema';
import {
  blacklistBody,
  informationRequestBody,
  informationResponseBody,
  nominatePartnerBody,
  partnerDecisionBody,
  partnerListQuery,
  partnerPage,
  partnerTimeline,
  partnerView,
  questionnaireAnswersBody,
  renominationBody,
} from '../schemas/partner.schema';
import { questionnaireView } from '../schemas/questionnaire.schema';
import { permissionQuery, permissionView } from '../schemas/permission.schema';
import { claimsSchema } from '../auth/jwt';
import { WORK_ITEM_KINDS } from '../services/my-work';
import { signInConfigView } from '../auth/sign-in-config';
import { MAX_JSON_DEPTH } from './safe-input';
import { MAX_REPORTED_ERRORS } from '../services/asset-csv';

const workView = z.object({
  items: z.array(
    z.object({
      kind: z.enum(WORK_ITEM_KINDS),
      params: z.record(z.string(), z.string()),
      subject: z.object({ type: z.string(), id: z.string() }),
      dueAt: z.string().optional(),
      overdue: z.boolean(),
      link: z.string(),
      notificationId: z.string().optional(),
    }),
  ),
});

/** RFC 9457 problem document, as every error route returns it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  'invalid-params': z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  /** On 409 `partner.already_nominated`: the partner nominated with that credit code. */
  partnerId: z.string().optional(),
  /**
   * A rejected CSV import: its first problems (at most MAX_REPORTED_ERRORS, by line) by line and column,
   * with a code the console translates; `errorCount` counts them all.
   */
  errors: z
    .array(
      z.object({
        line: z.number().int(),
        column: z.string(),
        code: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        message: z.string(),
      }),
    )
    .max(MAX_REPORTED_ERRORS)
    .optional(),
  /** A rejected CSV import: how many problems the file has in all, reported or not. */
  errorCount: z.number().int().optional(),
});

type Method = 'get' | 'post' | 'patch';

/** One operation of the API: the same zod schemas the route parses with describe it here. */
export interface Operation {
  method: Method;
  path: string;
  summary: string;
  auth?: false;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyType?: 'application/json' | 'text/csv';
  idempotent?: boolean;
  ok: { status: number; schema?: z.ZodType; type?: string; description: string };
  errors: Record<number, string>;
}

const COMMON_ERRORS = {
  401: 'No valid bearer token',
  403: "The policy does not allow it, or the token makes a partner organisation's user an insider too (auth.mixed_identity)",
};
const BODY_ERRORS = {
  400: `The body does not match the schema, names an operator or prototype key, or nests deeper than ${MAX_JSON_DEPTH} levels (request.too_deep)`,
  413: 'The body is too large',
  415: 'The body is not JSON',
};
const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `${what} id`,
  schema: { type: 'string' },
});

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/auth/config',
    summary: 'How the console signs people in: dev demo users, a pasted token, or the OpenID provider (code + PKCE)',
    auth: false,
    ok: { status: 200, schema: signInConfigView, description: 'The sign-in mode' },
    errors: {},
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The claims of the signed-in user',
    ok: { status: 200, schema: claimsSchema, description: 'The caller' },
    errors: COMMON_ERRORS,
  },
  {
    method: 'get',
    path: '/api/me/work',
    summary: "The caller's pending items (reviews awaiting them, notifications), overdue first",
    ok: { status: 200, schema: workView, description: 'The items' },
    errors: COMMON_ERRORS,
  },
  {
    method: 'post',
    path: '/api/me/notifications/{id}/read',
    summary: 'Mark a notification addressed to me, my role or my organisation read (audited once); it leaves My work',
    ok: {
      status: 200,
      schema: z.object({ id: z.string(), status: z.literal('read') }),
      description: 'Read (again: no change)',
    },
    errors: {
      ...COMMON_ERRORS,
      403: 'Not its addressee (whoever may read it but is not addressed, e.g. an auditor)',
      404: 'No such notification, or none the caller may read',
    },
  },
  {
    method: 'get',
    path: '/api/me/permissions',
    summary: 'May I? Allowed or not, and which rule decided',
    query: permissionQuery,
    ok: { status: 200, schema: permissionView, description: 'The answer' },
    errors: { ...COMMON_ERRORS, 400: 'Unknown action or subject', 404: 'No such record' },
  },
  {
    method: 'post',
    path: '/api/partners',
    summary: 'Nominate a partner; starts its vetting workflow `partner-<id>`',
    body: nominatePartnerBody,
    idempotent: true,
    ok: { status: 201, schema: partnerView, description: 'Nominated' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      409: 'A partner with this credit code was nominated already, or the code is blacklisted (the detail says which)',
      503: 'The workflow service is unavailable; nothing was stored',
    },
  },
  {
    method: 'get',
    path: '/api/partners',
    summary:
      'Partners the caller may read, filtered by status, risk tier, validity end or nominating unit, in cursor pages',
    query: partnerListQuery,
    ok: { status: 200, schema: partnerPage, description: 'One page of partners' },
    errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
  },
  {
    method: 'get',
    path: '/api/partners/{id}',
    summary: 'A partner, as its workflow last wrote it; a partner user sees no internal risk fields',
    ok: { status: 200, schema: partnerView, description: 'The partner' },
    errors: { ...COMMON_ERRORS, 404: 'No such partner' },
  },
  {
    method: 'get',
    path: '/api/partners/{id}/timeline',
    summary:
      "The partner's transitions from the audit trail: actor, reason and rule version of each (internal readers)",
    ok: { status: 200, schema: partnerTimeline, description: 'Oldest first' },
    errors: { ...COMMON_ERRORS, 404: 'No such partner' },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/answers',
    summary: "The partner's answers to its questionnaire (partner portal; a workflow update)",
    body: questionnaireAnswersBody,
    ok: { status: 200, schema: partnerView, description: 'Answered; the partner as it now is' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      404: 'No such partner',
      409: 'No questionnaire is awaited, or it was answered already',
      422: 'An answer is missing or not one of its question’s options',
    },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/decision',
    summary:
      "A reviewer's (or, for a high tier, the DSO's) approval or rejection of a partner awaiting review (a workflow update)",
    body: partnerDecisionBody,
    ok: { status: 200, schema: partnerView, description: 'Decided; the partner as it now is' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      404: 'No such partner',
      409: 'The partner is not awaiting review',
    },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/information-requests',
    summary: "A reviewer's question back to the partner; the review waits for its answer (a workflow update)",
    body: informationRequestBody,
    ok: { status: 200, schema: partnerView, description: 'Asked; the partner as it now is' },
    errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such partner', 409: 'The partner is not awaiting review' },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/information-responses',
    summary: "The partner's answer to the open question (partner portal; a workflow update)",
    body: informationResponseBody,
    ok: { status: 200, schema: partnerView, description: 'Answered; back to review' },
    errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such partner', 409: 'No question is open' },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/renomination',
    summary:
      'Nominate a rejected, expired or lapsed partner again, with a reason: a new vetting round in its workflow (an update)',
    body: renominationBody,
    ok: { status: 200, schema: partnerView, description: 'Nominated again; its checks start' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      404: 'No such partner',
      409: 'The partner is in vetting, approved or blacklisted',
    },
  },
  {
    method: 'post',
    path: '/api/partners/{id}/blacklisting',
    summary:
      'The DSO blacklists the partner, with a reason: at any stage, for good; every open agreement is told to suspend',
    body: blacklistBody,
    ok: { status: 200, schema: partnerView, description: 'Blacklisted' },
    errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such partner', 409: 'Blacklisted already' },
  },
  {
    method: 'get',
    path: '/api/questionnaires/{version}',
    summary: 'A published questionnaire, its questions and options in zh-CN and en',
    ok: { status: 200, schema: questionnaireView, description: 'The questionnaire' },
    errors: { ...COMMON_ERRORS, 404: 'No such version' },
  },
  {
    method: 'get',
    path: '/api/assets',
    summary: 'The data inventory (S1), filtered, in cursor pages',
    query: assetListQuery,
    ok: { status: 200, schema: assetPage, description: 'One page of assets' },
    errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
  },
  {
    method: 'post',
    path: '/api/assets',
    summary: 'Add a data asset',
    body: createAssetBody,
    idempotent: true,
    ok: { status: 201, schema: assetView, description: 'Added' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      409: 'The code is taken, or the Idempotency-Key was used with another body',
    },
  },
  {
    method: 'get',
    path: '/api/assets/{id}',
    summary: 'One data asset with its fields',
    ok: { status: 200, schema: assetView, description: 'The asset' },
    errors: { ...COMMON_ERRORS, 404: 'No such asset' },
  },
  {
    method: 'patch',
    path: '/api/assets/{id}',
    summary: 'Change a data asset; `version` is the version the change is based on',
    body: updateAssetBody,
    ok: { status: 200, schema: assetView, description: 'Changed' },
    errors: {
      ...COMMON_ERRORS,
      ...BODY_ERRORS,
      404: 'No such asset',
      409: 'Changed meanwhile (read it again) or retired',
    },
  },
  {
    method: 'post',
    path: '/api/assets/{id}/retire',
    summary: 'Retire a data asset, with the reason',
    body: retireAssetBody,
    ok: { status: 200, schema: assetView, description: 'Retired' },
    errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such asset', 409: 'Changed meanwhile or retired already' },
  },
  {
    method: 'post',
    path: '/api/assets/import',
    summary: 'Import assets from a CSV file (UTF-8, BOM optional, English or Chinese headers): all rows or none',
    bodyType: 'text/csv',
    ok: { status: 201, schema: importReport, description: 'Every row imported' },
    errors: {
      ...COMMON_ERRORS,
      413: 'The file is too large',
      415: 'The body is not text/csv',
      422: `Bad rows, nothing imported: the first ${MAX_REPORTED_ERRORS} problems by line and column, and errorCount`,
    },
  },
  {
    method: 'get',
    path: '/api/assets/export.csv',
    summary: 'The assets the caller may read, as CSV (UTF-8 with BOM)',
    query: assetExportQuery,
    ok: { status: 200, type: 'text/csv', description: 'The CSV file' },
    errors: { ...COMMON_ERRORS, 400: 'A bad filter' },
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'The audit trail (S7), filtered, in cursor pages',
    query: auditQuery,
    ok: { status: 200, schema: auditPage, description: 'One page of events' },
    errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
  },
  {
    method: 'get',
    path: '/api/audit/verify',
    summary: 'Recompute the hash chain; report the first broken sequence number',
    ok: { status: 200, schema: chainVerdictView, description: 'The verdict' },
    errors: COMMON_ERRORS,
  },
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    auth: false,
    ok: { status: 200, schema: z.object({ status: z.literal('ok') }), description: 'The process runs' },
    errors: {},
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: Temporal and the store both answer',
    auth: false,
    ok: { status: 200, schema: z.object({ status: z.literal('ready') }), description: 'Ready' },
    errors: { 503: 'A dependency does not answer' },
  },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  strip(z.toJSONSchema(schema, { io, unrepresentable: 'any' }));
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function queryParameters(query: z.ZodObject) {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...(op.path.includes('{id}') ? [idParam(op.path.split('/')[2] ?? 'record')] : []),
      ...(op.query ? queryParameters(op.query) : []),
      ...(op.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{8,200}$' },
            },
          ]
        : []),
    ];
    const requestBody = op.body
      ? { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } }
      : op.bodyType === 'text/csv'
        ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
        : undefined;
    const okContent = op.ok.schema
      ? { 'application/json': { schema: jsonSchema(op.ok.schema, 'output') } }
      : { [op.ok.type ?? 'text/plain']: { schema: { type: 'string' } } };
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[/.]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(op.auth === false ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(op.ok.status)]: { description: op.ok.description, content: okContent },
        ...Object.fromEntries(Object.entries(op.errors).map(([status, text]) => [status, problemResponse(text)])),
        default: problemResponse('Any other error (500 internal, with no detail of the cause)'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DataPact API',
      version: '0.1.0',
      description:
        'Governance of outbound data cooperation (数据对外合作). Errors are RFC 9457 problem documents; lists are cursor-paged.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
    paths,
  };
}

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
