import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HousekeepingActivities } from '../../activities/housekeeping';
import type { RetentionPurgeActivities } from '../../activities/retention-purge';

const { expireIdempotencyKeys, expireIdempotencyHolders, repairStrandedNominations } =
  proxyActivities<HousekeepingActivities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { maximumInterval: '1 minute' },
  });

const { purgeAuditEvents, purgeProvisionRecords } = proxyActivities<RetentionPurgeActivities>({
  // A purge reads the whole trail (to verify it) and every record of provision.
  startToCloseTimeout: '30 minutes',
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
  /** The retention purge (R13, R22, R44): audit events and records of provisions the rules let go. */
  retention?: {
    auditEventsDeleted: number;
    auditAnchorSeq: number;
    /** The trail did not verify: nothing was purged from it; the first broken number. */
    auditRefusedAtSeq?: number;
    provisionRecordsDeleted: Record<string, number>;
  };
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
  const result: HousekeepingResult = {
    idempotencyKeysDeleted: deleted,
    idempotencyHoldersDeleted: holders.deleted,
    strandedNominationsRepaired: repaired,
  };
  // Runs recorded before the retention purge replay without it.
  if (!patched('housekeeping-retention-purge')) return result;
  const audit = await purgeAuditEvents({ asOf });
  const records = await purgeProvisionRecords({ asOf });
  return {
    ...result,
    retention: {
      auditEventsDeleted: audit.deleted,
      auditAnchorSeq: audit.anchorSeq,
      ...(audit.refusedAtSeq !== undefined ? { auditRefusedAtSeq: audit.refusedAtSeq } : {}),
      provisionRecordsDeleted: records.deleted,
    },
  };
}
