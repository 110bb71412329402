import { z } from 'zod';
import { creditCodeVerdict } from '../../policies/credit-code';
import {
  CERTIFICATION_KINDS,
  CHECK_OUTCOMES,
  DATA_GRADES,
  PARTNER_CHECKS,
  PARTNER_STATUSES,
  REVIEW_OUTCOMES,
  REVIEW_STAGES,
  RISK_TIERS,
  VETTING_STAGES,
} from '../../policies/vocabulary';
import { pageQuery } from '../api/pagination';

const CREDIT_CODE_MESSAGES = {
  length: 'a unified social credit code has 18 characters',
  characters: 'a unified social credit code uses digits and capitals without I, O, Z, S, V; characters 3–8 are digits',
  check_digit: 'the check character does not match GB 32100-2015',
} as const;

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const verdict = creditCodeVerdict(code);
    if (!verdict.valid) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[verdict.reason] });
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
  .trim()
  .toUpperCase()
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
  });

export const nominatePartnerBody = z
  .object({
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

export const partnerIdParam = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a partner id');
export const questionnaireVersionParam = z.string().regex(/^[a-z]+-\d{4}\.\d+$/, 'not a questionnaire version');

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

const reason = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const partnerView = z.object({
  id: z.string(),
  legalName: z.string(),
  creditCode: z.string(),
  contacts: z.array(contactSchema),
  /** Internal, like the other fields marked so: not shown to the partner's own users. */
  nominatedBy: z.string().optional(),
  nominatingUnit: z.string().optional(),
  status: z.enum(PARTNER_STATUSES),
  stage: z.enum(VETTING_STAGES).optional(),
  round: z.number().int(),
  certifications: z.array(
    z.object({
      kind: z.enum(CERTIFICATION_KINDS),
      level: z.number().int().optional(),
      number: z.string().optional(),
      expiresAt: z.string().optional(),
    }),
  ),
  dataLocations: z.array(z.string()),
  /** Internal (not shown to the partner): the automated checks, the risk assessment, the approvals. */
  checks: z
    .array(z.object({ check: z.enum(PARTNER_CHECKS), outcome: z.enum(CHECK_OUTCOMES), reasons: z.array(reason) }))
    .optional(),
  riskScore: z.number().optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  riskReasons: z.array(reason).optional(),
  clearance: z.enum(DATA_GRADES).optional(),
  approvals: z
    .array(z.object({ stage: z.enum(REVIEW_STAGES), by: z.string(), at: z.string(), reason: z.string().optional() }))
    .optional(),
  escalations: z.number().int().optional(),
  /** Reasons of a screening by the first version of the workflow. */
  checkReasons: z.array(z.string()).optional(),
  questionnaire: z
    .object({
      version: z.string(),
      sentAt: z.string(),
      dueAt: z.string(),
      answers: z.record(z.string(), z.string()).optional(),
      answeredBy: z.string().optional(),
      answeredAt: z.string().optional(),
    })
    .optional(),
  informationRequests: z.array(
    z.object({
      question: z.string(),
      /** Internal: who of the company asked. */
      askedBy: z.string().optional(),
      askedAt: z.string(),
      answer: z.string().optional(),
      answeredBy: z.string().optional(),
      answeredAt: z.string().optional(),
    }),
  ),
  decision: z
    .object({
      outcome: z.enum(REVIEW_OUTCOMES),
      /** Internal: who decided. */
      by: z.string().optional(),
      at: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  dueAt: z.string().optional(),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  revettingFrom: z.string().optional(),
  blacklisting: z.object({ by: z.string().optional(), at: z.string(), reason: z.string() }).optional(),
  workflowId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
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
  ruleVersion: z.string().optional(),
});
export const partnerTimeline = z.object({ items: z.array(timelineEntry) });
export type TimelineEntry = z.infer<typeof timelineEntry>;
