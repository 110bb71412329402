/**
 * `npx tsx test/replay/seal-history.ts <history.json>…`: seals, with the test key, the payloads of a
 * history recorded before DataPact had its payload codec, as if it had been recorded with it. Only for
 * histories no test can record again (the first partner workflow's, kept to prove that
 * `patched('partner-vetting-v2')` still routes them to partner-lifecycle.v1.ts); the others are
 * re-recorded with `npm run histories:record`. Patch markers and search attributes stay as they are:
 * the SDK never passes them through a codec. A history already sealed is left alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Payload } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { payloadCodecFrom } from '../../src/temporal/data-converter';
import { SEALED_ENCODING } from '../../src/temporal/codec';
import { TEST_PAYLOAD_CONFIG } from '../support/env';

/** Fields whose payloads no codec touches. */
const NOT_SEALED = new Set(['header', 'searchAttributes', 'markerRecordedEventAttributes']);

async function seal(file: string): Promise<void> {
  const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  const payloads: Payload[] = [];
  const collect = (value: unknown, key: string): void => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array || NOT_SEALED.has(key)) return;
    if (key === 'payloads' && Array.isArray(value)) return void payloads.push(...(value as Payload[]));
    if (Array.isArray(value)) return value.forEach((v) => collect(v, key));
    for (const [k, v] of Object.entries(value)) collect(v, k);
  };
  collect(history, '');
  const encodingOf = (p: Payload) => Buffer.from(p.metadata?.encoding ?? []).toString('utf8');
  if (payloads.some((p) => encodingOf(p) === SEALED_ENCODING)) {
    console.log(`${file}: sealed already, left alone`);
    return;
  }
  // The Java test server recorded no id: the partner's, as DataPact names its workflow.
  if (!started.workflowId) {
    const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data!).toString('utf8')) as { partnerId: string };
    started.workflowId = `partner-${input.partnerId}`;
  }
  const codec = payloadCodecFrom(TEST_PAYLOAD_CONFIG);
  const context = { type: 'workflow' as const, namespace: 'default', workflowId: started.workflowId };
  for (const payload of payloads) Object.assign(payload, (await codec.encode([{ ...payload }], context))[0]);
  writeFileSync(file, historyToJSON(history) + '\n');
  console.log(`${file}: ${payloads.length} payloads sealed for ${started.workflowId}`);
}

void (async () => {
  for (const file of process.argv.slice(2)) await seal(file);
})();
