/**
 * The one place DataPact's processes get their Temporal data converter from: every client, worker and
 * replayer seals and opens payloads with the configured keys (src/temporal/codec.ts).
 */
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { parsePayloadKeys, SealingCodec } from './codec';

export type PayloadConfig = Pick<Config, 'DATAPACT_PAYLOAD_KEYS' | 'DATAPACT_PAYLOAD_KEY_ID'>;

export function payloadCodecFrom(config: PayloadConfig, forWorker = false): SealingCodec {
  const keyring = parsePayloadKeys(config.DATAPACT_PAYLOAD_KEYS, config.DATAPACT_PAYLOAD_KEY_ID);
  return new SealingCodec(keyring, forWorker ? 'mark-workflow-inputs' : 'throw');
}

/** For clients (API, dev stack, tests): a payload DataPact did not seal fails the call that reads it. */
export function dataConverterFrom(config: PayloadConfig): DataConverter {
  return { payloadCodecs: [payloadCodecFrom(config)] };
}

/**
 * For workers and replayers: a workflow input DataPact did not seal reaches the workflow as a marker
 * that it refuses (workflows/authentic.ts), because a decode that throws would fail the workflow task
 * again and again instead of refusing the update.
 */
export function workerDataConverterFrom(config: PayloadConfig): DataConverter {
  return { payloadCodecs: [payloadCodecFrom(config, true)] };
}
