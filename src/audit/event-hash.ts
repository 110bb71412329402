/**
 * How an audit event is hashed: sha-256 of its canonical JSON (keys sorted, dates as ISO strings,
 * without `_id` and without its own hash). One definition for the sequencer that chains events and for
 * the verifier that recomputes them.
 */
import { createHash } from 'node:crypto';

/** The "previous hash" of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export function hashOf(event: object): string {
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

/**
 * The value as the store gives it back: keys whose value is undefined dropped, undefined in an array
 * stored as null. An event is hashed in this form, so that the hash of an event read back from the
 * store (by another process that completes a batch, or by the verifier) is the hash it was given.
 */
export function storedFormOf<T>(value: T): T {
  if (value === undefined || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : storedFormOf(v))) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = storedFormOf(v);
  return out as T;
}
