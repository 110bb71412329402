import { z } from 'zod';
import type { CommitmentService } from '../services/commitments';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

const commitmentView = z.object({
  sub: z.string(),
  signedAt: z.string(),
  expiresAt: z.string().optional(),
  reference: z.string(),
  recordedBy: z.string(),
});
const commitmentBody = z
  .object({
    sub: z.string().trim().min(1).max(200),
    signedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    reference: z.string().trim().min(1).max(200),
  })
  .strict();

export function commitmentRoutes(commitments: CommitmentService): Route[] {
  return [
    route({
      method: 'post',
      path: '/api/commitments',
      summary:
        "Record a person's signed data-security commitment (R5): needed to approve important or core data (the DSO)",
      body: commitmentBody,
      ok: { status: 200, schema: commitmentView, description: 'On file' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS },
      handle: ({ caller, body }) => commitments.record(caller, body),
    }),
    route({
      method: 'get',
      path: '/api/me/commitment',
      summary: 'My data-security commitment on file, if any',
      ok: { status: 200, schema: z.object({ commitment: commitmentView.nullable() }), description: 'The commitment' },
      errors: { 401: COMMON_ERRORS[401] },
      handle: ({ caller }) => commitments.mine(caller),
    }),
  ];
}
