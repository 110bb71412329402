import { Schema, model, type InferSchemaType } from 'mongoose';
import { DATA_GRADES, LEGAL_BASES, TRANSFER_METHODS } from '../../policies/vocabulary';

const providedAssetSchema = new Schema(
  {
    assetId: { type: String, required: true },
    name: { type: String, required: true },
    category: { type: String, required: true },
    grade: { type: String, enum: DATA_GRADES, required: true },
    fields: { type: [String], default: [] },
  },
  { _id: false },
);

/** A coded reason with its params, as the routing policy gave it. */
export const reasonSchema = new Schema(
  { code: { type: String, required: true }, params: { type: Schema.Types.Mixed, default: {} } },
  { _id: false, minimize: false },
);

/**
 * The record of one external provision of data, written at approval (S4; R22, R52: date, scale, purpose,
 * recipient, categories, fields, legal basis, controls). `_id` is the record's key
 * (`provision:<agreementId>:v<n>`), so a retried write is one record. Kept until `retainUntil`, at least
 * 3 years after the agreement ends (R22, R44): expiry is a job, and none may run before that date.
 * Usage reports, deletion attestations and regulator filings have collections of their own, so that the
 * regulator's list of a period streams provisions only.
 */
const provisionReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    agreementVersion: { type: Number, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    approvedAt: { type: Date, required: true },
    recipient: {
      type: new Schema({ name: String, creditCode: String, type: String }, { _id: false }),
      required: true,
    },
    relationship: String,
    purpose: { type: String, required: true },
    method: { type: String, enum: TRANSFER_METHODS, required: true },
    frequency: { type: String, required: true },
    scale: {
      type: new Schema(
        { records: Number, people: Number, personalInfoPeople: Number, sensitivePersonalInfoPeople: Number },
        { _id: false },
      ),
      required: true,
    },
    grade: { type: String, enum: DATA_GRADES, required: true },
    personalInfo: { type: Boolean, required: true },
    sensitivePersonalInfo: { type: Boolean, required: true },
    categories: { type: [String], default: [] },
    assets: { type: [providedAssetSchema], default: [] },
    legalBasis: { type: String, enum: LEGAL_BASES, required: true },
    consentBasis: String,
    // Codes as approved, not an enum: a record is kept for years, across changes of the vocabulary.
    controls: { type: [String], default: [] },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    crossBorder: { type: new Schema({ destinationCountry: String, pathway: String }, { _id: false }) },
    reportableReasons: { type: [reasonSchema], default: [] },
    recordedAt: { type: Date, required: true },
    retainUntil: { type: Date, required: true },
  },
  { versionKey: false },
);
provisionReportSchema.index({ agreementId: 1 });
provisionReportSchema.index({ partnerId: 1 });
provisionReportSchema.index({ retainUntil: 1 });

export type ProvisionReportDocument = InferSchemaType<typeof provisionReportSchema>;
export const ProvisionReportModel = model('ProvisionReport', provisionReportSchema, 'provision_reports');
