/**
 * What the console knows of sharing agreements: the API's views of one (src/schemas/agreement.schema.ts),
 * the words for its codes in the console's language — statuses and stages from the catalogue, every
 * reason and refusal of the agreement rules from their own texts (policies/texts/agreement.ts) — and
 * what the decision rules read of it, so that the console offers only the steps they would allow.
 */
import { REASON_PARAMS, type ReasonCode } from '../../policies/agreement-reasons';
import type { AgreementDecisionState } from '../../policies/agreement-decisions';
import { renderReason } from '../../policies/refusal';
import { AGREEMENT_TERMS, type TermKind } from '../../policies/texts/agreement';
import type { AgreementStatus, ApprovalStage } from '../../policies/vocabulary';
import type {
  AgreementRowView as AgreementRow,
  AgreementView as Agreement,
  PreviewView as Preview,
} from '../schemas/agreement.schema';
import type { TimelineEntry } from '../schemas/partner.schema';
import type { AgreementRequestBody } from '../../workflows/agreement/state';
import { ApiError } from './api';
import { describeError } from './errors';
import { isMessageKey, type Locale, type MessageKey, type Translate } from './i18n';
import { countryName, wordFor } from './partners';
import { formatDate } from './time';

/** The API's own types (type-only imports: nothing of the server reaches the bundle). */
export type { Agreement, AgreementRow, Preview, TimelineEntry };
export type AgreementRequest = AgreementRequestBody;
export type RouteView = NonNullable<Agreement['route']>;
export type Decision = NonNullable<Agreement['decisions']>[number];
export type UsagePeriod = Agreement['usage']['periods'][number];
export interface Reason {
  code: string;
  params?: Record<string, string | number>;
}

export const agreementPath = (id: string) => `/api/agreements/${encodeURIComponent(id)}`;
export const agreementLink = (id: string) => `#/agreements/${encodeURIComponent(id)}`;

const textLocaleOf = (locale: Locale) => (locale === 'en-US' ? 'en' : 'zh-CN');
const isReasonCode = (code: string): code is ReasonCode => code in REASON_PARAMS;

/** Params that carry an instant or a date: shown as the reader's date. */
const DATE_PARAMS = new Set(['validUntil', 'expiredAt', 'dueAt', 'startDate', 'endDate']);

/**
 * The Shanghai day of a value: a calendar date (`YYYY-MM-DD`: a term's start or end, a usage period) is
 * that day as it is, wherever the browser is; an instant is its day in Shanghai.
 */
export const dayOf = (value: string | undefined): string =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDate(value);

/**
 * The words of an agreement rule's reason or refusal in the console's language: its text from the
 * rules' own catalogue, its dates as days and its countries by name. A code the rules do not know
 * stays visible as itself.
 */
export function reasonText(reason: Reason, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reason.params ?? {})) {
    params[name] = DATE_PARAMS.has(name)
      ? dayOf(String(value)) || value
      : name === 'destination' && /^[A-Z]{2}$/.test(String(value))
        ? countryName(String(value), locale)
        : value;
  }
  if (!isReasonCode(reason.code)) {
    const shown = Object.values(params);
    return shown.length ? `${reason.code} (${shown.join(', ')})` : reason.code;
  }
  return renderReason(textLocaleOf(locale), { code: reason.code, params });
}

/**
 * A recorded reason as a person reads it. The workflow records some reasons as reason codes (a
 * suspension for usage beyond the approval lists its violations' codes, comma-separated): those are
 * put into words, each with the params of the agreement's latest violation of that code. Anything else
 * is someone's own words and is shown as written.
 */
export function reasonLines(reason: string | undefined, locale: Locale, violations: readonly Reason[] = []): string[] {
  if (!reason?.trim()) return [];
  const codes = reason.split(/,\s*/);
  if (!codes.every(isReasonCode)) return [reason];
  return codes.map((code) => reasonText([...violations].reverse().find((v) => v.code === code) ?? { code }, locale));
}

