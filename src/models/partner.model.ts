import { Schema, model, type InferSchemaType } from 'mongoose';
import {
  CERTIFICATION_KINDS,
  DATA_GRADES,
  PARTNER_STATUSES,
  REVIEW_OUTCOMES,
  RISK_TIERS,
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
    version: { type: Number, required: true, default: 0 },
    checkReasons: { type: [String], default: [] },
    certifications: {
      type: [
        new Schema(
          {
            kind: { type: String, enum: CERTIFICATION_KINDS, required: true },
            level: String,
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
    riskTier: { type: String, enum: RISK_TIERS },
    /** Internal: never shown to the partner (policies/abilities.ts INTERNAL_PARTNER_FIELDS). */
    riskScore: Number,
    riskReasons: { type: [String], default: undefined },
    riskNotes: String,
    /** The highest data grade the partner may receive, and until when its approval holds. */
    clearance: { type: String, enum: DATA_GRADES },
    validUntil: Date,
    decision: {
      type: new Schema(
        { outcome: { type: String, enum: REVIEW_OUTCOMES }, reviewer: String, reason: String },
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

export type PartnerDocument = InferSchemaType<typeof partnerSchema>;
export const PartnerModel = model('Partner', partnerSchema);
