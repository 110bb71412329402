import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError } from '../../policies/errors';
import { canonicalJson } from '../audit/audit-log';
import { IdempotencyKeyModel } from '../models/idempotency-key.model';
import { isDuplicateKey } from '../models/duplicate-key';

/** What an Idempotency-Key may be (the OpenAPI document states the same pattern). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_:.-]{8,200}$/;
/** A claim older than this whose request never finished (its process died) may be taken over. */
const ABANDONED_AFTER_MS = 60_000;

export interface Created {
  status: number;
  body: unknown;
  location?: string;
}

/**
 * Runs a create once per `Idempotency-Key` (per caller and route): a replay with the same body gets
 * the first result; the same key with another body is a 409. Without the header the create simply runs.
 * The key is claimed by an insert under a unique _id, so two concurrent requests cannot both run it.
 */
export async function idempotentCreate(req: Request, res: Response, create: () => Promise<Created>): Promise<void> {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return send(res, await create());
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new DomainError('request.invalid', 'Idempotency-Key has 8 to 200 letters, digits, _ : . -');
  const id = `${req.claims.sub} ${req.method} ${req.baseUrl}${req.path} ${key}`;
  const bodyHash = createHash('sha256')
    .update(canonicalJson(req.body ?? null))
    .digest('hex');

  for (let attempt = 0; ; attempt++) {
    try {
      await IdempotencyKeyModel.create({ _id: id, bodyHash, state: 'in_progress' });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await IdempotencyKeyModel.findById(id).lean<
        { bodyHash: string; state: string; createdAt: Date } & Created
      >();
      if (!first) {
        if (attempt > 3) throw err;
        continue; // released meanwhile: claim it again
      }
      if (first.bodyHash !== bodyHash) {
        throw new DomainError('idempotency.key_reused', 'this Idempotency-Key was used with a different body');
      }
      if (first.state === 'done') {
        res.setHeader('Idempotency-Replayed', 'true');
        return send(res, first);
      }
      const abandoned = Date.now() - first.createdAt.getTime() > ABANDONED_AFTER_MS;
      if (!abandoned || attempt > 0) {
        throw new DomainError('idempotency.in_progress', 'the first request with this key is still running');
      }
      // Its request died before finishing: take the key over.
      await IdempotencyKeyModel.deleteOne({ _id: id, state: 'in_progress', createdAt: first.createdAt });
    }
  }
  let result: Created;
  try {
    result = await create();
  } catch (err) {
    // A refused or failed create leaves the key free, so that a corrected retry can use it.
    await IdempotencyKeyModel.deleteOne({ _id: id, state: 'in_progress' });
    throw err;
  }
  await IdempotencyKeyModel.updateOne({ _id: id }, { $set: { state: 'done', ...result } });
  send(res, result);
}

function send(res: Response, result: Created): void {
  if (result.location) res.location(result.location);
  res.status(result.status).json(result.body);
}
