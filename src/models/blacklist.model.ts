import { Schema, model } from 'mongoose';
import { BLACKLIST_SOURCES } from '../../policies/vocabulary';

/**
 * The internal blacklist (不良名单 / 失信名单), keyed by unified social credit code: one entry per code (the
 * unique index decides a race between two listings), with its reason, where it came from (the DSO, an
 * incident's closure, a partner's blacklisting, a regulator's or a court's list) and, for a listing with a
 * term, when it ends (policies/blacklist.ts says when an entry is in force).
 */
const blacklistSchema = new Schema(
  {
    creditCode: { type: String, required: true },
    reason: { type: String, required: true },
    listedBy: { type: String, required: true },
    source: { type: String, enum: BLACKLIST_SOURCES, default: 'manual' },
    until: Date,
    incidentId: String,
    partnerId: String,
  },
  { timestamps: true, versionKey: false },
);
blacklistSchema.index({ creditCode: 1 }, { unique: true });

export const BlacklistModel = model('BlacklistEntry', blacklistSchema, 'blacklist');
