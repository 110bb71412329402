/**
 * The signature of DataPact's webhooks, both sides: DataPact signs what it posts; a receiver (a partner's
 * access gateway, written by its integrators) verifies with `verifyWebhook`. Self-contained (Node's crypto
 * only) so that a receiver can take this file as it is.
 *
 * A request carries three headers:
 * - `X-DataPact-Timestamp`: when it was signed, in whole seconds since the epoch;
 * - `X-DataPact-Signature`: `v1=` and the hex HMAC-SHA256, under the shared secret, of the timestamp, a
 *   dot, and the raw body exactly as received (`${timestamp}.${rawBody}`);
 * - `Idempotency-Key`: the call's key, which the JSON body also carries as `key` (the header is not signed;
 *   the body is, so a receiver checks that they agree).
 * A receiver refuses a signature that does not match, a timestamp outside its replay window (either way),
 * a header key that differs from the body's, and a key it has already applied — with 409, which DataPact
 * reads as "done already", so a retried call is applied once. Each retry is signed anew.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-datapact-timestamp';
export const SIGNATURE_HEADER = 'x-datapact-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const SCHEME = 'v1=';
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** The hex HMAC-SHA256 of `${timestamp}.${rawBody}`. */
export function signatureOf(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The headers of a signed request, signed at `at`. */
export function signedHeaders(input: {
  secret: string;
  key: string;
  rawBody: string;
  at: Date;
}): Record<string, string> {
  const timestamp = Math.floor(input.at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `${SCHEME}${signatureOf(input.secret, timestamp, input.rawBody)}`,
    [IDEMPOTENCY_HEADER]: input.key,
  };
}

/** Why a receiver refuses a request, and the HTTP status it answers with. */
export const WEBHOOK_REFUSALS = {
  missing_header: 401,
  bad_signature: 401,
  stale_timestamp: 401,
  malformed_body: 400,
  key_mismatch: 400,
  replayed_key: 409,
} as const;
export type WebhookRefusal = keyof typeof WEBHOOK_REFUSALS;

/** The keys a receiver has applied. A real receiver keeps them in its own store, written with what it applied. */
export interface SeenKeys {
  has(key: string): boolean | Promise<boolean>;
}

export type WebhookVerdict =
  | { ok: true; key: string; timestamp: number; body: Record<string, unknown> }
  | { ok: false; reason: WebhookRefusal; status: number };

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
const refuse = (reason: WebhookRefusal): WebhookVerdict => ({ ok: false, reason, status: WEBHOOK_REFUSALS[reason] });

/**
 * Checks a request as received: headers (lower-case names, as Node gives them), the raw body, the
 * receiver's clock. Apply the call only on `ok`, and remember its key with it.
 */
export async function verifyWebhook(input: {
  secret: string;
  headers: Headers;
  rawBody: string | Buffer;
  now: Date;
  replayWindowSeconds?: number;
  seenKeys?: SeenKeys;
}): Promise<WebhookVerdict> {
  const timestampText = header(input.headers, TIMESTAMP_HEADER);
  const signature = header(input.headers, SIGNATURE_HEADER);
  const key = header(input.headers, IDEMPOTENCY_HEADER);
  if (!timestampText || !signature || !key) return refuse('missing_header');

  const timestamp = Number(timestampText);
  const expected = Buffer.from(`${SCHEME}${signatureOf(input.secret, timestamp, input.rawBody)}`);
  const given = Buffer.from(signature);
  if (!/^\d+$/.test(timestampText) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse('bad_signature');
  }
  const window = input.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > window) return refuse('stale_timestamp');

  let body: unknown;
  try {
    body = JSON.parse(input.rawBody.toString());
  } catch {
    return refuse('malformed_body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('malformed_body');
  if ((body as { key?: unknown }).key !== key) return refuse('key_mismatch');
  if (await input.seenKeys?.has(key)) return refuse('replayed_key');
  return { ok: true, key, timestamp, body: body as Record<string, unknown> };
}

/** Seen keys held in memory: for a demonstration or a test, not for a receiver that restarts. */
export function inMemorySeenKeys(): SeenKeys & { add(key: string): void } {
  const keys = new Set<string>();
  return { has: (key) => keys.has(key), add: (key) => void keys.add(key) };
}
