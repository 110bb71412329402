import { Schema, model } from 'mongoose';

/**
 * The local regulator-filing connector: filings placed here instead of being posted to the regulator
 * (development, tests, and a deployment that files by hand from the console). `_id` is the filing's key,
 * so a filing submitted twice is one entry with one reference.
 */
const filingOutboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    agreementId: { type: String, required: true },
    document: { type: new Schema({ 'zh-CN': String, en: String }, { _id: false }), required: true },
    placedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const FilingOutboxModel = model('FilingOutboxEntry', filingOutboxSchema, 'filing_outbox');
