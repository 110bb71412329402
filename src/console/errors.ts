import type { ApiError } from './api';
import type { Translate } from './i18n';

/** A problem document as a sentence a person can read, in the console's language. */
export function describeError(err: unknown, t: Translate): string {
  const problem = (err as ApiError).problem;
  if (!problem) return t('error.generic', { detail: String(err) });
  if (problem.status === 0) return t('error.network');
  if (problem.status === 403) return t('error.forbidden', { detail: problem.detail ?? '' });
  return t('error.generic', { detail: problem.detail ?? problem.code });
}
