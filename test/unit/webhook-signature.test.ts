import { createHmac } from 'node:crypto';
import {
  inMemorySeenKeys,
  signedHeaders,
  verifyWebhook,
  type WebhookVerdict,
} from '../../activities/connectors/webhook-signature';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const signedAt = new Date('2026-11-25T08:00:00.000Z');
const key = 'grant:g1:v3';
const rawBody = JSON.stringify({ type: 'access.grant', key, agreementId: 'g1', version: 3 });

const verify = (
  overrides: { headers?: Record<string, string | undefined>; rawBody?: string; now?: Date; seen?: string[] } = {},
): Promise<WebhookVerdict> => {
  const seenKeys = inMemorySeenKeys();
  for (const k of overrides.seen ?? []) seenKeys.add(k);
  return verifyWebhook({
    secret: SECRET,
    headers: { ...signedHeaders({ secret: SECRET, key, rawBody, at: signedAt }), ...overrides.headers },
    rawBody: overrides.rawBody ?? rawBody,
    now: overrides.now ?? new Date(signedAt.getTime() + 2_000),
    seenKeys,
  });
};

describe('signedHeaders', () => {
  it('signs `${timestamp}.${rawBody}` with HMAC-SHA256 under the secret, as the receiver documentation says', () => {
    const headers = signedHeaders({ secret: SECRET, key, rawBody, at: signedAt });
    const timestamp = String(signedAt.getTime() / 1000);
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-datapact-timestamp': timestamp,
      'x-datapact-signature': `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${rawBody}`).digest('hex')}`,
      'idempotency-key': key,
    });
  });
});

describe('verifyWebhook', () => {
  it('accepts a request signed with the secret, within the window, for a key not yet seen', async () => {
    expect(await verify()).toEqual({ ok: true, key, timestamp: signedAt.getTime() / 1000, body: JSON.parse(rawBody) });
  });

  it('refuses a body changed after signing', async () => {
    expect(await verify({ rawBody: rawBody.replace('"version":3', '"version":4') })).toEqual({
      ok: false,
      reason: 'bad_signature',
      status: 401,
    });
  });

  it('refuses a timestamp changed after signing', async () => {
    const later = String(signedAt.getTime() / 1000 + 60);
    expect(await verify({ headers: { 'x-datapact-timestamp': later } })).toMatchObject({ reason: 'bad_signature' });
  });

  it('refuses a request signed more than the window (300 s) before or after the receiver’s clock', async () => {
    const at = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);
    expect(await verify({ now: at(300) })).toMatchObject({ ok: true });
    expect(await verify({ now: at(301) })).toMatchObject({ reason: 'stale_timestamp', status: 401 });
    expect(await verify({ now: at(-301) })).toMatchObject({ reason: 'stale_timestamp' });
  });

  it('refuses a key it has applied, with 409', async () => {
    expect(await verify({ seen: [key] })).toEqual({ ok: false, reason: 'replayed_key', status: 409 });
  });

  it('refuses a header key that differs from the signed body’s (the header alone is not signed)', async () => {
    expect(await verify({ headers: { 'idempotency-key': 'grant:g1:v4' } })).toMatchObject({
      reason: 'key_mismatch',
      status: 400,
    });
  });

  it.each(['x-datapact-timestamp', 'x-datapact-signature', 'idempotency-key'])(
    'refuses a request without %s',
    async (name) => {
      expect(await verify({ headers: { [name]: undefined } })).toMatchObject({ reason: 'missing_header', status: 401 });
    },
  );

  it('refuses a signed body that is not a JSON object', async () => {
    const notJson = 'grant please';
    const headers = signedHeaders({ secret: SECRET, key, rawBody: notJson, at: signedAt });
    expect(await verify({ headers, rawBody: notJson })).toMatchObject({ reason: 'malformed_body', status: 400 });
  });
});
