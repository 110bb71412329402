import { z } from 'zod';
import { pageQuery } from '../store/pagination';

export const auditQuery = pageQuery
  .extend({
    subjectType: z.string().max(50).optional(),
    subjectId: z.string().max(100).optional(),
    actor: z.string().max(200).optional(),
    action: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEventView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({
    sub: z.string(),
    roles: z.array(z.string()),
    unit: z.string().optional(),
    partnerId: z.string().optional(),
  }),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** A person's own words. */
  reason: z.string().optional(),
  /** The system's reason: a code with its parameters, rendered in the reader's language (audit.reason.<code>). */
  why: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
  ruleVersion: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPage = z.object({ items: z.array(auditEventView), nextCursor: z.string().optional() });

export const chainVerdictView = z.union([
  z.object({ valid: z.literal(true), events: z.number().int(), headHash: z.string() }),
  z.object({
    valid: z.literal(false),
    events: z.number().int(),
    firstBrokenSeq: z.number().int(),
    problem: z.string(),
  }),
]);
