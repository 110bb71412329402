import { Schema, model } from 'mongoose';

/**
 * One per audit event key, inserted by a sequencer before the key goes into a batch and never removed:
 * the insert under `_id` tells a new key from one sequenced before (from an earlier intake, or by the
 * appender of before the batch sequencer, whose claims carry the nonce `legacy`).
 */
const auditClaimSchema = new Schema(
  {
    _id: { type: String },
    nonce: { type: String, required: true },
  },
  { versionKey: false },
);

export const AuditClaimModel = model('AuditClaim', auditClaimSchema, 'audit_claims');
