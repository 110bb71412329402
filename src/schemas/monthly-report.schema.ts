/** The API's shapes of the monthly report (S10): its path, query and JSON view. */
import { z } from 'zod';
import { FIGURE_IDS, REPORT_SECTIONS } from '../../policies/monthly-report';
import { MONTHLY_PROBLEM_CODES, MONTHLY_SUGGESTION_CODES } from '../../policies/monthly-report-document';
import { MONTHLY_REPORT_FORMATS } from '../services/monthly-reports';
import { REPORT_LOCALES } from './incident.schema';

export const monthlyReportParams = z
  .object({ period: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM') })
  .strict();

export const monthlyReportQuery = z
  .object({
    format: z.enum(MONTHLY_REPORT_FORMATS).default('json'),
    /** Without it, the Accept-Language header's (Chinese unless English comes first; zh-CN without the header). */
    lang: z.enum(REPORT_LOCALES).optional(),
  })
  .strict();

export const monthlyReportHeaders = z.object({ 'accept-language': z.string().optional() });

const group = z.object({ key: z.string(), name: z.string().optional(), findings: z.number().int() });
const coded = <C extends readonly [string, ...string[]]>(codes: C) =>
  z.object({ code: z.enum(codes), params: z.record(z.string(), z.number()) });

export const monthlyReportView = z.object({
  version: z.string(),
  month: z.string(),
  period: z.object({ start: z.string(), end: z.string(), cutoff: z.string() }),
  generatedAt: z.string(),
  /** `snapshot`: the report kept at month end; `live`: computed at this request. */
  source: z.enum(['snapshot', 'live']),
  figures: z.array(
    z.object({
      id: z.enum(FIGURE_IDS as [string, ...string[]]),
      section: z.enum(REPORT_SECTIONS),
      value: z.number().nullable(),
      breakdown: z.array(z.object({ key: z.string(), value: z.number() })).optional(),
    }),
  ),
  findings: z.object({
    byRule: z.array(group),
    bySeverity: z.array(group),
    byUnit: z.array(group),
    byPartner: z.array(group),
  }),
  problems: z.array(coded(MONTHLY_PROBLEM_CODES)),
  suggestions: z.array(coded(MONTHLY_SUGGESTION_CODES)),
});
