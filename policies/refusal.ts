/**
 * A refusal: why something may not be done, as an error code a client renders in zh-CN or en from its
 * params, with the English text as `message` for logs and for `ApplicationFailure.nonRetryable(message,
 * code)`. Pure and bundle-safe.
 */
import { REASON_PARAMS, type ParamsOf, type ParamValue, type Reason, type ReasonCode } from './agreement-reasons';
import type { ErrorCode } from './errors';
import { AGREEMENT_TERMS, AGREEMENT_TEXTS, PARAM_TERMS, type TextLocale } from './texts/agreement';

/** The codes that are both a declared reason and an error code. */
export type RefusalCode = ReasonCode & ErrorCode;

export interface Refusal<C extends RefusalCode = RefusalCode> {
  code: C;
  params: Record<string, ParamValue>;
  /** The English text, rendered from the params. */
  message: string;
}

/** A refusal with exactly the params its code declares, and its English text. */
export function refusalOf<C extends RefusalCode>(code: C, params: ParamsOf<C>): Refusal<C> {
  const copy: Record<string, ParamValue> = { ...params };
  return { code, params: copy, message: renderReason('en', { code, params: copy }) };
}

/**
 * The text of a reason in a language: each `{name}` replaced by its param, an enum value (a control, a
 * grade, a stage …) by its word in that language. A param the text names but the reason lacks stays
 * `{name}`, visibly.
 */
export function renderReason(locale: TextLocale, reason: Reason): string {
  const text = AGREEMENT_TEXTS[locale][reason.code];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = reason.params[name];
    if (value === undefined) return whole;
    const kind = (PARAM_TERMS as Record<string, keyof (typeof AGREEMENT_TERMS)['en'] | undefined>)[name];
    const word = kind ? AGREEMENT_TERMS[locale][kind][String(value)] : undefined;
    return word ?? String(value);
  });
}

/** The names of the params a code declares. */
export function paramNamesOf(code: ReasonCode): readonly string[] {
  return REASON_PARAMS[code];
}
