import { Schema, model } from 'mongoose';

/** The internal blacklist (不良名单 / 失信名单), keyed by unified social credit code. */
const blacklistSchema = new Schema(
  {
    creditCode: { type: String, required: true },
    reason: { type: String, required: true },
    listedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
blacklistSchema.index({ creditCode: 1 }, { unique: true });

export const BlacklistModel = model('BlacklistEntry', blacklistSchema, 'blacklist');
