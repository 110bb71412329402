/**
 * What the console knows of incidents: the API's views (src/schemas/incident.schema.ts) and the words for
 * their codes in the console's language — grades, kinds, report kinds, recipients and deadline states from
 * the oversight labels (policies/texts/oversight.ts), statuses and outcomes from the incident reports' texts
 * (policies/texts/incident.ts), so that the console and the reports say the same.
 */
import { INCIDENT_REPORT_TEXTS } from '../../policies/texts/incident';
import { OVERSIGHT_LABELS } from '../../policies/texts/oversight';
import type { TextLocale } from '../../policies/texts/agreement';
import type { IncidentRowView, IncidentView } from '../schemas/incident.schema';
import type { Locale, Translate } from './i18n';
import { wordFor } from './partners';

/** The API's own types (type-only imports: nothing of the server reaches the bundle). */
export type { IncidentRowView as IncidentRow, IncidentView as Incident };
export type IncidentDeadline = NonNullable<IncidentView['deadlines']>[number];

export const incidentPath = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

const textLocaleOf = (locale: Locale): TextLocale => (locale === 'en-US' ? 'en' : 'zh-CN');

type LabelTable = 'incidentGrade' | 'incidentKind' | 'deadlineKind' | 'recipient' | 'deadlineState' | 'measure';

/** The word for an incident code in the console's language; the code itself when there is none. */
export function incidentWord(locale: Locale, table: LabelTable | 'status' | 'outcome', code: string | undefined) {
  if (!code) return '';
  const lang = textLocaleOf(locale);
  const words: Record<string, string> =
    table === 'status' || table === 'outcome' ? INCIDENT_REPORT_TEXTS[lang][table] : OVERSIGHT_LABELS[lang][table];
  return words[code] ?? code;
}

export const GRADE_COLOURS: Record<string, string> = { I: 'red', II: 'volcano', III: 'orange', IV: 'blue' };
export const DEADLINE_COLOURS: Record<string, string> = {
  waiting: 'default',
  due: 'processing',
  met: 'green',
  missed: 'red',
};

/** Who must act on an incident until it is closed, in words ("waiting for the DSO to close it"). */
export const incidentHolder = (t: Translate, status: string): string | undefined =>
  status === 'closed' ? undefined : wordFor(t, 'holder.incident', status);
