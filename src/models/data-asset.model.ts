import { Schema, model, type InferSchemaType } from 'mongoose';
import { ASSET_STATUSES, DATA_GRADES } from '../../policies/vocabulary';
import { bucketOf } from '../store/buckets';

const fieldSchema = new Schema(
  { name: { type: String, required: true }, description: String, personalInfo: { type: Boolean, default: false } },
  { _id: false },
);

/** An entry of the data inventory (网络数据清单, S1). Written by the API's use cases; every change audited. */
const dataAssetSchema = new Schema(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String },
    ownerUnit: { type: String, required: true },
    category: { type: String, required: true },
    grade: { type: String, enum: DATA_GRADES, required: true },
    personalInfo: { type: Boolean, required: true, default: false },
    sensitivePersonalInfo: { type: Boolean, required: true, default: false },
    catalogued: { type: Boolean, required: true, default: false },
    fields: { type: [fieldSchema], default: [] },
    status: { type: String, enum: ASSET_STATUSES, required: true, default: 'active' },
    retiredReason: { type: String },
    /** Set by a bulk import, so that a failed import can be taken back whole. */
    importId: { type: String },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
    /** The id's bucket (src/store/buckets.ts): a list page walks them (src/store/list-page.ts). */
    bucket: {
      type: String,
      required: true,
      // Applied once the given fields are set, so the id is there: the bucket follows it.
      default: function (this: { _id?: string }) {
        return this._id ? bucketOf(this._id) : undefined;
      },
    },
  },
  { timestamps: true, versionKey: false },
);
dataAssetSchema.index({ code: 1 }, { unique: true });
dataAssetSchema.index({ bucket: 1, _id: 1 });
/** Each filter of the inventory's list, with the bucket and id a list page reads it by. */
export const ASSET_LIST_FILTERS = ['ownerUnit', 'grade', 'personalInfo', 'catalogued', 'status'] as const;
for (const field of ASSET_LIST_FILTERS) dataAssetSchema.index({ [field]: 1, bucket: 1, _id: 1 });
dataAssetSchema.index({ importId: 1 });

export type DataAssetDocument = InferSchemaType<typeof dataAssetSchema> & { _id: string };
export const DataAssetModel = model('DataAsset', dataAssetSchema, 'data_assets');
