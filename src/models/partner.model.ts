import { Schema, model, type InferSchemaType } from 'mongoose';
import {
  CERTIFICATION_KINDS,
  DATA_GRADES,
  PARTNER_STATUSES,
  REVIEW_OUTCOMES,
  RISK_TIERS,
  VETTING_STAGES,
} from '../../policies/vocabulary';

const contactSchema = new Schema(
  { name: { type: String, required: true }, email: String, phone: String },
  { _id: false },
);

const partnerSchema = new Schema(
  {
    _id: { type: String, required: true },
    legalName: { type: String, required: true },
    creditCode: { type: String, required: true },
    contacts: { type: [contactSchema], default: [] },
    nominatedBy: { type: String, required: true },
    nominatingUnit: { type: String },
    /** Written only by the partner's workflow (through an activity); `version` orders those writes. */
    status: { type: String, enum: PARTNER_STATUSES, required: true, default: 'nominated' },
    stage: { type: String, enum: VETTING_STAGES },
    round: { type: Number, default: 1 },
    version: { type: Number, required: true, default: 0 },
    /** Reasons of the first version's screening (partner-lifecycle.v1); later vettings keep `checks`. */
    checkReasons: { type: [String], default: [] },
    certifications: {
      type: [
        new Schema(
          {
            kind: { type: String, enum: CERTIFICATION_KINDS, required: true },
            level: Number,
            number: String,
            expiresAt: Date,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Where the partner keeps the data: `CN`, or the country of a cross-border location. */
    dataLocations: { type: [String], default: [] },
    /** Internal fields (policies/abilities.ts INTERNAL_PARTNER_FIELDS): never shown to the partner. */
    checks: { type: [Schema.Types.Mixed], default: [] },
    riskTier: { type: String, enum: RISK_TIERS },
    riskScore: Number,
    riskReasons: { type: [Schema.Types.Mixed], default: undefined },
    riskRulesVersion: String,
    riskNotes: String,
    /** The highest data grade the partner may receive. */
    clearance: { type: String, enum: DATA_GRADES },
    questionnaire: {
      type: new Schema(
        {
          version: String,
          sentAt: Date,
          dueAt: Date,
          answers: { type: Schema.Types.Mixed },
          answeredBy: String,
          answeredAt: Date,
        },
        { _id: false, minimize: false },
      ),
      required: false,
    },
    approvals: {
      type: [new Schema({ stage: String, by: String, at: Date, reason: String }, { _id: false })],
      default: [],
    },
    informationRequests: {
      type: [
        new Schema(
          { question: String, askedBy: String, askedAt: Date, answer: String, answeredBy: String, answeredAt: Date },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** When the current stage's answer or decision is due, and how often it was escalated. */
    dueAt: Date,
    escalations: { type: Number, default: 0 },
    validFrom: Date,
    validUntil: Date,
    revettingFrom: Date,
    blacklisting: { type: new Schema({ by: String, at: Date, reason: String }, { _id: false }), required: false },
    decision: {
      type: new Schema(
        {
          outcome: { type: String, enum: REVIEW_OUTCOMES },
          by: String,
          at: Date,
          /** Who decided, in the first version's documents. */
          reviewer: String,
          reason: String,
        },
        { _id: false },
      ),
      required: false,
    },
  },
  { timestamps: true, versionKey: false },
);
partnerSchema.index({ creditCode: 1 }, { unique: true });
partnerSchema.index({ status: 1, _id: 1 });
partnerSchema.index({ validUntil: 1 });
partnerSchema.index({ riskTier: 1, _id: 1 });

export type PartnerDocument = InferSchemaType<typeof partnerSchema>;
export const PartnerModel = model('Partner', partnerSchema);
