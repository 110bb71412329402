/**
 * What the console knows of inspections, findings and the rule set: the API's views
 * (src/schemas/inspection.schema.ts) and the words for their codes in the console's language — rule
 * titles, severities, finding statuses and closures, decision verdicts and a finding's own text from the
 * oversight texts (policies/texts/oversight.ts), so that the console, the notifications and the reports
 * say the same.
 */
import { findingCodeOf } from '../../policies/oversight-reasons';
import type { TextLocale } from '../../policies/texts/agreement';
import { OVERSIGHT_LABELS, renderOversight } from '../../policies/texts/oversight';
import type {
  FindingView,
  InspectionView,
  RuleSetView,
  WhatIfView,
  reportView,
  progressView,
} from '../schemas/inspection.schema';
import type { z } from 'zod';
import type { Locale } from './i18n';

/** The API's own types (type-only imports: nothing of the server reaches the bundle). */
export type { FindingView as Finding, InspectionView as Inspection, RuleSetView as RuleSet, WhatIfView as WhatIf };
export type RunReport = z.infer<typeof reportView>;
export type RunProgress = z.infer<typeof progressView>;

export const inspectionPath = (period: string) => `/api/inspections/${encodeURIComponent(period)}`;
export const findingPath = (id: string) => `/api/findings/${encodeURIComponent(id)}`;

const textLocaleOf = (locale: Locale): TextLocale => (locale === 'en-US' ? 'en' : 'zh-CN');

type LabelTable = 'rule' | 'severity' | 'findingStatus' | 'findingClosure' | 'decisionVerdict';

/** The word for an oversight code in the console's language; the code itself when there is none. */
export function oversightWord(locale: Locale, table: LabelTable, code: string | undefined): string {
  if (!code) return '';
  const words = OVERSIGHT_LABELS[textLocaleOf(locale)][table] as Record<string, string>;
  return words[code] ?? code;
}

/** What a finding says, in the reader's language: its rule's text with the finding's params. */
export function findingText(locale: Locale, finding: Pick<FindingView, 'ruleId' | 'params'>): string {
  return renderOversight(textLocaleOf(locale), { code: findingCodeOf(finding.ruleId), params: finding.params });
}

export const SEVERITY_COLOURS: Record<string, string> = {
  low: 'blue',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};
export const FINDING_STATUS_COLOURS: Record<string, string> = {
  open: 'orange',
  rectifying: 'processing',
  verified: 'green',
  escalated: 'red',
  closed: 'default',
};
export const RUN_STATUS_COLOURS: Record<string, string> = { running: 'processing', completed: 'green', failed: 'red' };
