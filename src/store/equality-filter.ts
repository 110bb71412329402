/**
 * The only filters list pages and scans take: top-level field → scalar value. FerretDB v1.24 pushes
 * exactly these down to PostgreSQL (internal/backends/postgresql/query.go, prepareWhereClause); an
 * operator (`$in`, `$gt`, `$or`, `$and`), a dotted path, an array or a subdocument is evaluated in Go
 * on every document PostgreSQL returns, which is what makes a page slow.
 */
import { BUCKET_FIELD } from './buckets';

export type Scalar = string | number | boolean | Date;
export type EqualityFilter = Readonly<Record<string, Scalar>>;

/**
 * Throws unless `filter` is an equality filter the store pushes down; `reserved` fields (by default
 * `_id` and `bucket`, which list pages set themselves) are refused too. A field whose value is
 * `undefined` (an optional query parameter not given) is left out.
 */
export function checkEqualityFilter(
  filter: Record<string, unknown>,
  reserved: readonly string[] = ['_id', BUCKET_FIELD],
): EqualityFilter {
  const checked: Record<string, Scalar> = {};
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (field.startsWith('$') || field.includes('.'))
      throw new Error(`"${field}": only top-level fields, no operators or dotted paths`);
    if (reserved.includes(field)) throw new Error(`"${field}" is the library's to set`);
    const scalar =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (value instanceof Date && !Number.isNaN(value.getTime()));
    if (!scalar) throw new Error(`"${field}": only a string, number, boolean or date is compared for equality`);
    checked[field] = value as Scalar;
  }
  return checked;
}
