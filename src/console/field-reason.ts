/** Why the API refused a field, in the console's words (no React, no browser: tested as it is). */
import type { z } from 'zod';
import type { problemSchema } from '../api/openapi';
import { isMessageKey, type Locale, type MessageKey, type Translate } from './i18n/translate';

/** One field the API refused (`invalid-params`): its path, the API's English reason, the validation's code and parameters. */
export type InvalidParam = NonNullable<z.infer<typeof problemSchema>['invalid-params']>[number];

const TYPE_WORDS: readonly string[] = ['string', 'number', 'boolean', 'array', 'object', 'date'];
const FORMAT_WORDS: readonly string[] = ['email', 'url', 'datetime', 'date'];

/**
 * Why the API refused a field, in the reader's words: from the validation's code and parameters (zod's
 * issue codes, as src/api/problem.ts sends them), not from the API's English `reason`. A rule of the API's
 * own (`custom`) is named by its `rule` parameter (src/schemas); one the console has no words for keeps the
 * API's sentence in English and has a general text in Chinese.
 */
export function fieldReason(param: InvalidParam, t: Translate, locale: Locale): string {
  const p = param.params ?? {};
  const exclusive = p.inclusive === 'false';
  const counted = p.origin === 'array' || p.origin === 'set';
  /** The API's own sentence to an English reader (it says more than a general text), else the console's words. */
  const apiSentenceOr = (key: MessageKey) => (locale === 'en-US' && param.reason ? param.reason : t(key));
  switch (param.code) {
    case 'invalid_type': {
      if (p.received === 'undefined') return t('validation.required');
      const type = TYPE_WORDS.includes(String(p.expected)) ? String(p.expected) : 'other';
      return t('validation.type', { type: t(`validation.type.${type}` as MessageKey) });
    }
    case 'too_small': {
      const minimum = Number(p.minimum);
      if (p.origin === 'string' || counted) {
        if (minimum <= 1) return t('validation.required');
        return t(counted ? 'validation.minItems' : 'validation.minLength', { minimum });
      }
      if (p.origin === 'number' || p.origin === 'bigint')
        return t(exclusive ? 'validation.above' : 'validation.min', { minimum });
      break;
    }
    case 'too_big': {
      const maximum = Number(p.maximum);
      if (p.origin === 'string') return t('validation.maxLength', { maximum });
      if (counted) return t('validation.maxItems', { maximum });
      if (p.origin === 'number' || p.origin === 'bigint')
        return t(exclusive ? 'validation.below' : 'validation.max', { maximum });
      break;
    }
    case 'invalid_format': {
      if (FORMAT_WORDS.includes(String(p.format))) return t(`validation.format.${String(p.format)}` as MessageKey);
      // A pattern is worded by the field it checks (`contacts.0.phone` → `validation.pattern.contacts.phone`).
      const pattern = `validation.pattern.${param.name
        .split('.')
        .filter((s) => !/^\d+$/.test(s))
        .join('.')}`;
      if (p.format === 'regex' && isMessageKey(pattern)) return t(pattern);
      return apiSentenceOr('validation.format');
    }
    case 'invalid_value':
      if (p.values !== undefined) return t('validation.oneOf', { values: String(p.values) });
      break;
    case 'unrecognized_keys':
      return t('validation.unknownKeys', { keys: String(p.keys ?? '') });
    case 'not_multiple_of':
      return t('validation.multipleOf', { divisor: Number(p.divisor) });
    case 'custom': {
      const key = `validation.rule.${String(p.rule)}`;
      if (isMessageKey(key)) return t(key);
      break;
    }
  }
  return apiSentenceOr('validation.other');
}
