/**
 * A resumable batch scan over a collection (inspections, reports, revoking a partner's agreements).
 *
 * Shape: the collection is cut into partitions, each an equality filter FerretDB pushes down to
 * PostgreSQL (by default the 256 buckets of src/store/buckets.ts, about n/256 documents each; or a
 * partner's buckets, `bucketPartitions({ partnerId })`). Each partition is read once, sorted by `_id`,
 * and handed out in batches, each with the point to resume after it. So the whole scan reads every
 * document once (linear), where a keyset scan `find({ _id: { $gt: k } }).sort({ _id: 1 }).limit(n)`
 * makes FerretDB read and sort the whole collection for every page (quadratic: hours at 100,000). A
 * scan killed and started again with the last `resume` it handed out skips every finished partition
 * and, in the partition it was in, every document up to the last one processed.
 *
 * The same queries run unchanged on MongoDB (one index `{ bucket: 1, _id: 1 }` serves them).
 */
import type { Model } from 'mongoose';
import { BUCKETS, BUCKET_FIELD } from './buckets';
import { checkEqualityFilter, type EqualityFilter } from './equality-filter';

/** Where to resume: the partition's index in the plan, and the last `_id` done in it (none: from its start). */
export interface ScanResume {
  partition: number;
  after?: string;
}

export interface ScanBatch<T> {
  items: T[];
  /** Store this once the batch is processed; passing it to `scanBatches` again continues after the batch. */
  resume: ScanResume;
}

export interface ScanRequest {
  /** A model whose documents carry `bucket` (for the default plan) or the plan's fields. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model; items are typed by T
  model: Model<any>;
  /** Equality filters that cut the collection into disjoint parts; default: every bucket. Keep the plan fixed across resumes. */
  partitions?: readonly Record<string, unknown>[];
  resume?: ScanResume;
  /** Documents a batch holds at most (default 500). */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 500;
/** Documents per round trip while a partition is read. */
const READ_BATCH_SIZE = 1000;

/** The 256 buckets as partitions, each narrowed by `filter` (e.g. `{ partnerId }` for one partner's agreements). */
export function bucketPartitions(filter: Record<string, unknown> = {}): EqualityFilter[] {
  const checked = checkEqualityFilter(filter);
  return BUCKETS.map((bucket) => ({ ...checked, [BUCKET_FIELD]: bucket }));
}

export async function* scanBatches<T extends { _id: string }>(request: ScanRequest): AsyncGenerator<ScanBatch<T>> {
  // A partition may name its bucket; `_id` stays the scan's own (it resumes on it).
  const partitions = (request.partitions ?? bucketPartitions()).map((p) => checkEqualityFilter(p, ['_id']));
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  const start = request.resume ?? { partition: 0 };
  if (!Number.isInteger(start.partition) || start.partition < 0 || start.partition > partitions.length)
    throw new Error(`resume point ${JSON.stringify(start)} is outside a plan of ${partitions.length} partitions`);
  for (let index = start.partition; index < partitions.length; index++) {
    const partition = partitions[index]!;
    const after = index === start.partition ? start.after : undefined;
    const rows = (await request.model
      .find({ ...partition, ...(after === undefined ? {} : { _id: { $gt: after } }) })
      .sort({ _id: 1 })
      .batchSize(READ_BATCH_SIZE)
      .lean()) as T[];
    for (let from = 0; from < rows.length; from += batchSize) {
      const items = rows.slice(from, from + batchSize);
      const done = from + batchSize >= rows.length;
      yield {
        items,
        resume: done ? { partition: index + 1 } : { partition: index, after: items[items.length - 1]!._id },
      };
    }
  }
}
