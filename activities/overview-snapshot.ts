import type { OverviewSnapshotModel } from '../src/models/overview-snapshot.model';
import { OVERVIEW_SNAPSHOT_ID } from '../src/models/overview-snapshot.model';
import { isDuplicateKey } from '../src/models/duplicate-key';
import { takeOverviewSnapshot } from '../src/services/overview';
import type { OverviewCollections } from '../src/services/overview-tallies';

/** The overview's snapshot (src/services/overview.ts): its tallies and due list, kept in one document. */
export function createOverviewSnapshotActivities(
  deps: OverviewCollections & { snapshots: typeof OverviewSnapshotModel },
) {
  return {
    /**
     * Counts the overview's tallies, reads what is due this week, and keeps them, unless a snapshot counted later is there already (a
     * slow attempt finishing after a newer one). Repeating it counts again: the records as of then.
     */
    async refreshOverviewSnapshot(): Promise<{ asOf: string; kept: boolean }> {
      const asOf = new Date();
      const body = JSON.stringify(await takeOverviewSnapshot(deps, asOf));
      try {
        const { matchedCount, upsertedCount } = await deps.snapshots.updateOne(
          { _id: OVERVIEW_SNAPSHOT_ID, asOf: { $lt: asOf } },
          { $set: { asOf, body } },
          { upsert: true },
        );
        return { asOf: asOf.toISOString(), kept: matchedCount + upsertedCount > 0 };
      } catch (err) {
        // The snapshot there was counted later: the upsert's insert met its `_id`.
        if (isDuplicateKey(err)) return { asOf: asOf.toISOString(), kept: false };
        throw err;
      }
    },
  };
}

export type OverviewSnapshotActivities = ReturnType<typeof createOverviewSnapshotActivities>;
