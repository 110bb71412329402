import { Schema, model } from 'mongoose';

/** The first result of a create sent with an `Idempotency-Key`, replayed for a repeat of the same request. */
const idempotencyKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // `<sub> <method> <path> <key>`
    bodyHash: { type: String, required: true },
    state: { type: String, enum: ['in_progress', 'done'], required: true },
    /** While in progress: which request holds the key, and in which process (see IdempotencyHolderModel). */
    holder: { type: String },
    process: { type: String },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    location: { type: String },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
idempotencyKeySchema.index({ createdAt: 1 });

export const IdempotencyKeyModel = model('IdempotencyKey', idempotencyKeySchema, 'idempotency_keys');

/**
 * A lease per API process that holds Idempotency-Keys: the process renews `heartbeatAt` while it runs,
 * so that another process can tell a key whose holder died from one whose holder is busy. One renewal
 * per process, not per request: both say the same (the process is alive), and the store is spared.
 */
const idempotencyHolderSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<host>:<pid>:<uuid>`
    heartbeatAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const IdempotencyHolderModel = model('IdempotencyHolder', idempotencyHolderSchema, 'idempotency_holders');
