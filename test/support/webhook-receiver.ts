import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inMemorySeenKeys, verifyWebhook, type WebhookRefusal } from '../../activities/connectors/webhook-signature';
import { EXPECTED_FAILURE } from './expected-failure';

/**
 * A partner's access gateway as its integrators would write it, for tests: it verifies each request with
 * the exported verifier, applies what passes once per key, and can be told to answer the next requests
 * with a status of its own, or not at all.
 */
export interface WebhookReceiver {
  url: string;
  /** Bodies of the calls applied, in order. */
  applied: Record<string, unknown>[];
  /** Why each refused request was refused. */
  refusals: WebhookRefusal[];
  /** Every request that reached the server. */
  attempts: number;
  /** The next requests are answered with these statuses, unread (an overloaded or misconfigured gateway). */
  answerNext(...statuses: number[]): void;
  /** The next request gets no answer until the receiver closes. */
  hangNext(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: {
  secret: string;
  replayWindowSeconds?: number;
  /** The body of a successful answer (the filing endpoint answers with a reference). */
  answer?: (body: Record<string, unknown>) => Record<string, unknown>;
}): Promise<WebhookReceiver> {
  const seen = inMemorySeenKeys();
  const scripted: (number | 'hang')[] = [];
  const answered = new Map<string, Record<string, unknown>>();
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = {
    applied: [],
    refusals: [],
    attempts: 0,
    answerNext: (...statuses) => void scripted.push(...statuses),
    hangNext: () => void scripted.push('hang'),
  };

  const reply = (res: ServerResponse, status: number, body: Record<string, unknown>) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    receiver.attempts += 1;
    const next = scripted.shift();
    if (next === 'hang') return;
    if (next !== undefined) return reply(res, next, { error: `scripted ${EXPECTED_FAILURE}` });

    const verdict = await verifyWebhook({
      secret: options.secret,
      headers: req.headers,
      rawBody,
      now: new Date(),
      ...(options.replayWindowSeconds ? { replayWindowSeconds: options.replayWindowSeconds } : {}),
      seenKeys: seen,
    });
    if (!verdict.ok) {
      receiver.refusals.push(verdict.reason);
      const earlier =
        verdict.reason === 'replayed_key' ? answered.get(String(req.headers['idempotency-key'])) : undefined;
      return reply(res, verdict.status, { code: verdict.reason, ...earlier });
    }
    // Applied and remembered together, as a real gateway would in one write of its own store.
    receiver.applied.push(verdict.body);
    seen.add(verdict.key);
    const body = options.answer?.(verdict.body) ?? { applied: verdict.key };
    answered.set(verdict.key, body);
    reply(res, 200, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, { error: 'receiver failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/datapact`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
