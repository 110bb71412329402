/**
 * What the console knows of partners: the API's view of one (src/schemas/partner.schema.ts), its
 * questionnaire, and the words for its codes (statuses, stages, reasons with their parameters) in
 * the console's language.
 */
import { useEffect, useState } from 'react';
import type { PartnerStatus, RiskTier } from '../../policies/vocabulary';
import type { LocalisedText } from '../../policies/questionnaire';
import type { PartnerView, PartnerView as Partner, TimelineEntry } from '../schemas/partner.schema';
import type { QuestionnaireView as Questionnaire } from '../schemas/questionnaire.schema';
import { api } from './api';
import { isMessageKey, useI18n, type Locale, type Translate } from './i18n';
import { formatDate } from './time';

/** The API's own types (type-only imports: nothing of the server reaches the bundle). */
export type { LocalisedText, Partner, Questionnaire, TimelineEntry };
export type Certification = PartnerView['certifications'][number];
export type Reason = NonNullable<PartnerView['riskReasons']>[number];

export const partnerPath = (id: string) => `/api/partners/${encodeURIComponent(id)}`;

/** A published questionnaire never changes: each version is fetched once. */
const questionnaires = new Map<string, Promise<Questionnaire>>();

export function useQuestionnaire(version: string | undefined): { questionnaire?: Questionnaire; error?: unknown } {
  const [state, setState] = useState<{ version?: string; questionnaire?: Questionnaire; error?: unknown }>({});
  useEffect(() => {
    if (!version) return;
    let cached = questionnaires.get(version);
    if (!cached) {
      cached = api<Questionnaire>(`/api/questionnaires/${encodeURIComponent(version)}`);
      cached.catch(() => questionnaires.delete(version));
      questionnaires.set(version, cached);
    }
    let live = true;
    cached.then(
      (questionnaire) => live && setState({ version, questionnaire }),
      (error: unknown) => live && setState({ version, error }),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return state.version === version ? state : {};
}

export const localised = (text: LocalisedText, locale: Locale) => (locale === 'en-US' ? text.en : text['zh-CN']);

/** "新加坡（SG）" / "Singapore (SG)"; the code alone where the browser has no name for it. */
export function countryName(code: string, locale: Locale): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase());
    if (name && name !== code.toUpperCase()) return locale === 'en-US' ? `${name} (${code})` : `${name}（${code}）`;
  } catch {
    // not a region code the browser knows
  }
  return code;
}

/** The words for a code in a namespace (`partner.status.approved`), or the code itself if the console has none. */
export function wordFor(t: Translate, prefix: string, code: string | undefined): string {
  if (!code) return '';
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** Turns the reasons' parameters (a tier, a grade, a question id, dates, countries) into words. */
export function useReasonText(questionnaire?: Questionnaire): (reason: Reason) => string {
  const { t, locale } = useI18n();
  return (reason) => {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(reason.params ?? {})) {
      const text = String(value);
      params[name] =
        name === 'tier'
          ? wordFor(t, 'partner.tier', text)
          : name === 'clearance'
            ? wordFor(t, 'grade', text)
            : name === 'kind'
              ? wordFor(t, 'cert', text)
              : name === 'area'
                ? wordFor(t, 'area', text)
                : name === 'list'
                  ? wordFor(t, 'reason.list', text)
                  : name === 'expiresAt'
                    ? formatDate(text)
                    : name === 'countries'
                      ? text
                          .split(/,\s*/)
                          .map((c) => countryName(c, locale))
                          .join(locale === 'en-US' ? ', ' : '、')
                      : name === 'question'
                        ? questionText(questionnaire, text, locale)
                        : value;
    }
    const key = `reason.${reason.code}`;
    if (isMessageKey(key)) return t(key, params);
    const shown = Object.values(reason.params ?? {});
    return shown.length ? `${reason.code} (${shown.join(', ')})` : reason.code;
  };
}

function questionText(questionnaire: Questionnaire | undefined, id: string, locale: Locale): string {
  const question = questionnaire?.questions.find((q) => q.id === id);
  return question ? localised(question.text, locale) : id;
}

/** The words of an audit action on a partner: `partner.approved`, `partner.stage.review`, … */
export function timelineAction(t: Translate, action: string): string {
  const stage = /^partner\.stage\.(\w+)$/.exec(action)?.[1];
  if (stage) return t('timeline.stage', { stage: wordFor(t, 'partner.stage', stage) });
  return wordFor(t, 'timeline', action);
}

/** Why the system made a transition (`audit.reason.<code>`), with its parameters in the reader's words. */
export function whyText(t: Translate, why: NonNullable<TimelineEntry['why']>): string {
  const key = `audit.reason.${why.code}`;
  if (!isMessageKey(key)) return why.code;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(why.params ?? {})) {
    params[name] =
      name === 'tier'
        ? wordFor(t, 'partner.tier', String(value))
        : name === 'clearance'
          ? wordFor(t, 'grade', String(value))
          : name === 'reasons'
            ? String(value)
                .split(',')
                .map((code) => wordFor(t, 'reason', code))
                .join('；')
            : value;
  }
  return t(key, params);
}

export const STATUS_COLOURS: Partial<Record<PartnerStatus, string>> = {
  vetting: 'processing',
  revetting: 'processing',
  approved: 'success',
  rejected: 'error',
  blacklisted: 'error',
  expired: 'warning',
  lapsed: 'warning',
  suspended: 'warning',
};

/**
 * Who holds the ball while a partner is vetted, in words ("waiting for the partner's questionnaire");
 * nothing once no one has to act.
 */
export function partnerHolder(t: Translate, partner: Pick<Partner, 'status' | 'stage'>): string | undefined {
  const vetting = partner.status === 'vetting' || partner.status === 'revetting';
  return vetting && partner.stage ? wordFor(t, 'holder.partner', partner.stage) : undefined;
}

export const TIER_COLOURS: Record<RiskTier, string> = { low: 'green', medium: 'orange', high: 'red' };

/** A key for one nomination: a repeated submit of the same form is the same create. */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `nominate-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
