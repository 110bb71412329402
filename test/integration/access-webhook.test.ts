/**
 * The signed-webhook access connector against a receiving HTTP server started here, which verifies with
 * the exported receiver-side verifier: what a partner's gateway accepts and refuses, and how each answer
 * turns into success, a retried failure or a failure Temporal does not retry.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ACCESS_REJECTED, type GrantRequest } from '../../activities/connectors/access';
import { webhookAccessConnector } from '../../activities/connectors/access-webhook';
import { grantKeyOf, revokeKeyOf } from '../../policies/record-keys';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
/** Long enough for a busy machine; the tests that reach it get no answer at all. */
const TIMEOUT_MS = 2_000;

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
});
afterEach(() => receiver.close());

const connector = (overrides: { secret?: string; now?: () => Date; timeoutMs?: number } = {}) =>
  webhookAccessConnector({
    url: receiver.url,
    secret: overrides.secret ?? SECRET,
    timeoutMs: overrides.timeoutMs ?? TIMEOUT_MS,
    ...(overrides.now ? { now: overrides.now } : {}),
  });

function aGrant(): GrantRequest {
  const agreementId = randomUUID();
  return {
    key: grantKeyOf(agreementId, 3),
    agreementId,
    version: 3,
    partnerId: randomUUID(),
    scope: { assets: [{ assetId: 'a1', fields: ['cell_id'] }], controls: ['masking'], validUntil: '2027-11-30' },
  };
}

/** What a call's failure tells Temporal: retried (a plain error) or not (a non-retryable ApplicationFailure). */
async function failureOf(call: Promise<unknown>): Promise<{ retried: boolean; type?: string; message: string }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApplicationFailure) {
      return { retried: !err.nonRetryable, ...(err.type ? { type: err.type } : {}), message: err.message };
    }
    return { retried: true, message: (err as Error).message };
  }
  throw new Error('the call succeeded');
}

describe('webhookAccessConnector', () => {
  it('posts a grant the gateway verifies and applies; the same key again is refused as a replay and counts as done', async () => {
    const grant = aGrant();

    expect(await connector().grant(grant)).toEqual({ key: grant.key, repeated: false });
    expect(await connector().grant(grant)).toEqual({ key: grant.key, repeated: true });

    expect(receiver.applied).toEqual([
      {
        type: 'access.grant',
        key: grant.key,
        agreementId: grant.agreementId,
        version: 3,
        partnerId: grant.partnerId,
        scope: grant.scope,
      },
    ]);
    expect(receiver.refusals).toEqual(['replayed_key']);
  });

  it('posts a revoke with its reason', async () => {
    const agreementId = randomUUID();
    const revoke = { key: revokeKeyOf(agreementId, 5), agreementId, version: 5, reason: 'partner_blacklisted' };

    expect(await connector().revoke(revoke)).toEqual({ key: revoke.key, repeated: false });
    expect(receiver.applied).toEqual([{ type: 'access.revoke', ...revoke }]);
  });

  it('signed with another secret, is refused (401) and fails without a retry', async () => {
    const failure = await failureOf(connector({ secret: 'not-the-secret-the-gateway-was-given!!' }).grant(aGrant()));

    expect(failure).toMatchObject({ retried: false, type: ACCESS_REJECTED });
    expect(failure.message).toMatch(/answered 401.*bad_signature/);
    expect(receiver.refusals).toEqual(['bad_signature']);
    expect(receiver.applied).toEqual([]);
  });

  it('signed outside the replay window (a clock ten minutes slow), is refused and fails without a retry', async () => {
    const slow = () => new Date(Date.now() - 10 * 60 * 1000);

    const failure = await failureOf(connector({ now: slow }).grant(aGrant()));

    expect(failure).toMatchObject({ retried: false, type: ACCESS_REJECTED });
    expect(receiver.refusals).toEqual(['stale_timestamp']);
    expect(receiver.applied).toEqual([]);
  });

  it('a 5xx from the gateway fails the call for a retry, and the retry is applied once', async () => {
    const grant = aGrant();
    receiver.answerNext(503);

    expect(await failureOf(connector().grant(grant))).toMatchObject({ retried: true, message: /answered 503/ });
    expect(await connector().grant(grant)).toEqual({ key: grant.key, repeated: false });

    expect(receiver.attempts).toBe(2);
    expect(receiver.applied).toHaveLength(1);
  });

  it('no answer within the timeout fails the call for a retry', async () => {
    receiver.hangNext();

    const failure = await failureOf(connector({ timeoutMs: 300 }).grant(aGrant()));

    expect(failure).toEqual({ retried: true, message: expect.stringMatching(/no answer within 300 ms/) });
    expect(receiver.applied).toEqual([]);
  });

  it.each([
    [429, true],
    [408, true],
    [400, false],
    [403, false],
    [404, false],
  ])('a %i from the gateway is retried: %s', async (status, retried) => {
    receiver.answerNext(status);
    const failure = await failureOf(connector().grant(aGrant()));
    expect(failure.retried).toBe(retried);
    if (!retried) expect(failure.type).toBe(ACCESS_REJECTED);
  });

  it('a gateway that cannot be reached fails the call for a retry', async () => {
    const url = receiver.url;
    await receiver.close();
    const failure = await failureOf(
      webhookAccessConnector({ url, secret: SECRET, timeoutMs: TIMEOUT_MS }).grant(aGrant()),
    );
    expect(failure.retried).toBe(true);
    receiver = await startWebhookReceiver({ secret: SECRET });
  });
});
