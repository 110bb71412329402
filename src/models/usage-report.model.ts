import { Schema, model, type InferSchemaType } from 'mongoose';
import { reasonSchema } from './provision-report.model';

/**
 * A partner's periodic report of how it used the data of an agreement (条例 Art 12 supervision, R22):
 * what it received in the period, the fields it used, the controls it attests, and to whom it passed the
 * data on. `_id` is the report's key (`usage:<agreementId>:<period start>`): a retried write is one report,
 * and the first report of a period is the one kept. Kept as long as the provision record (`retainUntil`).
 */
const usageReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    /** The period reported on, 'YYYY-MM-DD' to 'YYYY-MM-DD'. */
    period: { type: new Schema({ start: String, end: String }, { _id: false }), required: true },
    records: { type: Number, required: true },
    people: { type: Number, required: true },
    personalInfoPeople: { type: Number, required: true },
    sensitivePersonalInfoPeople: { type: Number, required: true },
    fieldsUsed: { type: [new Schema({ assetId: String, fields: [String] }, { _id: false })], default: [] },
    controlsAttested: { type: [String], default: [] },
    /** The approved sub-recipient the partner passed the data on to; absent: to nobody. */
    onwardProvision: { type: new Schema({ subRecipientPartnerId: String }, { _id: false }) },
    /** What the report showed beyond the approval, as the workflow found it. */
    violations: { type: [reasonSchema], default: [] },
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
