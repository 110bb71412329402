import type { IdempotencyKeyModel } from '../src/models/idempotency-key.model';

/** Records that only serve a while and then go: expiry is a job, not a TTL index (FerretDB v1 has none). */
export function createHousekeepingActivities(deps: { idempotencyKeys: typeof IdempotencyKeyModel }) {
  return {
    /** Deletes Idempotency-Key records older than `olderThanHours` before `asOf`; repeating it changes nothing more. */
    async expireIdempotencyKeys(input: { asOf: string; olderThanHours: number }): Promise<{ deleted: number }> {
      const cutoff = new Date(new Date(input.asOf).getTime() - input.olderThanHours * 3600 * 1000);
      const { deletedCount } = await deps.idempotencyKeys.deleteMany({ createdAt: { $lt: cutoff } });
      return { deleted: deletedCount };
    },
  };
}

export type HousekeepingActivities = ReturnType<typeof createHousekeepingActivities>;
