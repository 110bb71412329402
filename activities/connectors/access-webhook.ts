import type { AccessConnector, AccessReceipt } from './access';
import { ACCESS_REJECTED } from './access';
import { postJson } from './http-post';
import { signedHeaders } from './webhook-signature';

/**
 * The access connector of a deployment: each grant and revoke is a signed JSON POST to the partner
 * access gateway's URL (`webhook-signature.ts` says how it is signed and verified). The body is the same
 * on every retry of a call; only the timestamp and signature are new. A 409 means the gateway applied
 * this key already: the call is done.
 *
 * Bodies: `{type: 'access.grant', key, agreementId, version, partnerId, scope}` and
 * `{type: 'access.revoke', key, agreementId, version, reason}`. A gateway that receives an agreement's
 * calls out of order keeps the one of the highest `version`.
 */
export function webhookAccessConnector(options: {
  url: string;
  secret: string;
  timeoutMs: number;
  now?: () => Date;
}): AccessConnector {
  const now = options.now ?? (() => new Date());
  const name = `webhook:${new URL(options.url).host}`;

  async function send(event: { type: string; key: string } & Record<string, unknown>): Promise<AccessReceipt> {
    const rawBody = JSON.stringify(event);
    const answer = await postJson({
      system: `access gateway ${name}`,
      url: options.url,
      rawBody,
      headers: signedHeaders({ secret: options.secret, key: event.key, rawBody, at: now() }),
      timeoutMs: options.timeoutMs,
      failureType: ACCESS_REJECTED,
    });
    return { key: event.key, repeated: answer.status === 409 };
  }

  return {
    name,
    grant: ({ key, agreementId, version, partnerId, scope }) =>
      send({ type: 'access.grant', key, agreementId, version, partnerId, scope }),
    revoke: ({ key, agreementId, version, reason }) =>
      send({ type: 'access.revoke', key, agreementId, version, reason }),
  };
}
