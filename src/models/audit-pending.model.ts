import { Schema, model } from 'mongoose';

/**
 * The intake of the audit trail: an event stored here is durable before it has a sequence number, and
 * any process's sequencer completes it if the process that queued it dies. Kept small (documents are
 * deleted once their event is in a stored batch), because the sweep reads all of it and the store scans every
 * query but `_id` equality. `_id` is the event key: a second intake of a queued key fails (E11000).
 */
const auditPendingSchema = new Schema(
  {
    _id: { type: String },
    /** Which intake this is: a claim with another nonce means the key was sequenced before. */
    nonce: { type: String, required: true },
    /** A batch number no higher than the head when the event was queued: its key can only be in a later one. */
    since: { type: Number, required: true },
    enqueuedAt: { type: Date, required: true },
    /** The event without its sequence number and hashes. */
    event: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);

export const AuditPendingModel = model('AuditPending', auditPendingSchema, 'audit_pending');
