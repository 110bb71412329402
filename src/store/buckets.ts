/**
 * Buckets: the key that lets FerretDB serve a page or a batch without reading a whole collection.
 *
 * FerretDB v1.24 pushes only top-level equality down to PostgreSQL (`_jsonb->'f' @> '"v"'`) and
 * sorts every result in Go after reading all of it. So a query stays cheap only if an equality
 * narrows it to a few hundred documents. A row document therefore carries `bucket`: the first two
 * characters of its `_id`, a random UUID, so 256 buckets of about n/256 documents each. Because the
 * bucket is a prefix of `_id`, bucket order is `_id` order: walking the buckets in order and sorting
 * each by `_id` yields exactly `sort({ _id: 1 })` of the whole collection, on FerretDB and MongoDB alike.
 */
import type { Schema } from 'mongoose';

/** The field every row document carries (see `bucketOf`). */
export const BUCKET_FIELD = 'bucket';

const HEX = '0123456789abcdef';
/** All buckets, in `_id` order: '00' … 'ff'. */
export const BUCKETS: readonly string[] = [...HEX].flatMap((a) => [...HEX].map((b) => a + b));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for the ids rows have: lowercase UUIDs (randomUUID), as everywhere in DataPact. */
export function isRowId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/** The bucket of an id: its first two characters. */
export function bucketOf(id: string): string {
  if (!isRowId(id)) throw new Error(`a row's _id must be a lowercase UUID, not "${id}"`);
  return id.slice(0, 2);
}

/** What a writer adds to a row document beside its own fields: `{ bucket }`. */
export function rowKeysOf(id: string): { [BUCKET_FIELD]: string } {
  return { [BUCKET_FIELD]: bucketOf(id) };
}

/**
 * Declares the bucket field and the indexes list pages and scans use on a row schema: `{ f: 1,
 * bucket: 1, _id: 1 }` for each field lists filter on, and `{ bucket: 1, _id: 1 }`. MongoDB serves each
 * bucket query from them; on the embedded store the cluster adds a GIN twin for every key FerretDB
 * indexes (src/dev/sql/ferretdb-gin-indexes.sql), which serves FerretDB's pushed-down equality.
 */
export function addRowKeys(schema: Schema, filterFields: readonly string[]): void {
  schema.add({ [BUCKET_FIELD]: { type: String, required: true } });
  schema.index({ [BUCKET_FIELD]: 1, _id: 1 });
  for (const field of filterFields) schema.index({ [field]: 1, [BUCKET_FIELD]: 1, _id: 1 });
}
