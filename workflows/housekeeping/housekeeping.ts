import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HousekeepingActivities } from '../../activities/housekeeping';

const { expireIdempotencyKeys } = proxyActivities<HousekeepingActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '1 minute' },
});

/** How long a create's first result is replayed for a repeated Idempotency-Key. */
export const IDEMPOTENCY_KEY_LIFETIME_HOURS = 24;

/** Daily housekeeping, started by its Schedule (src/schedules.ts): expires what only serves a while. */
export async function housekeeping(): Promise<{ idempotencyKeysDeleted: number }> {
  // The run's own start time, so that a retry or a replay computes the same cutoff.
  const asOf = workflowInfo().runStartTime.toISOString();
  const { deleted } = await expireIdempotencyKeys({ asOf, olderThanHours: IDEMPOTENCY_KEY_LIFETIME_HOURS });
  return { idempotencyKeysDeleted: deleted };
}
