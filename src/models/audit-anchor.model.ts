import { Schema, model } from 'mongoose';

/**
 * Where the audit trail starts after a retention purge (R13: events are kept at least 180 days, then
 * may go): the sequence number and hash of the last purged event, so that the events kept still
 * verify from it. One document per purge, `_id` its sequence number, inserted and never updated (an
 * insert under `_id` decides a repeated purge; FerretDB v1 updates are read-modify-write): the trail
 * starts after the highest one. The batch records are kept, so the anchor's hash is checked against
 * the hash its event was given when it was sequenced.
 */
const auditAnchorSchema = new Schema(
  {
    _id: { type: Number },
    /** The last purged event's sequence number (the same as `_id`). */
    seq: { type: Number, required: true },
    /** The last purged event's hash: the `prevHash` of the first event kept. */
    hash: { type: String, required: true },
    /** The last purged event's time. */
    at: { type: Date, required: true },
    /** The purge's own time (its workflow run's start). */
    purgedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const AuditAnchorModel = model('AuditAnchor', auditAnchorSchema, 'audit_anchors');
