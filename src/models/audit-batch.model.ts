import { Schema, model } from 'mongoose';

/**
 * One batch of the audit trail: `_id` 0, 1, 2… with no gap, so the insert of number n decides which
 * sequencer extends the trail (as a transparency log's tree head written at its expected offset). It
 * holds the keys it numbered in order, the hash it gave each event, and its head: the hash of its last
 * event, which commits to every event before it. Its events wait in the intake until they are stored
 * (any process completes that, checking each against its hash). Batch 0 is the anchor: the head of the
 * trail as the batch sequencer found it (genesis, or the last event of the appender before it).
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
    /** Its events are in `audit_events`. */
    materialised: { type: Boolean, required: true },
    /** The anchor of a trail that had events before the batch sequencer. */
    legacy: { type: Boolean },
    sequencedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const AuditBatchModel = model('AuditBatch', auditBatchSchema, 'audit_batches');
