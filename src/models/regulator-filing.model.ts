import { Schema, model, type InferSchemaType } from 'mongoose';
import { FILING_STATUSES } from '../../policies/vocabulary';
import { reasonSchema } from './provision-report.model';

/**
 * DataPact's record of each regulator filing of a reportable provision (S4): the document as submitted,
 * the reference the connector returned, and — recorded later by a person — the regulator's confirmation.
 * `_id` is the filing's key (`filing:<agreementId>:v<n>`): a retried submission is one record, and the
 * first confirmation recorded is the one kept. Kept as long as the provision record (`retainUntil`).
 */
const regulatorFilingSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    agreementVersion: { type: Number, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    reasons: { type: [reasonSchema], default: [] },
    document: {
      type: new Schema({ 'zh-CN': String, en: String }, { _id: false }),
      required: true,
    },
    /** Which connector delivered it (`outbox`, `http:<host>`). */
    submittedThrough: { type: String, required: true },
    reference: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    status: { type: String, enum: FILING_STATUSES, required: true },
    confirmation: {
      type: new Schema(
        { confirmedAt: Date, recordedBy: String, recordedAt: Date, regulatorReference: String, note: String },
        { _id: false },
      ),
    },
    retainUntil: { type: Date, required: true },
  },
  { versionKey: false },
);
regulatorFilingSchema.index({ agreementId: 1 });
regulatorFilingSchema.index({ status: 1 });

export type RegulatorFilingDocument = InferSchemaType<typeof regulatorFilingSchema>;
export const RegulatorFilingModel = model('RegulatorFiling', regulatorFilingSchema, 'regulator_filings');
