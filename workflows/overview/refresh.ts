import { proxyActivities } from '@temporalio/workflow';
import type { OverviewSnapshotActivities } from '../../activities/overview-snapshot';

const { refreshOverviewSnapshot } = proxyActivities<OverviewSnapshotActivities>({
  // One pass over each collection the overview counts: tens of seconds at 100,000 agreements on FerretDB.
  startToCloseTimeout: '5 minutes',
  // The next minute's run counts again: a failed refresh is not retried for long.
  retry: { maximumAttempts: 3, maximumInterval: '10 seconds' },
});

/**
 * The overview's snapshot, refreshed every minute by its Schedule (src/schedules.ts, `datapact-overview`):
 * GET /api/overview answers its counts from it, saying as of when.
 */
export async function refreshOverview(): Promise<{ asOf: string; kept: boolean }> {
  return refreshOverviewSnapshot();
}
