import { z } from 'zod';
import { DomainError } from '../../policies/errors';

/** Query parameters of every list endpoint: `limit` and an opaque `cursor` from the previous page. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

export function encodeCursor(last: string | number): string {
  return Buffer.from(JSON.stringify({ k: last }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | number {
  try {
    const { k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: unknown };
    if (typeof k === 'string' || typeof k === 'number') return k;
  } catch {
    // fall through
  }
  throw new DomainError('request.invalid', 'the cursor is not one this API gave out');
}

/**
 * One page of a keyset query on a unique, indexed key (`_id` or `seq`), ascending: stable under
 * inserts, and cheap at any depth (no skip).
 */
export async function pageOf<T extends Record<string, unknown>>(
  find: (filter: Record<string, unknown>, limit: number) => Promise<T[]>,
  key: string,
  query: PageQuery,
): Promise<Page<T>> {
  const filter = query.cursor ? { [key]: { $gt: decodeCursor(query.cursor) } } : {};
  const rows = await find(filter, query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return rows.length > query.limit && last
    ? { items, nextCursor: encodeCursor(last[key] as string | number) }
    : { items };
}
