import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { FilingDocument, FilingInput } from '../../policies/filing-document';
import { isDuplicateKey } from '../../src/models/duplicate-key';
import type { FilingOutboxModel } from '../../src/models/filing-outbox.model';
import { postJson } from './http-post';
import { IDEMPOTENCY_HEADER, signedHeaders } from './webhook-signature';

/**
 * How a filing reaches the regulator. `submit` is idempotent by the filing's key: submitted again, the
 * same filing keeps its reference. A connector that cannot reach the regulator throws, and Temporal
 * retries; a refusal a retry cannot fix throws `ApplicationFailure.nonRetryable(…, 'filing.rejected')`.
 */
export interface RegulatorFilingConnector {
  /** `outbox`, `http:<host>`. */
  readonly name: string;
  submit(filing: RegulatorFiling): Promise<FilingReceipt>;
}

export interface RegulatorFiling {
  /** `filing:<agreementId>:v<n>`. */
  key: string;
  agreementId: string;
  /** The text filed (zh-CN) and its English rendering. */
  document: FilingDocument;
  /** The data the document was made from, for a regulator's system that takes fields. */
  data: FilingInput;
}

export interface FilingReceipt {
  /** The regulator's (or the outbox's) reference of the filing. */
  reference: string;
  /** True when the filing was there already under its key. */
  repeated: boolean;
}

export const FILING_REJECTED = 'filing.rejected';

/**
 * The local connector: the filing is placed in the `filing_outbox` collection, from which a person files it
 * by hand (or a test reads it). Its reference is derived from the key, so it is the same on every attempt.
 */
export function outboxFilingConnector(deps: {
  outbox: typeof FilingOutboxModel;
  now?: () => Date;
}): RegulatorFilingConnector {
  const now = deps.now ?? (() => new Date());
  return {
    name: 'outbox',
    async submit(filing) {
      const reference = `OUTBOX-${createHash('sha256').update(filing.key).digest('hex').slice(0, 16).toUpperCase()}`;
      try {
        await deps.outbox.create({
          _id: filing.key,
          reference,
          agreementId: filing.agreementId,
          document: filing.document,
          placedAt: now(),
        });
        return { reference, repeated: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return { reference, repeated: true };
      }
    },
  };
}

/**
 * The connector of a deployment whose regulator (or the company's filing gateway) takes filings over HTTP:
 * a JSON POST of `{key, agreementId, document, data}` with the key as `Idempotency-Key`, signed like the
 * access webhook when a secret is configured. The answer (2xx, or 409 for a key it has) is JSON with the
 * filing's `reference`.
 */
export function httpFilingConnector(options: {
  url: string;
  secret?: string;
  timeoutMs: number;
  now?: () => Date;
}): RegulatorFilingConnector {
  const now = options.now ?? (() => new Date());
  const name = `http:${new URL(options.url).host}`;
  return {
    name,
    async submit(filing) {
      const rawBody = JSON.stringify(filing);
      const headers = options.secret
        ? signedHeaders({ secret: options.secret, key: filing.key, rawBody, at: now() })
        : { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: filing.key };
      const answer = await postJson({
        system: `regulator filing ${name}`,
        url: options.url,
        rawBody,
        headers,
        timeoutMs: options.timeoutMs,
        failureType: FILING_REJECTED,
      });
      let reference: unknown;
      try {
        reference = (JSON.parse(answer.body) as { reference?: unknown }).reference;
      } catch {
        reference = undefined;
      }
      if (typeof reference !== 'string' || reference === '') {
        throw ApplicationFailure.nonRetryable(
          `regulator filing ${name} answered ${answer.status} without a reference`,
          FILING_REJECTED,
        );
      }
      return { reference, repeated: answer.status === 409 };
    },
  };
}
