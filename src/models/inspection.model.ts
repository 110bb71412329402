import { Schema, model } from 'mongoose';
import { FINDING_STATUSES, INSPECTION_STATUSES, SEVERITIES } from '../../policies/vocabulary';

/** One run of a special inspection (专项排查, S5) over its scope; `_id` is `inspection-<period>`. */
const inspectionSchema = new Schema(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    trigger: { type: String, enum: ['schedule', 'on_demand', 'incident', 'partner_change'], required: true },
    scope: { type: new Schema({ agreements: Boolean, partners: Boolean }, { _id: false }), required: true },
    status: { type: String, enum: INSPECTION_STATUSES, required: true, default: 'running' },
    startedAt: { type: Date, required: true },
    completedAt: Date,
    counts: { type: new Schema({ subjects: Number, findings: Number }, { _id: false }) },
    ruleVersion: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
inspectionSchema.index({ status: 1, startedAt: -1 });

export const InspectionModel = model('Inspection', inspectionSchema, 'inspections');

/**
 * A finding of an inspection and its rectification (整改): `open → rectifying → verified | escalated`.
 * `findingKey` = `<rule>:<subjectType>:<subjectId>` so that an inspection upserts, never duplicates.
 */
const findingSchema = new Schema(
  {
    _id: { type: String, required: true },
    findingKey: { type: String, required: true },
    inspectionId: { type: String, required: true },
    rule: { type: String, required: true },
    subject: { type: new Schema({ type: String, id: String }, { _id: false }), required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    ownerUnit: { type: String, required: true },
    owner: { type: String },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: FINDING_STATUSES, required: true, default: 'open' },
    evidence: { type: [new Schema({ by: String, at: Date, text: String }, { _id: false })], default: [] },
    verifiedBy: String,
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
findingSchema.index({ findingKey: 1 }, { unique: true });
findingSchema.index({ ownerUnit: 1, status: 1, dueAt: 1 });
findingSchema.index({ status: 1, dueAt: 1 });

export const FindingModel = model('Finding', findingSchema, 'findings');
