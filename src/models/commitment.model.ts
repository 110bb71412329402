import { Schema, model } from 'mongoose';

/**
 * A person's signed data-security commitment (数据安全责任书, R5): approving a sharing of important or
 * core data needs one on file, valid at the decision. One per person (`_id` is their `sub`); signing a
 * new one replaces the old.
 */
const commitmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    signedAt: { type: Date, required: true },
    expiresAt: { type: Date },
    reference: { type: String, required: true },
    recordedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const CommitmentModel = model('Commitment', commitmentSchema, 'commitments');
