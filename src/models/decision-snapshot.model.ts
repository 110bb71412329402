import { Schema, model } from 'mongoose';

/**
 * What an agreement decision was made on (policies/decision-snapshot.ts): the rules version, the
 * inputs as read and their evaluation, kept with the decision so "why was this approved" can be answered
 * years later, and replayed by a what-if under changed rules. Written once per decision (`_id` its key).
 */
const decisionSnapshotSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    rulesVersion: { type: String, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
decisionSnapshotSchema.index({ agreementId: 1 });

export const DecisionSnapshotModel = model('DecisionSnapshot', decisionSnapshotSchema, 'decision_snapshots');
