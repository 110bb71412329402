import { Schema, model } from 'mongoose';

/** The one snapshot document's `_id`. */
export const OVERVIEW_SNAPSHOT_ID = 'current';

/**
 * The overview's latest tallies and due list (src/services/overview.ts, `OverviewSnapshotBody`), taken
 * every minute by the Schedule `datapact-overview` (activities/overview-snapshot.ts): one document, `_id`
 * 'current', replaced by each refresh that began later than it. Kept as JSON text: one scalar to the store.
 */
const overviewSnapshotSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** When the counting began: the figures are those of the records as of then. */
    asOf: { type: Date, required: true },
    /** The tallies and due list, as JSON (`OverviewSnapshotBody`). */
    body: { type: String, required: true },
  },
  { versionKey: false },
);

export const OverviewSnapshotModel = model('OverviewSnapshot', overviewSnapshotSchema, 'overview_snapshots');
