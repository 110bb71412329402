import { Schema, model, type InferSchemaType } from 'mongoose';
import { PARTNER_STATUSES, REVIEW_OUTCOMES } from '../../policies/vocabulary';

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

export type PartnerDocument = InferSchemaType<typeof partnerSchema>;
export const PartnerModel = model('Partner', partnerSchema);
