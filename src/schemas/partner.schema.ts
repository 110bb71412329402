import { z } from 'zod';
import { creditCodeVerdict } from '../../policies/credit-code';
import { PARTNER_STATUSES, REVIEW_OUTCOMES } from '../../policies/vocabulary';

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

export const nominatePartnerBody = z
  .object({
    legalName: z.string().trim().min(1).max(200),
    creditCode: creditCodeSchema,
    contacts: z.array(contactSchema).max(20).default([]),
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

export const partnerIdParam = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a partner id');

export const partnerView = z.object({
  id: z.string(),
  legalName: z.string(),
  creditCode: z.string(),
  contacts: z.array(contactSchema),
  nominatedBy: z.string(),
  nominatingUnit: z.string().optional(),
  status: z.enum(PARTNER_STATUSES),
  checkReasons: z.array(z.string()),
  decision: z
    .object({ outcome: z.enum(REVIEW_OUTCOMES), reviewer: z.string(), reason: z.string().optional() })
    .optional(),
  workflowId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartnerView = z.infer<typeof partnerView>;
