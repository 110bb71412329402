/**
 * The tamper-evident audit trail (S7): every change of state is appended here as an event carrying
 * the previous event's hash and its own. Appends are queued durably and numbered in batches by the
 * sequencer of the appending process (`./sequencer.ts`), so concurrent writers do not contend for one
 * sequence number; an append resolves once its event is stored in the chain. The `eventKey` makes a
 * retried append (an activity retry) the same event instead of a second one.
 *
 * Each process runs `startAuditSequencer()` (API, worker, dev stack): its sweep completes events that
 * a process which died had queued but not yet stored.
 */
import { randomUUID } from 'node:crypto';
import type { RetentionParameters } from '../../policies/retention';
import type { AuditEventBody, AuditInput, StoredAuditEvent } from './audit-event';
import { storedFormOf } from './event-hash';
import { purgeAuditTrail, type AuditPurgeResult } from './purge';
import { createAuditSequencer } from './sequencer';
import { verifyAuditTrail, type ChainVerdict } from './verify';

export type { AuditActor, AuditInput, StoredAuditEvent } from './audit-event';
export { GENESIS_HASH, canonicalJson, hashOf } from './event-hash';
export type { ChainVerdict } from './verify';
export type { AuditPurgeResult } from './purge';

/** This process's sequencer. */
const sequencer = createAuditSequencer();

/** Appends the event and resolves with it as stored: numbered, chained and in the trail. */
export async function appendAuditEvent(input: AuditInput): Promise<StoredAuditEvent> {
  return sequencer.append(bodyOf(input));
}

/** Starts this process's sweep of the intake; `stop()` ends it after the work in hand. */
export function startAuditSequencer(opts: { everyMs?: number; graceMs?: number } = {}): { stop(): Promise<void> } {
  return sequencer.start(opts);
}

/** Sequences every queued event now, whichever process queued it (tests; recovery by hand). */
export function sequencePending(): Promise<{ sequenced: number; cleared: number }> {
  return sequencer.sequencePending();
}

/** Recomputes the chain end to end; reports the first broken sequence number and what is wrong with it. */
export async function verifyAuditChain(batchSize = 500): Promise<ChainVerdict> {
  return verifyAuditTrail(await sequencer.settledHead(), batchSize);
}

/**
 * Deletes the events the retention rules let go at `asOf`, a prefix of a trail that verifies, after
 * anchoring the cut so that the rest still verifies (`./purge.ts`).
 */
export async function purgeAuditEvents(input: {
  asOf: string;
  parameters: RetentionParameters;
  requestedDays?: number;
  batchSize?: number;
}): Promise<AuditPurgeResult> {
  return purgeAuditTrail({ ...input, head: await sequencer.settledHead(), batchSize: input.batchSize ?? 500 });
}

function bodyOf(input: AuditInput): AuditEventBody {
  const { sub, roles, unit, partnerId } = input.actor;
  return storedFormOf({
    eventKey: input.eventKey ?? randomUUID(),
    at: input.at ?? new Date(),
    actor: {
      sub,
      roles: [...roles],
      ...(unit !== undefined ? { unit } : {}),
      ...(partnerId !== undefined ? { partnerId } : {}),
    },
    action: input.action,
    subject: { type: input.subject.type, id: input.subject.id },
    ...(input.before !== undefined ? { before: input.before } : {}),
    ...(input.after !== undefined ? { after: input.after } : {}),
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.why !== undefined ? { why: input.why } : {}),
    ...(input.ruleVersion !== undefined ? { ruleVersion: input.ruleVersion } : {}),
  });
}
