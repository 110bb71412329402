import type { ApiError } from './api';
import { isMessageKey, type Translate } from './i18n/translate';

/** The console's own words for a problem code it knows, else null. */
export function problemTitle(code: string | undefined, t: Translate): string | null {
  const key = `problem.${code}`;
  return code && isMessageKey(key) ? t(key) : null;
}

/** A problem document as a sentence a person can read, in the console's language. */
export function describeError(err: unknown, t: Translate): string {
  const problem = (err as ApiError).problem;
  if (!problem) return t('error.generic', { detail: String(err) });
  if (problem.status === 0) return t('error.network');
  const title = problemTitle(problem.code, t);
  const detail = problem.detail ?? problem.code;
  const said = title ? t('error.known', { title, detail }) : detail;
  if (problem.status === 403) return t('error.forbidden', { detail: title ? said : (problem.detail ?? '') });
  return t('error.generic', { detail: said });
}