/** A word of the rules' own vocabulary (a control, a scenario, a record …), capitalised as a label. */
export function termWord(kind: TermKind, value: string, locale: Locale): string {
  const word = AGREEMENT_TERMS[textLocaleOf(locale)][kind][value] ?? value;
  return locale === 'en-US' ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/**
 * What went wrong with a step, in lines a person reads: a request that cannot be approved lists every
 * reason (`reasons`), a refusal of the agreement rules its own text, anything else the console's words.
 */
export function problemOf(err: unknown, t: Translate, locale: Locale): { title: string; reasons: string[] } {
  const problem = err instanceof ApiError ? err.problem : undefined;
  if (problem?.reasons && problem.reasons.length > 0) {
    return {
      title: reasonText({ code: 'agreement.not_approvable', params: { count: problem.reasons.length } }, locale),
      reasons: problem.reasons.map((r) => reasonText(r, locale)),
    };
  }
  if (problem && isReasonCode(problem.code)) {
    return { title: reasonText({ code: problem.code, params: problem.params ?? {} }, locale), reasons: [] };
  }
  return { title: describeError(err, t), reasons: [] };
}

export const statusWord = (t: Translate, status: string | undefined) => wordFor(t, 'agreement.status', status);
export const stageWord = (t: Translate, stage: string | undefined) => wordFor(t, 'agreement.stage', stage);

export const AGREEMENT_STATUS_COLOURS: Partial<Record<AgreementStatus, string>> = {
  draft: 'default',
  submitted: 'processing',
  in_review: 'processing',
  returned: 'warning',
  awaiting_regulator: 'processing',
  approved: 'cyan',
  active: 'success',
  suspended: 'warning',
  revoking: 'error',
  revoked: 'error',
  expired: 'default',
  closed: 'default',
  rejected: 'error',
  withdrawn: 'default',
};

/** Who must act, in words: the head of a unit, a role, or the partner. */
export function awaitingText(t: Translate, awaiting: string | undefined, partnerName: string): string {
  if (!awaiting) return '';
  const [kind, who = ''] = awaiting.split(/:(.*)/s);
  if (kind === 'unit_head') return t('agreement.awaiting.unitHead', { unit: who });
  if (kind === 'role') return isMessageKey(`role.${who}`) ? t(`role.${who}` as MessageKey) : who;
  if (kind === 'partner') return t('agreement.awaiting.partner', { partner: partnerName });
  return awaiting;
}

export { isOverdue } from './time';

/** The sentence of an agreement's timeline entry: why the system made the transition, with its params in words. */
export function agreementWhyText(t: Translate, why: NonNullable<TimelineEntry['why']>): string {
  const key = `audit.reason.${why.code}`;
  if (!isMessageKey(key)) return why.code;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(why.params ?? {})) {
    const text = String(value);
    params[name] =
      name === 'stages'
        ? text
            .split(',')
            .map((s) => stageWord(t, s))
            .join(' → ')
        : name === 'stage' || name === 'next'
          ? wordFor(t, 'agreement.stage', text)
          : name === 'to'
            ? wordFor(t, 'agreement.escalation', text)
            : name === 'cause'
              ? wordFor(t, 'agreement.suspension', text)
              : name === 'trigger'
                ? wordFor(t, 'agreement.trigger', text)
                : name === 'period' || name === 'endDate'
                  ? dayOf(text)
                  : value;
  }
  return t(key, params);
}

/** A notification about an agreement, its params in words (the stage, the cause, the period …). */
export function agreementNotificationParams(t: Translate, params: Record<string, string>): Record<string, string> {
  return {
    ...params,
    ...(params.stage ? { stage: stageWord(t, params.stage) } : {}),
    ...(params.cause ? { cause: wordFor(t, 'agreement.suspension', params.cause) } : {}),
    ...(params.trigger ? { trigger: wordFor(t, 'agreement.trigger', params.trigger) } : {}),
    ...(params.period ? { period: dayOf(params.period) } : {}),
  };
}

/**
 * What the decision rules (policies/agreement-decisions.ts) read of an agreement, from the API's view:
 * the same the workflow's validators read of its state, so the console offers a step only when they
 * would take it.
 */
export function decisionStateOf(agreement: Agreement): AgreementDecisionState {
  const review = agreement.review;
  return {
    agreementId: agreement.id,
    status: agreement.status,
    requestingUnit: agreement.requestingUnit,
    requestedBy: agreement.requestedBy ?? '',
    partnerId: agreement.partnerId,
    effectiveGrade: agreement.effectiveGrade,
    personalInfo: agreement.personalInfo,
    review: review
      ? {
          kind: review.kind,
          round: review.round,
          stages: review.stages,
          awaitsRegulator: review.awaitsRegulator,
          current: review.current,
        }
      : null,
    approvals: (agreement.decisions ?? [])
      .filter((d) => d.outcome === 'approve' && d.stage !== 'regulator')
      .map((d) => ({ stage: d.stage as ApprovalStage, by: d.by, at: d.at })),
    ...(agreement.attestation ? { attestation: agreement.attestation.status } : {}),
  };
}

/** The term of an agreement, as days: `2026-01-01 – 2026-06-30`. */
export const termText = (a: { startsAt: string; endsAt: string }) =>
  `${formatDate(a.startsAt)} – ${formatDate(a.endsAt)}`;

/** `YYYY-MM-DD` of a Shanghai calendar date as an instant at its start (`issuedAt` of a record). */
export const startOfShanghaiDay = (date: string) => `${date}T00:00:00+08:00`;

/** A key for one request form: a repeated save of the same new draft is the same create. */
export function requestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `agreement-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
