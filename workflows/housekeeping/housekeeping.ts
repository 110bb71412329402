import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HousekeepingActivities } from '../../activities/housekeeping';

const { expireIdempotencyKeys, expireIdempotencyHolders, repairStrandedNominations } =
  proxyActivities<HousekeepingActivities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { maximumInterval: '1 minute' },
  });

/** How long a create's first result is replayed for a repeated Idempotency-Key. */
export const IDEMPOTENCY_KEY_LIFETIME_HOURS = 24;
/** How long the lease of an API process that stopped renewing it is kept: far beyond any takeover. */
export const IDEMPOTENCY_HOLDER_LIFETIME_HOURS = 24;

export interface HousekeepingResult {
  idempotencyKeysDeleted: number;
  idempotencyHoldersDeleted?: number;
  /** Partners an older version left `nominated` without a workflow, deleted so that they may be nominated again. */
  strandedNominationsRepaired?: string[];
}

/** Daily housekeeping, started by its Schedule (src/schedules.ts): expires what only serves a while, repairs what older versions left. */
export async function housekeeping(): Promise<HousekeepingResult> {
  // The run's own start time, so that a retry or a replay computes the same cutoff.
  const asOf = workflowInfo().runStartTime.toISOString();
  const { deleted } = await expireIdempotencyKeys({ asOf, olderThanHours: IDEMPOTENCY_KEY_LIFETIME_HOURS });
  // Runs recorded before these jobs existed replay without them.
  if (!patched('housekeeping-leases-and-stranded-nominations')) return { idempotencyKeysDeleted: deleted };
  const holders = await expireIdempotencyHolders({ asOf, olderThanHours: IDEMPOTENCY_HOLDER_LIFETIME_HOURS });
  const { repaired } = await repairStrandedNominations();
  return {
    idempotencyKeysDeleted: deleted,
    idempotencyHoldersDeleted: holders.deleted,
    strandedNominationsRepaired: repaired,
  };
}
