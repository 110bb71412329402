/**
 * The partner, once: its state as `partner-<id>` holds it. The store's partner document is this state
 * as it is (written only by the workflow's recorder), and the API's view and the console's types are
 * derived from it in `src/schemas/partner.schema.ts`. A new field is one line here plus its use.
 */
import { z } from 'zod';
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
import { entityFields, instant } from '../kit/state';

export const contact = z.object({
  name: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
});

export const certification = z.object({
  kind: z.enum(CERTIFICATION_KINDS),
  /** MLPS (等保) and DSMM levels, 1–5; ISO/IEC 27001 has none. */
  level: z.number().int().optional(),
  number: z.string().optional(),
  /** A certification without one does not expire. */
  expiresAt: instant().optional(),
});

/** A reason with its code and parameters, rendered in the reader's language. */
export const coded = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const checkResult = z.object({
  check: z.enum(PARTNER_CHECKS),
  outcome: z.enum(CHECK_OUTCOMES),
  reasons: z.array(coded),
});

export const questionnaireRecord = z.object({
  version: z.string(),
  sentAt: instant(),
  dueAt: instant(),
  answers: z.record(z.string(), z.string()).optional(),
  answeredBy: z.string().optional(),
  answeredAt: instant().optional(),
});

export const approval = z.object({
  stage: z.enum(REVIEW_STAGES),
  by: z.string(),
  at: instant(),
  reason: z.string().optional(),
});

export const informationRequest = z.object({
  question: z.string(),
  askedBy: z.string(),
  askedAt: instant(),
  answer: z.string().optional(),
  answeredBy: z.string().optional(),
  answeredAt: instant().optional(),
});

export const reviewDecisionRecord = z.object({
  outcome: z.enum(REVIEW_OUTCOMES),
  by: z.string(),
  at: instant(),
  reason: z.string().optional(),
});

export const blacklistingRecord = z.object({ by: z.string(), at: instant(), reason: z.string() });

/** The periods a vetting runs by, from the configured parameters at nomination (policies/parameters.ts). */
export const vettingPeriods = z.object({
  validityMonths: z.number().int(),
  revettingLeadDays: z.number().int(),
  questionnaireDays: z.number().int(),
  reviewDays: z.number().int(),
});
export type VettingPeriods = z.infer<typeof vettingPeriods>;

/**
 * What a nominator says of a partner: the nomination's body (the API checks some fields more strictly:
 * src/schemas/partner.schema.ts) and the partner's first facts, carried into its state as they are.
 */
export const nominatedFields = z.object({
  legalName: z.string(),
  creditCode: z.string(),
  contacts: z.array(contact),
  certifications: z.array(certification),
  /** Where the partner keeps the data: `CN`, or the country of a cross-border location. */
  dataLocations: z.array(z.string()),
  /** The partner's public website, where reviewers look it up: an http(s) address, nothing a link could run. */
  website: z
    .string()
    .max(200)
    .regex(/^https?:\/\/[^\s/?#]+\.[^\s]+$/, 'an http(s) address such as https://example.com')
    .optional(),
});
export type NominatedFields = z.infer<typeof nominatedFields>;

export const partnerState = nominatedFields.extend({
  ...entityFields,
  /** The nomination that started this workflow: a repeated nomination with it is the same one. */
  requestId: z.string(),
  nominatedBy: z.string(),
  nominatingUnit: z.string().optional(),
  status: z.enum(PARTNER_STATUSES),
  /** Where a vetting round stands while the partner is `vetting` or `revetting`. */
  stage: z.enum(VETTING_STAGES).optional(),
  /** 1 for the first vetting, then one more for each re-vetting or re-nomination. */
  round: z.number().int(),
  periods: vettingPeriods,
  checks: z.array(checkResult),
  questionnaire: questionnaireRecord.optional(),
  riskScore: z.number().optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  riskReasons: z.array(coded).optional(),
  riskRulesVersion: z.string().optional(),
  /** The highest data grade the partner may receive. */
  clearance: z.enum(DATA_GRADES).optional(),
  /** Approvals given in the current round. */
  approvals: z.array(approval),
  informationRequests: z.array(informationRequest),
  decision: reviewDecisionRecord.optional(),
  /** The review stage a question to the partner interrupted, to go back to with the answer. */
  returnTo: z.enum(REVIEW_STAGES).optional(),
  /** When the current stage's answer or decision is due. */
  dueAt: instant().optional(),
  escalations: z.number().int(),
  validFrom: instant().optional(),
  validUntil: instant().optional(),
  revettingFrom: instant().optional(),
  blacklisting: blacklistingRecord.optional(),
});
export type PartnerState = z.infer<typeof partnerState>;

/** Fields the workflow keeps for itself: in the store, never in the API's view. */
export const PARTNER_WORKFLOW_FIELDS = ['requestId', 'periods', 'returnTo'] as const;
