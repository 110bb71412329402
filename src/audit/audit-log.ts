/**
 * The tamper-evident audit trail (S7): every change of state is appended here as an event carrying
 * the previous event's hash and its own. No transactions: the unique index on `seq` decides which of
 * two concurrent appends gets a number; the loser reads the new head and tries again. The unique
 * `eventKey` makes a retried append (an activity retry) the same event instead of a second one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../models/duplicate-key';
import { AuditEventModel } from '../models/audit-event.model';

export const GENESIS_HASH = '0'.repeat(64);
const MAX_ATTEMPTS = 200;

export interface AuditActor {
  sub: string;
  roles: readonly string[];
  unit?: string;
  partnerId?: string;
}

export interface AuditInput {
  eventKey?: string;
  at?: Date;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  reason?: string;
  /** The system's reason, as a code with its parameters (a person's own words go in `reason`). */
  why?: { code: string; params?: Record<string, string | number> };
  ruleVersion?: string;
}

export interface StoredAuditEvent extends Omit<AuditInput, 'eventKey' | 'at'> {
  seq: number;
  eventKey: string;
  at: Date;
  prevHash: string;
  hash: string;
}

export async function appendAuditEvent(input: AuditInput): Promise<StoredAuditEvent> {
  const eventKey = input.eventKey ?? randomUUID();
  const at = input.at ?? new Date();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await AuditEventModel.findOne({ eventKey }).lean<StoredAuditEvent>();
    if (existing) return existing;
    const head = await AuditEventModel.findOne({}, { seq: 1, hash: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number; hash: string }>();
    const body = {
      seq: (head?.seq ?? 0) + 1,
      eventKey,
      at,
      actor: { sub: input.actor.sub, roles: [...input.actor.roles], ...pick(input.actor, ['unit', 'partnerId']) },
      action: input.action,
      subject: input.subject,
      ...(input.before !== undefined ? { before: input.before } : {}),
      ...(input.after !== undefined ? { after: input.after } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.why !== undefined ? { why: input.why } : {}),
      ...(input.ruleVersion !== undefined ? { ruleVersion: input.ruleVersion } : {}),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const event = { ...body, hash: hashOf(body) };
    try {
      await AuditEventModel.create(event as Record<string, unknown>);
      return event;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Another append took this number (or this key): read again and retry.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
    }
  }
  throw new Error(`audit append did not get a sequence number after ${MAX_ATTEMPTS} attempts`);
}

/** sha-256 of the event's canonical JSON (keys sorted, dates as ISO strings), without its own hash. */
export function hashOf(event: Omit<StoredAuditEvent, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== undefined && key !== '_id')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type ChainVerdict =
  | { valid: true; events: number; headHash: string }
  | { valid: false; events: number; firstBrokenSeq: number; problem: string };

/** Recomputes the chain from the first event, page by page; reports the first broken sequence number. */
export async function verifyAuditChain(pageSize = 500): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await AuditEventModel.find({ seq: { $gte: expectedSeq } })
      .sort({ seq: 1 })
      .limit(pageSize)
      .lean<(StoredAuditEvent & { _id: unknown })[]>();
    if (page.length === 0) return { valid: true, events: count, headHash: prevHash };
    for (const stored of page) {
      const { hash, _id, ...body } = stored;
      if (stored.seq !== expectedSeq) {
        return { valid: false, events: count, firstBrokenSeq: expectedSeq, problem: `event ${expectedSeq} is missing` };
      }
      if (stored.prevHash !== prevHash) {
        return {
          valid: false,
          events: count,
          firstBrokenSeq: stored.seq,
          problem: 'does not follow the event before it',
        };
      }
      if (hashOf(body) !== hash) {
        return {
          valid: false,
          events: count,
          firstBrokenSeq: stored.seq,
          problem: 'its content does not match its hash',
        };
      }
      prevHash = hash;
      expectedSeq++;
      count++;
    }
  }
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
