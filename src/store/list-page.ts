/**
 * A list page over a collection of row documents (narrow, flat, carrying `bucket`: src/store/buckets.ts).
 *
 * Result: exactly `find({ ...filter, _id: { $gt: after } }).sort({ _id: 1 }).limit(limit)` and the
 * cursor of the last item, on MongoDB and FerretDB alike. Shape: that query, sorted over the whole
 * filtered set, costs FerretDB v1.24 a read and a sort in Go of every matching document (no sort, no
 * `$gt` is pushed down), so a unit's page at 100,000 agreements takes seconds. Instead the page is
 * made of equality-only queries `find({ ...filter, bucket }).sort({ _id: 1 })`, bucket after bucket in
 * `_id` order, each of which PostgreSQL answers from a GIN index with about 1/256 of the set. A sparse
 * set (a partner with a dozen agreements) would walk many empty buckets; once the buckets walked say
 * the whole set is small, the rest of the page comes from one query over the whole set instead.
 */
import type { Model } from 'mongoose';
import { DomainError } from '../../policies/errors';
import { decodeCursor, encodeCursor, type Page } from './pagination';
import { BUCKETS, BUCKET_FIELD, bucketOf, isRowId } from './buckets';
import { checkEqualityFilter, type EqualityFilter } from './equality-filter';

/** Buckets a page walks before it judges the set's size from what they held. */
const BUCKETS_BEFORE_ESTIMATE = 4;
/**
 * Below this estimated set size, one query over the whole set (read and sorted in Go, ~0.1 ms a row
 * on FerretDB) is cheaper than walking bucket after bucket (a query of a few ms each) to fill a page.
 */
const WHOLE_SET_MAX = 600;

export interface ListPageRequest {
  /** A model of row documents (each with `_id` a UUID and `bucket = bucketOf(_id)`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any row model; items are typed by T
  model: Model<any>;
  /** Field → value, all top-level and scalar (see equality-filter.ts): the view's filters and the caller's scope. */
  filter?: Record<string, unknown>;
  /** `nextCursor` of the previous page; absent for the first. */
  cursor?: string;
  limit: number;
}

export async function listPage<T extends { _id: string }>(request: ListPageRequest): Promise<Page<T>> {
  const filter = checkEqualityFilter(request.filter ?? {});
  const after = request.cursor === undefined ? undefined : cursorId(request.cursor);
  const want = request.limit + 1;
  const found: T[] = [];
  let position = after === undefined ? 0 : BUCKETS.indexOf(bucketOf(after));
  let walked = 0;
  let held = 0;
  while (found.length < want && position < BUCKETS.length) {
    const from = found.length > 0 ? found[found.length - 1]!._id : after;
    if (walked >= BUCKETS_BEFORE_ESTIMATE && (held * BUCKETS.length) / walked <= WHOLE_SET_MAX) {
      found.push(...(await wholeSet<T>(request.model, filter, from, want - found.length)));
      break;
    }
    const bucket = BUCKETS[position]!;
    const rows = await oneBucket<T>(request.model, filter, bucket, from, want - found.length);
    found.push(...rows);
    held += rows.length;
    walked += 1;
    position += 1;
  }
  const items = found.slice(0, request.limit);
  const last = items[items.length - 1];
  return found.length > request.limit && last ? { items, nextCursor: encodeCursor(last._id) } : { items };
}

/** The last id of the previous page; a cursor this API did not give out is a 400, as in pagination.ts. */
function cursorId(cursor: string): string {
  const id = decodeCursor(cursor);
  if (isRowId(id)) return id;
  throw new DomainError('request.invalid', 'the cursor is not one this API gave out');
}

function afterId(from: string | undefined): Record<string, unknown> {
  return from === undefined ? {} : { _id: { $gt: from } };
}

async function oneBucket<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ListPageRequest
  model: Model<any>,
  filter: EqualityFilter,
  bucket: string,
  from: string | undefined,
  limit: number,
): Promise<T[]> {
  // `from` lies in this bucket or an earlier one; only in the first case does it cut anything.
  const cut = from !== undefined && bucketOf(from) === bucket ? afterId(from) : {};
  return (await model
    .find({ ...filter, [BUCKET_FIELD]: bucket, ...cut })
    .sort({ _id: 1 })
    .limit(limit)
    .lean()) as T[];
}

async function wholeSet<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ListPageRequest
  model: Model<any>,
  filter: EqualityFilter,
  from: string | undefined,
  limit: number,
): Promise<T[]> {
  return (await model
    .find({ ...filter, ...afterId(from) })
    .sort({ _id: 1 })
    .limit(limit)
    .lean()) as T[];
}
