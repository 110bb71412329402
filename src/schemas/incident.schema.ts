/**
 * The API's shapes of incidents and of the internal blacklist: the bodies people send, derived from the
 * incident's state (`workflows/incident/state.ts`), and the views.
 */
import { z } from 'zod';
import { INTERNAL_INCIDENT_FIELDS } from '../../policies/abilities';
import { CONTENT_ITEMS_OF_REPORTS } from '../../policies/incident-report';
import { INCIDENT_DEADLINE_KINDS } from '../../policies/incident-deadlines';
import {
  BLACKLIST_SOURCES,
  INCIDENT_GRADES,
  INCIDENT_KINDS,
  INCIDENT_OUTCOMES,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
} from '../../policies/vocabulary';
import { incidentEstimates, incidentReportBody, incidentState } from '../../workflows/incident/state';
import { pageQuery } from '../store/pagination';
import { maskOf } from './mask';
import { creditCodeSchema } from './partner.schema';

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id');

export const incidentIdParams = z.object({ id: uuid }).strict();

/** `POST /api/incidents`: what happened, to which partner, which sharing and data, how grave by its estimates. */
export const reportIncidentBody = incidentReportBody;
export type ReportIncidentBody = z.infer<typeof reportIncidentBody>;

export const regradeBody = z
  .object({ estimates: incidentEstimates, importantOrCoreData: z.boolean().optional(), reason: text(2000) })
  .strict();
export type RegradeBody = z.infer<typeof regradeBody>;

export const reportMadeBody = z
  .object({
    kind: z.enum(INCIDENT_DEADLINE_KINDS),
    madeAt: instant,
    to: text(200),
    reference: text(200),
    content: z.partialRecord(z.enum(CONTENT_ITEMS_OF_REPORTS), text(4000)).optional(),
  })
  .strict();
export type ReportMadeBody = z.infer<typeof reportMadeBody>;

export const explanationBody = z.object({ kind: z.enum(INCIDENT_DEADLINE_KINDS), reason: text(2000) }).strict();

export const investigationBody = z
  .object({
    findings: text(4000).optional(),
    rootCause: text(4000).optional(),
    responsibility: text(4000).optional(),
    measures: text(4000).optional(),
    handlingEnded: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined && v !== false), {
    message: 'say what the investigation found, or that handling ended',
    params: { rule: 'body.empty' },
  });
export type InvestigationBody = z.infer<typeof investigationBody>;

export const closureBody = z.object({ outcome: z.enum(INCIDENT_OUTCOMES), reason: text(2000) }).strict();

/** The API's view of an incident: its state without the workflow's bookkeeping; partners see no internal fields. */
export const incidentView = incidentState
  .omit({ requestId: true })
  .partial(maskOf(INTERNAL_INCIDENT_FIELDS))
  .extend({ workflowId: z.string() });
export type IncidentView = z.infer<typeof incidentView>;

/** What a list shows of an incident: the flat row its workflow keeps beside it. */
export const incidentRowView = z.object({
  id: z.string(),
  title: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  source: z.enum(INCIDENT_SOURCES),
  status: z.enum(INCIDENT_STATUSES),
  grade: z.enum(INCIDENT_GRADES),
  drill: z.boolean(),
  detectedAt: z.string(),
  reportedAt: z.string(),
  agreements: z.number(),
  missed: z.number(),
  /** A partner's own report: whether it came after its contractual deadline; absent for the company's reports. */
  partnerReportLate: z.boolean().optional(),
  nextDueAt: z.string().optional(),
  closedAt: z.string().optional(),
  updatedAt: z.string(),
});
export type IncidentRowView = z.infer<typeof incidentRowView>;

export const incidentListQuery = pageQuery
  .extend({
    status: z.enum(INCIDENT_STATUSES).optional(),
    grade: z.enum(INCIDENT_GRADES).optional(),
    partnerId: uuid.optional(),
    drill: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

export const incidentPage = z.object({ items: z.array(incidentRowView), nextCursor: z.string().optional() });

export const REPORT_LOCALES = ['zh-CN', 'en'] as const;
export const REPORT_FORMATS = ['json', 'text', 'html'] as const;

export const annualReportQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    lang: z.enum(REPORT_LOCALES).default('zh-CN'),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .strict();
export type AnnualReportQuery = z.infer<typeof annualReportQuery>;

export const monthlySectionQuery = z
  .object({
    month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
    lang: z.enum(REPORT_LOCALES).default('zh-CN'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------
// The internal blacklist

export const creditCodeParams = z.object({ creditCode: creditCodeSchema }).strict();

export const blacklistEntryBody = z
  .object({
    creditCode: creditCodeSchema,
    reason: text(2000),
    source: z.enum(BLACKLIST_SOURCES),
    /** Listed until then (a court's or regulator's term); absent: until removed. */
    until: instant.optional(),
  })
  .strict();
export type BlacklistEntryBody = z.infer<typeof blacklistEntryBody>;

export const blacklistRemovalBody = z.object({ reason: text(2000) }).strict();

export const blacklistEntryView = z.object({
  creditCode: z.string(),
  reason: z.string(),
  source: z.enum(BLACKLIST_SOURCES),
  listedBy: z.string(),
  listedAt: z.string(),
  until: z.string().optional(),
  /** Not in force any more: its term ended. */
  expired: z.boolean(),
  incidentId: z.string().optional(),
  partnerId: z.string().optional(),
});
export type BlacklistEntryView = z.infer<typeof blacklistEntryView>;

export const blacklistListQuery = pageQuery
  .extend({ source: z.enum(BLACKLIST_SOURCES).optional(), creditCode: z.string().max(18).optional() })
  .strict();
export type BlacklistListQuery = z.infer<typeof blacklistListQuery>;

export const blacklistPage = z.object({ items: z.array(blacklistEntryView), nextCursor: z.string().optional() });

/** What adding an entry did: the entry, and the partner it blacklisted (an approved one), if any. */
export const blacklistingView = z.object({
  entry: blacklistEntryView,
  partner: z.object({ id: z.string(), status: z.string(), blacklisted: z.boolean() }).optional(),
});
