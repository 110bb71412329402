/**
 * The payload codec: every payload between DataPact's processes and Temporal is sealed with
 * AES-256-GCM (authenticated encryption), so that Temporal, and whoever reaches it, can neither read
 * the personal data in histories nor write an input DataPact would believe.
 *
 * A sealed payload is `iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` of the original payload (its
 * protobuf bytes, metadata included), with metadata that names the key and what it is bound to:
 * - `encryption-key-id`: the key it was sealed with. Encode uses the current key; decode any configured
 *   one, so keys rotate without re-encrypting histories (a retired key stays configured as long as
 *   histories sealed with it are open or retained).
 * - `datapact-workflow`: `<namespace>/<workflowId>` when the SDK says which workflow the payload belongs
 *   to. A payload copied out of one partner's history into another's update is refused.
 * - `datapact-operator`: set on what the codec endpoint encoded for an operator (the Temporal UI's
 *   codec server): readable, but never believed by a workflow.
 * All three are authenticated (GCM additional data): changing any of them breaks the seal.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { UNAUTHENTIC_KEY } from '../../workflows/authentic';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The encoding Temporal's tools know as encrypted; the key id sits beside it. */
export const SEALED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const WORKFLOW = 'datapact-workflow';
const OPERATOR = 'datapact-operator';
/** Bumped if the layout of a sealed payload ever changes. */
const SEAL_VERSION = 'datapact-seal-v1';
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** A Schedule starts its workflow as `<the action's workflow id>-<RFC 3339 time>`, but seals its input for the id without the time. */
const SCHEDULED_RUN_SUFFIX = /^-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface PayloadKeyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * Parses `id:base64,id:base64` (each key 32 random bytes) and the current key's id (needed only when
 * more than one key is listed). Throws with a message that names what is wrong, never a key.
 */
export function parsePayloadKeys(list: string, currentKeyId?: string): PayloadKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of list.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!KEY_ID_PATTERN.test(id)) throw new Error('each key is `id:base64`, the id made of letters, digits, . _ -');
    if (keys.has(id)) throw new Error(`key "${id}" is listed twice`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== entry.slice(colon + 1)) {
      throw new Error(`key "${id}" must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 ${KEY_BYTES})`);
    }
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('list at least one key as `id:base64`');
  const current = currentKeyId ?? (keys.size === 1 ? [...keys.keys()][0]! : undefined);
  if (current === undefined) throw new Error('with more than one key, DATAPACT_PAYLOAD_KEY_ID names the current one');
  if (!keys.has(current)) throw new Error(`the current key "${current}" is not among the listed keys`);
  return { currentKeyId: current, keys };
}

/** A fresh key entry for `DATAPACT_PAYLOAD_KEYS`. */
export function newPayloadKey(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** What a decode makes of a payload DataPact did not seal (or sealed for somewhere else). */
export type UnauthenticHandling =
  /** Throw: a client's call fails (nothing was believed). */
  | 'throw'
  /** A workflow's input becomes the marker value that workflows/authentic.ts refuses; anything else throws. */
  | 'mark-workflow-inputs';

export class UnauthenticPayloadError extends Error {
  override readonly name = 'UnauthenticPayloadError';
}

type Opened = { ok: true; payload: Payload; operator?: string } | { ok: false; why: string };

export class SealingCodec implements PayloadCodec {
  constructor(
    private readonly keyring: PayloadKeyring,
    private readonly unauthentic: UnauthenticHandling = 'throw',
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflow = context?.workflowId ? `${context.namespace}/${context.workflowId}` : undefined;
    return payloads.map((payload) => this.seal(payload, { workflow }));
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => {
      const opened = this.open(payload, context);
      if (opened.ok && opened.operator === undefined) return opened.payload;
      const why = opened.ok ? `written through the codec endpoint by ${opened.operator}` : opened.why;
      if (this.unauthentic === 'mark-workflow-inputs' && context?.type === 'workflow') return markerOf(why);
      throw new UnauthenticPayloadError(`a payload DataPact did not write: ${why}`);
    });
  }

  /** The codec endpoint's decode: what can be opened is shown, anything else comes back as it was. */
  async decodeForOperator(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const opened = this.open(payload, undefined);
      return opened.ok ? opened.payload : payload;
    });
  }

  /** The codec endpoint's encode: sealed (so nothing lands in history in clear) and marked as the operator's. */
  async encodeForOperator(payloads: Payload[], operator: string): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload, { operator }));
  }

  private seal(payload: Payload, binding: { workflow?: string; operator?: string }): Payload {
    const keyId = this.keyring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyring.keys.get(keyId)!, iv);
    cipher.setAAD(additionalData(keyId, binding));
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: utf8(SEALED_ENCODING),
        [KEY_ID]: utf8(keyId),
        ...(binding.workflow ? { [WORKFLOW]: utf8(binding.workflow) } : {}),
        ...(binding.operator ? { [OPERATOR]: utf8(binding.operator) } : {}),
      },
      data,
    };
  }

  private open(payload: Payload, context: SerializationContext | undefined): Opened {
    const metadata = payload.metadata ?? {};
    if (text(metadata.encoding) !== SEALED_ENCODING) return { ok: false, why: 'it is not sealed by DataPact' };
    const keyId = text(metadata[KEY_ID]) ?? '';
    const key = this.keyring.keys.get(keyId);
    if (!key) return { ok: false, why: `it names key "${keyId.slice(0, 64)}", which is not configured` };
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) return { ok: false, why: 'its seal does not verify' };
    const workflow = text(metadata[WORKFLOW]);
    const operator = text(metadata[OPERATOR]);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES));
      decipher.setAAD(additionalData(keyId, { workflow, operator }));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return { ok: false, why: 'its seal does not verify' };
    }
    if (workflow !== undefined && context?.workflowId && !belongsTo(workflow, context)) {
      return { ok: false, why: `it was sealed for workflow ${workflow}` };
    }
    // protobufjs leaves an absent bytes field as a plain array: hand back bytes, as the SDK expects.
    const inner = temporal.api.common.v1.Payload.decode(plaintext);
    const innerMetadata = Object.fromEntries(Object.entries(inner.metadata).map(([k, v]) => [k, Buffer.from(v)]));
    const opened = { metadata: innerMetadata, data: Buffer.from(inner.data) };
    return { ok: true, payload: opened, ...(operator ? { operator } : {}) };
  }
}

function additionalData(keyId: string, binding: { workflow?: string; operator?: string }): Buffer {
  return utf8(JSON.stringify([SEAL_VERSION, keyId, binding.workflow ?? null, binding.operator ?? null]));
}

function belongsTo(sealedFor: string, context: SerializationContext): boolean {
  const actual = `${context.namespace}/${context.workflowId}`;
  if (actual === sealedFor) return true;
  return actual.startsWith(`${sealedFor}-`) && SCHEDULED_RUN_SUFFIX.test(actual.slice(sealedFor.length));
}

/** The value a workflow receives instead of an input DataPact did not write (see workflows/authentic.ts). */
function markerOf(why: string): Payload {
  return { metadata: { encoding: utf8('json/plain') }, data: utf8(JSON.stringify({ [UNAUTHENTIC_KEY]: why })) };
}

const utf8 = (value: string) => Buffer.from(value, 'utf8');
const text = (value: Uint8Array | null | undefined) =>
  value == null ? undefined : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
