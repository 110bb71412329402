import { ApplicationFailure } from '@temporalio/common';

/** How much of a refusing answer's body goes into the error: enough to see why, not a whole page. */
const BODY_EXCERPT = 300;
/** Statuses that say "later": a retry may succeed. */
const RETRY_LATER = new Set([408, 425, 429]);

export interface PostAnswer {
  status: number;
  body: string;
}

/**
 * POSTs a JSON body to an outside system and sorts its answer the way Temporal's retries need:
 * a 2xx or a 409 (the system has this idempotency key already) is returned; no answer within the
 * timeout, a network error, a 5xx, 408, 425 or 429 throws a plain error, and the activity is retried;
 * any other status (a 4xx a retry cannot fix, or a redirect, which would turn the POST into a GET)
 * throws `ApplicationFailure.nonRetryable` of `failureType`.
 */
export async function postJson(input: {
  system: string;
  url: string;
  rawBody: string;
  headers: Record<string, string>;
  timeoutMs: number;
  failureType: string;
}): Promise<PostAnswer> {
  const { system, url, timeoutMs } = input;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: input.headers,
      body: input.rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    throw new Error(timedOut ? `${system}: no answer within ${timeoutMs} ms` : `${system}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const body = await response.text().catch(() => '');
  const said = `${system} answered ${response.status}${body ? `: ${body.slice(0, BODY_EXCERPT)}` : ''}`;
  if (response.ok || response.status === 409) return { status: response.status, body };
  if (response.status >= 500 || RETRY_LATER.has(response.status)) throw new Error(said);
  throw ApplicationFailure.nonRetryable(said, input.failureType);
}
