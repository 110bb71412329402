import { Schema, model } from 'mongoose';

/**
 * One batch of the audit trail: `_id` 0, 1, 2… with no gap, so the insert of number n decides which
 * sequencer extends the trail (as a transparency log's tree head written at its expected offset). It
 * carries the events with their numbers and hashes until they are stored in `audit_events` (any process
 * completes that from here), then keeps its keys, their hashes and its head: the hash of its last event,
 * which commits to every event before it. Batch 0 is the anchor: the head of the trail as the batch
 * sequencer found it (genesis, or the last event of the appender before it).
 */
const auditBatchSchema = new Schema(
  {
    _id: { type: Number },
    firstSeq: { type: Number, required: true },
    lastSeq: { type: Number, required: true },
    /** The head of the batch before (the hash of the event before `firstSeq`). */
    prevHash: { type: String, required: true },
    headHash: { type: String, required: true },
    keys: { type: [String], default: [] },
    hashes: { type: [String], default: [] },
    /** The events, until `materialised`. */
    events: { type: [Schema.Types.Mixed], default: undefined },
    materialised: { type: Boolean, required: true },
    /** The anchor of a trail that had events before the batch sequencer. */
    legacy: { type: Boolean },
    sequencedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const AuditBatchModel = model('AuditBatch', auditBatchSchema, 'audit_batches');
