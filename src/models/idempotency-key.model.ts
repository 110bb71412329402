import { Schema, model } from 'mongoose';

/** The first result of a create sent with an `Idempotency-Key`, replayed for a repeat of the same request. */
const idempotencyKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // `<sub> <method> <path> <key>`
    bodyHash: { type: String, required: true },
    state: { type: String, enum: ['in_progress', 'done'], required: true },
    /** While in progress: which request holds the key, and when it last renewed its claim. */
    holder: { type: String },
    heartbeatAt: { type: Date },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    location: { type: String },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
idempotencyKeySchema.index({ createdAt: 1 });

export const IdempotencyKeyModel = model('IdempotencyKey', idempotencyKeySchema, 'idempotency_keys');
