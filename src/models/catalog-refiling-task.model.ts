import { Schema, model, type InferSchemaType } from 'mongoose';
import { CATALOG_CHANGES, CATALOG_REFILING_STATUSES, DATA_GRADES } from '../../policies/vocabulary';

/**
 * A change of the important- and core-data catalog to file with the regulator within 3 months (R3):
 * opened when an agreement starts or ends the external sharing ("对外共享") of an important or core asset.
 * `_id` is its key (`catalog-refiling:<assetId>:<agreementId>:<change>`): opened twice, it is one task.
 */
const catalogRefilingTaskSchema = new Schema(
  {
    _id: { type: String, required: true },
    assetId: { type: String, required: true },
    grade: { type: String, enum: DATA_GRADES, required: true },
    agreementId: { type: String, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    change: { type: String, enum: CATALOG_CHANGES, required: true },
    /** The catalog field that changed (R3's filed fields). */
    field: { type: String, required: true, default: 'external_sharing' },
    openedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: CATALOG_REFILING_STATUSES, required: true, default: 'open' },
  },
  { versionKey: false },
);
catalogRefilingTaskSchema.index({ assetId: 1 });
catalogRefilingTaskSchema.index({ status: 1, dueAt: 1 });

export type CatalogRefilingTaskDocument = InferSchemaType<typeof catalogRefilingTaskSchema>;
export const CatalogRefilingTaskModel = model(
  'CatalogRefilingTask',
  catalogRefilingTaskSchema,
  'catalog_refiling_tasks',
);
