import { z } from 'zod';
import { CREDIT_CODE_PATTERN, creditCodeVerdict } from '../../policies/credit-code';
import { CERTIFICATION_KINDS, PARTNER_STATUSES, REVIEW_OUTCOMES, RISK_TIERS } from '../../policies/vocabulary';
import { INTERNAL_PARTNER_FIELDS } from '../../policies/abilities';
import {
  blacklistingRecord,
  coded,
  nominatedFields,
  informationRequest,
  partnerState,
  reviewDecisionRecord,
} from '../../workflows/partner/state';
import { pageQuery } from '../store/pagination';
import { maskOf } from './mask';

/**
 * A unified social credit code, as GB 32100-2015 writes it: 18 digits and capitals (the pattern says
 * which), the 18th a check character over the others (checked beyond what the pattern can say).
 */
export const creditCodeSchema = z
  .string()
  .regex(CREDIT_CODE_PATTERN, {
    message:
      'a unified social credit code has 18 characters: digits and capitals without I, O, Z, S, V; characters 3–8 are digits',
    abort: true,
  })
  .refine((code) => creditCodeVerdict(code).valid, {
    message: 'the check character does not match GB 32100-2015',
    params: { rule: 'credit_code.check_digit' },
  });

const personName = z.string().trim().min(1).max(100);

export const contactSchema = z
  .object({
    name: personName,
    email: z.email().max(200).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 -]{5,20}$/, 'a phone number has 5 to 20 digits, spaces or dashes')
      .optional(),
  })
  .strict();

/** ISO 3166-1 alpha-2: `CN`, or the country of a cross-border location. */
const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a data location is a two-letter ISO 3166 country code, CN for mainland China');

/** An ISO instant, or a date (YYYY-MM-DD) meaning its start in China's time zone (UTC+8, no daylight saving). */
const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00+08:00` : v).toISOString());

export const certificationSchema = z
  .object({
    kind: z.enum(CERTIFICATION_KINDS),
    /** MLPS (等保) and DSMM levels, 1–5; ISO/IEC 27001 has none. */
    level: z.number().int().min(1).max(5).optional(),
    number: z.string().trim().min(1).max(100).optional(),
    expiresAt: isoInstant.optional(),
  })
  .strict()
  .refine((c) => c.kind === 'iso27001' || c.level !== undefined, {
    path: ['level'],
    message: 'an MLPS or DSMM certification states its level (1–5)',
    params: { rule: 'certification.level' },
  });

/** The nomination: what a nominator says of a partner (workflows/partner/state.ts), each field checked. */
export const nominatePartnerBody = nominatedFields
  .extend({
    legalName: z.string().trim().min(1).max(200),
    creditCode: creditCodeSchema,
    contacts: z.array(contactSchema).min(1, 'name at least one contact at the partner').max(20),
    dataLocations: z.array(countryCode).min(1, 'say where the partner keeps the data').max(50),
    certifications: z.array(certificationSchema).max(20).default([]),
  })
  .strict();
export type NominatePartnerBody = z.infer<typeof nominatePartnerBody>;

export const partnerDecisionBody = z
  .object({
    outcome: z.enum(REVIEW_OUTCOMES),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((d) => d.outcome === 'approve' || d.reason !== undefined, {
    path: ['reason'],
    message: 'a rejection states its reason',
    params: { rule: 'reason.required' },
  });
export type PartnerDecisionBody = z.infer<typeof partnerDecisionBody>;

export const questionnaireAnswersBody = z
  .object({
    answers: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/, 'not a question id'), z.string().min(1).max(40)),
  })
  .strict();
export type QuestionnaireAnswersBody = z.infer<typeof questionnaireAnswersBody>;

export const informationRequestBody = z.object({ question: z.string().trim().min(1).max(2000) }).strict();
export const informationResponseBody = z.object({ answer: z.string().trim().min(1).max(4000) }).strict();
export const blacklistBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
/** A new vetting of a rejected, expired or lapsed partner; certifications and locations as they are now (default: as before). */
export const renominationBody = z
  .object({
    reason: z.string().trim().min(1).max(2000),
    dataLocations: z.array(countryCode).min(1).max(50).optional(),
    certifications: z.array(certificationSchema).max(20).optional(),
  })
  .strict();
export type RenominationBody = z.infer<typeof renominationBody>;

/** A partner's id: a UUID derived from its credit code (src/services/partners.ts `partnerIdOf`). */
export const partnerId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not a partner id');
export const partnerIdParams = z.object({ id: partnerId }).strict();

export const partnerListQuery = pageQuery
  .extend({
    status: z.enum(PARTNER_STATUSES).optional(),
    tier: z.enum(RISK_TIERS).optional(),
    /** Partners whose approval ends before this date (YYYY-MM-DD or an ISO instant). */
    validUntilBefore: isoInstant.optional(),
    nominatingUnit: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type PartnerListQuery = z.infer<typeof partnerListQuery>;

/**
 * The API's view of a partner: its state (workflows/partner/state.ts) without the workflow's own
 * bookkeeping, plus its workflow's id. The fields the abilities may hide from a caller (a partner's
 * own users see no internal risk fields and no reviewer) are optional here.
 */
export const partnerView = partnerState
  .omit({ requestId: true, periods: true, returnTo: true })
  .partial(maskOf(INTERNAL_PARTNER_FIELDS))
  .extend({
    decision: reviewDecisionRecord.partial({ by: true }).optional(),
    blacklisting: blacklistingRecord.partial({ by: true }).optional(),
    informationRequests: z.array(informationRequest.partial({ askedBy: true })),
    workflowId: z.string(),
  });
export type PartnerView = z.infer<typeof partnerView>;

export const partnerPage = z.object({ items: z.array(partnerView), nextCursor: z.string().optional() });

export const timelineEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ sub: z.string(), roles: z.array(z.string()) }),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  /** Why the system made the transition: a code with its parameters, rendered in the reader's language. */
  why: coded.optional(),
  ruleVersion: z.string().optional(),
});
export const partnerTimeline = z.object({ items: z.array(timelineEntry) });
export type TimelineEntry = z.infer<typeof timelineEntry>;
