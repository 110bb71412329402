/**
 * The OpenAPI 3.1 document, written from the route table (src/api/routes.ts): the same zod schemas
 * the routes parse with describe every path parameter, query, body and answer.
 */
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { isRateLimited, type Route } from './route-table';
import { MAX_JSON_DEPTH } from './safe-input';
import { MAX_REPORTED_ERRORS } from '../services/asset-csv';

/** RFC 9457 problem document, as every error answer has it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** The error's code (policies/errors.ts): clients render it, with `params`, in the reader's language. */
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  'invalid-params': z
    .array(
      z.object({
        name: z.string(),
        reason: z.string(),
        /** The validation's code (`too_small`, `invalid_format`, `custom`, …) and its parameters. */
        code: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .optional(),
  /** A rejected CSV import: the first problems by line and column, each with a code the console translates. */
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
  /** Every reason behind a refusal that has several (a request that cannot be approved lists them all). */
  reasons: z
    .array(
      z.object({
        code: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        message: z.string(),
      }),
    )
    .optional(),
  /** A rejected CSV import: how many problems it had in all. */
  errorCount: z.number().int().optional(),
});

export const COMMON_ERRORS = {
  401: 'No valid bearer token',
  403: "The policy does not allow it, or the token makes a partner organisation's user an insider too (auth.mixed_identity)",
};
export const BODY_ERRORS = {
  400: `The body does not match the schema, names an operator or prototype key, or nests deeper than ${MAX_JSON_DEPTH} levels (request.too_deep)`,
  413: 'The body is too large',
  415: 'The body is not JSON',
};

/**
 * What every operation may answer whatever its own errors: the checks every route runs (src/api/route-table.ts)
 * and what Node's HTTP parser refuses before them (src/api/app.ts answerClientErrorsAsProblems).
 */
function commonErrors(route: Route): Record<number, string> {
  const common: Record<number, string> = {
    400: `The path is not valid percent-encoding, or the query names an operator or prototype key (request.forbidden_key)`,
    431: 'The request headers are too large (request.headers_too_large)',
  };
  // Every route with a token refuses a bad one (401) and a partner's user with internal roles (403).
  const authenticated: Record<number, string> = route.auth === false ? {} : COMMON_ERRORS;
  const limited: Record<number, string> = isRateLimited(route)
    ? { 429: 'Too many writes or sign-ins from this token or address (request.rate_limited, with Retry-After)' }
    : {};
  return route.method === 'get'
    ? { ...common, ...authenticated, ...limited }
    : { ...common, ...authenticated, ...BODY_ERRORS, ...limited };
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  strip(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>);
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query' | 'header') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required?.includes(name) ?? false),
    schema: property,
  }));
}

const operationIdOf = (route: Route) =>
  `${route.method}${route.path.replace(/[{}]/g, '').replace(/[/.-]+(\w)/g, (_, c: string) => c.toUpperCase())}`;

export function openApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [
      ...parameters(route.params, 'path'),
      ...parameters(route.query, 'query'),
      ...parameters(route.headers, 'header'),
      ...(route.idempotency
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                route.idempotency === 'create'
                  ? 'A repeat with the same key and body answers with the first result'
                  : 'A repeat with the same key is the same step, answered as the first',
              schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
            },
          ]
        : []),
    ];
    const requestBody = route.body
      ? { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } }
      : route.bodyType === 'text/csv'
        ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
        : undefined;
    const okContent = {
      ...(route.ok.schema
        ? { 'application/json': { schema: jsonSchema(route.ok.schema, 'output') } }
        : Object.fromEntries(
            [route.ok.type ?? 'text/plain'].flat().map((type) => [type, { schema: { type: 'string' } }]),
          )),
      ...Object.fromEntries(
        (route.ok.binary ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
      ),
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      operationId: operationIdOf(route),
      ...(route.auth === false ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(route.ok.status)]: {
          description: route.ok.description,
          content: okContent,
          ...(route.location ? { headers: { Location: { schema: { type: 'string' } } } } : {}),
        },
        ...Object.fromEntries(
          Object.entries({ ...commonErrors(route), ...route.errors }).map(([status, text]) => [
            status,
            problemResponse(text),
          ]),
        ),
        default: problemResponse(
          'Any other error: 500 internal, with no detail of the cause; 503 service.unavailable with Retry-After while the store or Temporal does not answer',
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DataPact API',
      version: '0.2.0',
      description:
        'Governance of outbound data cooperation (数据对外合作). Errors are RFC 9457 problem documents with a code and its parameters; lists are cursor-paged.',
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
