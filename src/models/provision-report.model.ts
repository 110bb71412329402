import { Schema, model } from 'mongoose';
import { PROVISION_REPORT_KINDS } from '../../policies/vocabulary';

/**
 * One provision of data, one periodic usage report or deletion attestation from the partner, or the
 * regulator filing of a reportable provision (S4). Kept at least 3 years (R22): expiry is a job.
 * `reportKey` is the business identity (e.g. `usage:<agreementId>:2026-11`), so a retried write is one record.
 */
const provisionReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    reportKey: { type: String, required: true },
    kind: { type: String, enum: PROVISION_REPORT_KINDS, required: true },
    agreementId: { type: String, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    period: { from: Date, to: Date },
    records: Number,
    summary: String,
    submittedBy: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    retainUntil: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
provisionReportSchema.index({ reportKey: 1 }, { unique: true });
provisionReportSchema.index({ agreementId: 1, submittedAt: 1 });
provisionReportSchema.index({ partnerId: 1, submittedAt: 1 });
provisionReportSchema.index({ retainUntil: 1 });

export const ProvisionReportModel = model('ProvisionReport', provisionReportSchema, 'provision_reports');
