import { z } from 'zod';
import { nominatePartnerBody, partnerDecisionBody, partnerView } from '../schemas/partner.schema';

/** RFC 9457 problem document, as every error route returns it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  'invalid-params': z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: strip(z.toJSONSchema(schema, { io, unrepresentable: 'any' })) },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: strip(z.toJSONSchema(problemSchema)) } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'DataPact API',
      version: '0.1.0',
      description: 'Governance of outbound data cooperation (数据对外合作). Errors are RFC 9457 problem documents.',
    },
    paths: {
      '/api/partners': {
        post: {
          summary: 'Nominate a partner; starts its vetting workflow `partner-<id>`',
          requestBody: { required: true, content: json(nominatePartnerBody, 'input') },
          responses: {
            '201': { description: 'Nominated', content: json(partnerView, 'output') },
            '400': problem('The body does not match the schema'),
            '409': problem('A partner with this credit code exists'),
            '413': problem('The body is too large'),
            '415': problem('The body is not JSON'),
            '503': problem('The workflow service is unavailable; nothing was stored'),
          },
        },
      },
      '/api/partners/{id}': {
        get: {
          summary: 'A partner, as its workflow last wrote it',
          parameters: [idParam],
          responses: {
            '200': { description: 'The partner', content: json(partnerView, 'output') },
            '404': problem('No such partner'),
          },
        },
      },
      '/api/partners/{id}/decision': {
        post: {
          summary: "A reviewer's decision on a partner awaiting review (a workflow update)",
          parameters: [idParam],
          requestBody: { required: true, content: json(partnerDecisionBody, 'input') },
          responses: {
            '200': { description: 'Decided; the partner as it now is', content: json(partnerView, 'output') },
            '400': problem('The body does not match the schema'),
            '403': problem('This reviewer may not decide (for example, they nominated the partner)'),
            '404': problem('No such partner'),
            '409': problem('The partner is not awaiting review, or was decided already'),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'The process runs' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness: Temporal and the store both answer',
          responses: { '200': { description: 'Ready' }, '503': problem('A dependency does not answer') },
        },
      },
    },
  };
}

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
