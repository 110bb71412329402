import { Schema, model } from 'mongoose';

/**
 * The kept monthly report of a month (S10), made by `monthly-report-<YYYY-MM>` at month end: its `_id` is
 * the month, so the first report stored for a month is the one kept (a retried or repeated run finds it
 * there). The report is kept as its JSON text: one scalar to the store, whatever its shape.
 */
const monthlyReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: String, required: true },
    generatedAt: { type: Date, required: true },
    /** Who had it made: the Schedule, or a person asking for a month again. */
    generatedBy: { type: String, required: true },
    body: { type: String, required: true },
  },
  { versionKey: false },
);

export const MonthlyReportModel = model('MonthlyReport', monthlyReportSchema, 'monthly_reports');
