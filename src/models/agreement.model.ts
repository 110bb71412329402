import { Schema, model, type InferSchemaType } from 'mongoose';
import {
  AGREEMENT_STATUSES,
  CONTROLS,
  DATA_GRADES,
  LEGAL_BASES,
  SHARING_SCENARIOS,
  TRANSFER_METHODS,
} from '../../policies/vocabulary';

const stageSchema = new Schema(
  {
    stage: { type: String, required: true },
    approverRole: { type: String, required: true },
    decision: { type: String, enum: ['approve', 'reject'] },
    decidedBy: String,
    decidedAt: Date,
    reason: String,
    dueAt: Date,
  },
  { _id: false },
);

/**
 * A sharing request and, once approved, the agreement it becomes (S4). Written only by its
 * workflow `agreement-<id>` through activities; `version` orders those writes.
 */
const agreementSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    requestedBy: { type: String, required: true },
    partnerId: { type: String, required: true },
    assets: { type: [new Schema({ assetId: String, fields: [String] }, { _id: false })], default: [] },
    /** The highest grade among the assets (R4): drives the approval chain. */
    effectiveGrade: { type: String, enum: DATA_GRADES, required: true },
    personalInfo: { type: Boolean, required: true, default: false },
    sensitivePersonalInfo: { type: Boolean, required: true, default: false },
    catalogued: { type: Boolean, required: true, default: false },
    purpose: { type: String, required: true },
    legalBasis: { type: String, enum: LEGAL_BASES, required: true },
    scenario: { type: String, enum: SHARING_SCENARIOS, required: true },
    crossBorder: { type: Boolean, required: true, default: false },
    destinationCountry: String,
    volume: { records: Number, people: Number },
    frequency: { type: String, required: true },
    transferMethod: { type: String, enum: TRANSFER_METHODS, required: true },
    requiredControls: { type: [{ type: String, enum: CONTROLS }], default: [] },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    status: { type: String, enum: AGREEMENT_STATUSES, required: true, default: 'draft' },
    stages: { type: [stageSchema], default: [] },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
agreementSchema.index({ requestingUnit: 1, _id: 1 });
agreementSchema.index({ partnerId: 1, status: 1 });
agreementSchema.index({ status: 1, endDate: 1 });

export type AgreementDocument = InferSchemaType<typeof agreementSchema>;
export const AgreementModel = model('Agreement', agreementSchema, 'agreements');
