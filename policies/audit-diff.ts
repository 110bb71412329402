/**
 * An audit event's before and after as a reader takes them in: the fields that changed, each with its old
 * and new value (field: old → new). Pure: the console shows it, the trail's export writes it.
 */

export interface FieldChange {
  field: string;
  /** Absent: the field was not there before (added) … */
  before?: unknown;
  /** … or is not there after (removed). */
  after?: unknown;
}

/** Longest a value is written in full; a longer one (a nested record) is cut with an ellipsis. */
export const VALUE_TEXT_MAX = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changed fields of two snapshots, in the order of their first appearance (before's fields, then new
 * ones). Values that are not records (a count, a list) are one change of the field named ''.
 */
export function changesOf(before: unknown, after: unknown): FieldChange[] {
  if (before === undefined && after === undefined) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return same(before, after)
      ? []
      : [{ field: '', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
  }
  const old = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return fields
    .filter((field) => !same(old[field], now[field]))
    .map((field) => ({
      field,
      ...(old[field] !== undefined ? { before: old[field] } : {}),
      ...(now[field] !== undefined ? { after: now[field] } : {}),
    }));
}

/** A value as text: strings as they are, others as JSON, cut at VALUE_TEXT_MAX characters. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_TEXT_MAX ? `${text.slice(0, VALUE_TEXT_MAX - 1)}…` : text;
}
