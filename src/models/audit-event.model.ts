import { Schema, model } from 'mongoose';

/**
 * One hash-chained audit event (S7). Written only by the audit sequencer (`src/audit/sequencer.ts`),
 * from the batch that gave it its sequence number; never updated. Its `_id` is its `eventKey`, so that
 * the store finds it by key without a scan (events appended before the batch sequencer have an
 * ObjectId; `eventKey` stays unique for them too).
 */
const auditEventSchema = new Schema(
  {
    _id: { type: String },
    seq: { type: Number, required: true },
    /** Business identity of the change, so that a retried append is the same event. */
    eventKey: { type: String, required: true },
    at: { type: Date, required: true },
    actor: {
      type: new Schema({ sub: String, roles: [String], unit: String, partnerId: String }, { _id: false }),
      required: true,
    },
    action: { type: String, required: true },
    subject: { type: new Schema({ type: String, id: String }, { _id: false }), required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    reason: { type: String },
    why: { type: new Schema({ code: String, params: Schema.Types.Mixed }, { _id: false }) },
    ruleVersion: { type: String },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
auditEventSchema.index({ seq: 1 }, { unique: true });
auditEventSchema.index({ eventKey: 1 }, { unique: true });
auditEventSchema.index({ 'subject.type': 1, 'subject.id': 1, seq: 1 });
auditEventSchema.index({ 'actor.sub': 1, seq: 1 });

export const AuditEventModel = model('AuditEvent', auditEventSchema, 'audit_events');
