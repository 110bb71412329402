/**
 * Store changes that older documents must catch up with, each made once: a marker in
 * `store_migrations` says it was done, so a start reads nothing more once it is. Each step is
 * idempotent (two processes starting at once both run it harmlessly).
 */
import mongoose, { type Model } from 'mongoose';
import { PartnerModel } from '../entities/partner';
import { DataAssetModel } from '../models/data-asset.model';
import { isDuplicateKey } from '../models/duplicate-key';
import { bucketOf, isRowId } from './buckets';

const MIGRATIONS = 'store_migrations';

/** Documents written before their list walked buckets carry none: each gets its id's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model of documents with UUID ids
async function bucketAll(model: Model<any>): Promise<void> {
  const cursor = model.find({}, { _id: 1, bucket: 1 }).lean<{ _id: string; bucket?: string }[]>().cursor();
  for await (const doc of cursor) {
    if (!doc.bucket && isRowId(doc._id))
      await model.updateOne({ _id: doc._id }, { $set: { bucket: bucketOf(doc._id) } });
  }
}

const STEPS: [string, () => Promise<void>][] = [
  ['data-assets-bucket', () => bucketAll(DataAssetModel)],
  ['partners-bucket', () => bucketAll(PartnerModel)],
];

export async function backfillStore(): Promise<void> {
  const migrations = mongoose.connection.collection<{ _id: string; at: Date }>(MIGRATIONS);
  for (const [name, step] of STEPS) {
    if (await migrations.findOne({ _id: name })) continue;
    await step();
    try {
      await migrations.insertOne({ _id: name, at: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
