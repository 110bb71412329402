import { Schema, model, type InferSchemaType } from 'mongoose';
import { ACCESS_ACTIONS } from '../../policies/vocabulary';

/**
 * The access ledger: the access connector used in development and tests, and the record that "granted
 * once, revoked once" is checked against. One row per grant and one per revoke; `_id` is the call's
 * idempotency key (`grant:<agreementId>:v<n>`, `revoke:<agreementId>:v<n>`), so a retried call is one row.
 * `version` orders an agreement's rows without comparing clocks; a revoke is `effective` when it ended a
 * grant (the agreement's latest row was a grant), not when access had already gone.
 */
const accessLedgerSchema = new Schema(
  {
    _id: { type: String, required: true },
    action: { type: String, enum: ACCESS_ACTIONS, required: true },
    agreementId: { type: String, required: true },
    version: { type: Number, required: true },
    partnerId: String,
    scope: {
      type: new Schema(
        {
          assets: { type: [new Schema({ assetId: String, fields: [String] }, { _id: false })], default: [] },
          controls: { type: [String], default: [] },
          validUntil: String,
        },
        { _id: false },
      ),
    },
    reason: String,
    effective: Boolean,
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
accessLedgerSchema.index({ agreementId: 1 });

export type AccessLedgerRow = InferSchemaType<typeof accessLedgerSchema>;
export const AccessLedgerModel = model('AccessLedgerRow', accessLedgerSchema, 'access_ledger');
