import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../policies/audit-actions';
import { SUBJECTS } from '../../policies/vocabulary';
import { pageQuery } from '../store/pagination';

/** What the trail is filtered by: codes from fixed lists, an actor (a directory entry's `sub`) and a range of time. */
const auditFilterFields = {
  subjectType: z.enum(SUBJECTS).optional(),
  subjectId: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** From this instant on (included). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Before this instant (excluded). */
  to: z.iso.datetime({ offset: true }).optional(),
};

/** A range that ends before it starts is a mistake, not an empty trail. */
const rangeInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || new Date(q.from) < new Date(q.to);
const RANGE_ISSUE = { message: '`from` must be before `to`', path: ['to'], params: { rule: 'range.order' } };

/** The trail, newest first, in cursor pages. */
export const auditQuery = pageQuery.extend(auditFilterFields).strict().refine(rangeInOrder, RANGE_ISSUE);
export type AuditQuery = z.infer<typeof auditQuery>;
export type AuditFilters = Omit<AuditQuery, 'limit' | 'cursor'>;

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The same filters, the file's format and the language of its headers and words. */
export const auditExportQuery = z
  .object({
    ...auditFilterFields,
    format: z.enum(AUDIT_EXPORT_FORMATS),
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .strict()
  .refine(rangeInOrder, RANGE_ISSUE);
export type AuditExportQuery = z.infer<typeof auditExportQuery>;

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
  /** The subject's own name (a partner's legal name, an agreement's title, …), where the store has one. */
  subjectName: z.string().optional(),
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
