/** API inputs of the later processes (provision reports, incidents, rectification), fixed here with the models. */
import { z } from 'zod';
import { PROVISION_REPORT_KINDS, SEVERITIES } from '../../policies/vocabulary';

export const provisionReportBody = z
  .object({
    kind: z.enum(PROVISION_REPORT_KINDS),
    agreementId: z.string().min(1).max(100),
    period: z.object({ from: z.iso.date(), to: z.iso.date() }).strict(),
    records: z.number().int().min(0).optional(),
    summary: z.string().trim().max(5000).optional(),
  })
  .strict()
  .refine((r) => r.period.to >= r.period.from, {
    path: ['period', 'to'],
    message: 'the period ends after it starts',
    params: { rule: 'range.order' },
  });

export const incidentBody = z
  .object({
    partnerId: z.string().min(1).max(100),
    severity: z.enum(SEVERITIES),
    summary: z.string().trim().min(1).max(5000),
    detectedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const rectificationEvidenceBody = z.object({ text: z.string().trim().min(1).max(10_000) }).strict();
