import { Schema, model, type InferSchemaType } from 'mongoose';
import { ONWARD_PROVISIONS, REQUIRED_CONTROLS } from '../../policies/vocabulary';

/**
 * A partner's periodic report of how it used the data of an agreement (条例 Art 12 supervision, R22).
 * `_id` is the report's key (`usage:<agreementId>:<period>`): a retried write is one report, and the first
 * report of a period is the one kept. Kept as long as the provision record (`retainUntil`).
 */
const usageReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    /** The period reported on, e.g. '2026-11', and its first and last day. */
    period: { type: String, required: true },
    periodStart: { type: String, required: true },
    periodEnd: { type: String, required: true },
    recordsReceived: { type: Number, required: true },
    peopleReceived: { type: Number, required: true },
    fieldsUsed: { type: [new Schema({ assetId: String, fields: [String] }, { _id: false })], default: [] },
    controlsAttested: { type: [{ type: String, enum: REQUIRED_CONTROLS }], default: [] },
    onwardProvision: { type: String, enum: ONWARD_PROVISIONS, required: true },
    onwardRecipients: { type: [new Schema({ name: String, creditCode: String }, { _id: false })], default: [] },
    remarks: String,
    submittedBy: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    retainUntil: { type: Date, required: true },
  },
  { versionKey: false },
);
usageReportSchema.index({ agreementId: 1 });
usageReportSchema.index({ partnerId: 1 });

export type UsageReportDocument = InferSchemaType<typeof usageReportSchema>;
export const UsageReportModel = model('UsageReport', usageReportSchema, 'usage_reports');
