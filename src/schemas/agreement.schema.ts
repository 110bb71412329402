import { z } from 'zod';
import {
  AGREEMENT_STATUSES,
  CONTROLS,
  DATA_GRADES,
  LEGAL_BASES,
  SHARING_SCENARIOS,
  TRANSFER_METHODS,
} from '../../policies/vocabulary';

/** A business unit's request to share data with a partner (S4). Its routes arrive with the agreement workflow. */
export const sharingRequestBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    partnerId: z.string().min(1).max(100),
    assets: z
      .array(z.object({ assetId: z.uuid(), fields: z.array(z.string().min(1).max(100)).max(500) }).strict())
      .min(1)
      .max(200),
    purpose: z.string().trim().min(1).max(2000),
    legalBasis: z.enum(LEGAL_BASES),
    scenario: z.enum(SHARING_SCENARIOS),
    crossBorder: z.boolean().default(false),
    destinationCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
      .optional(),
    volume: z.object({ records: z.number().int().min(0), people: z.number().int().min(0) }).strict(),
    frequency: z.string().trim().min(1).max(100),
    transferMethod: z.enum(TRANSFER_METHODS),
    requiredControls: z.array(z.enum(CONTROLS)).max(CONTROLS.length),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
  })
  .strict()
  .refine((r) => r.endDate > r.startDate, { path: ['endDate'], message: 'the end date is after the start date' })
  .refine((r) => !r.crossBorder || r.destinationCountry !== undefined, {
    path: ['destinationCountry'],
    message: 'a cross-border request names the destination country',
  });
export type SharingRequestBody = z.infer<typeof sharingRequestBody>;

export const agreementView = z.object({
  id: z.string(),
  title: z.string(),
  requestingUnit: z.string(),
  requestedBy: z.string(),
  partnerId: z.string(),
  effectiveGrade: z.enum(DATA_GRADES),
  status: z.enum(AGREEMENT_STATUSES),
  startDate: z.string(),
  endDate: z.string(),
});
