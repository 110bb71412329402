/**
 * The store and view side of an entity, derived from its one state schema (beside its workflow):
 * - the mongoose model: each top-level field of the state, under its own name (the state's `id` is the
 *   document's `_id`); top-level instants are stored as dates, so lists can filter and sort by them;
 * - `storeUpdateOf(state)`: the `$set`/`$unset` that makes a document equal to a version of the state;
 * - `stateOf(document)`: the state again, from what the store holds;
 * - `viewFor(ability, state)`: the API's view, with only the fields the caller may read
 *   (CASL's `permittedFieldsOf` over the view's fields, nested ones named with dots).
 */
import { permittedFieldsOf } from '@casl/ability/extra';
import { subject } from '@casl/ability';
import mongoose, { Schema, type IndexDefinition, type IndexOptions, type Model } from 'mongoose';
import { z } from 'zod';
import type { AppAbility } from '../../policies/abilities';
import type { SubjectName } from '../../policies/vocabulary';
import type { EntityState } from '../../workflows/kit/state';
import { BUCKET_FIELD, bucketOf, isRowId } from '../store/buckets';

export interface EntityDefinition<S extends z.ZodObject, V extends z.ZodObject> {
  /** The CASL subject and the audit trail's subject type. */
  name: SubjectName;
  collection: string;
  state: S;
  /** The API's view: derived from `state` in the entity's schema file. */
  view: V;
  /** Fields of the state the view never shows (the workflow's own bookkeeping). */
  workflowFields: readonly (keyof z.infer<S> & string)[];
  /** Nested view fields the abilities may hide, named with dots (`decision.by`, `informationRequests.askedBy`). */
  nestedFields?: readonly string[];
  indexes: [IndexDefinition, IndexOptions?][];
  /**
   * Fields the document's own list filters by for equality: each indexed with the id's `bucket` and the
   * id, as a list page walking buckets reads them (src/store/list-page.ts).
   */
  listFilters?: readonly (keyof z.infer<S> & string)[];
  /** The workflow that writes the record (a finding's is named by its run and owner, not by its id). */
  workflowIdOf: (id: string, state: z.infer<S>) => string;
  /**
   * Instants inside a top-level list of records (`deadlines.dueAt`) the store keeps as dates, so that a
   * count made in the store compares them in time (the monthly report's figures); read back as ISO strings.
   */
  nestedInstants?: readonly string[];
  /** What the view shows beyond the abilities' field rules (e.g. a stage that would tell a hidden field). */
  redact?: (view: z.infer<V>, can: (field: string) => boolean) => void;
  /**
   * A narrow, flat row beside the document, for lists and batch scans of many records: only top-level
   * scalars (the store reads nested values slowly), with `bucket` (the id's first two characters) so a
   * scan can go partition by partition. Written by the same recorder, at the same version.
   */
  row?: {
    collection: string;
    /** The row's fields of a version of the state (besides `_id`, `version` and `bucket`). */
    fieldsOf: (state: z.infer<S>) => Record<string, string | number | boolean | Date | undefined>;
    /** Its fields with their stored types, and the indexes its lists and scans use. */
    schema: Record<string, unknown>;
    indexes: [IndexDefinition, IndexOptions?][];
  };
}

export interface Entity<S extends z.ZodObject, V extends z.ZodObject> extends EntityDefinition<S, V> {
  model: Model<Record<string, unknown>>;
  rowModel?: Model<Record<string, unknown>>;
  /** The row of a version of the state, as the store keeps it. */
  rowOf(state: EntityState & Record<string, unknown>): Record<string, unknown> | undefined;
  storeUpdateOf(state: EntityState & Record<string, unknown>): {
    $set: Record<string, unknown>;
    $unset: Record<string, 1>;
  };
  stateOf(document: Record<string, unknown>): z.infer<S>;
  viewFor(ability: AppAbility, state: z.infer<S>): z.infer<V>;
}

type Stored = 'date' | 'string' | 'number' | 'boolean' | 'mixed' | 'array';

const unwrapped = (schema: z.ZodType): z.ZodType => {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
};

/** How a field of the state is stored: the schema's own type; nested values as the state has them. */
function storedTypeOf(schema: z.ZodType): Stored {
  const inner = unwrapped(schema);
  if (inner instanceof z.ZodISODateTime) return 'date';
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum) return 'string';
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodArray) return 'array';
  return 'mixed';
}

const MONGOOSE_TYPE: Record<Stored, unknown> = {
  date: Date,
  string: String,
  number: Number,
  boolean: Boolean,
  mixed: Schema.Types.Mixed,
  array: [Schema.Types.Mixed],
};

export function defineEntity<S extends z.ZodObject, V extends z.ZodObject>(
  definition: EntityDefinition<S, V>,
): Entity<S, V> {
  const fields = Object.entries(definition.state.shape as Record<string, z.ZodType>).filter(([name]) => name !== 'id');
  const storedAs = new Map(fields.map(([name, schema]) => [name, storedTypeOf(schema)]));
  const schema = new Schema(
    {
      _id: { type: String, required: true },
      ...Object.fromEntries(
        fields.map(([name, field]) => {
          const inner = unwrapped(field);
          // A value outside the vocabulary is refused by validation too.
          const values = inner instanceof z.ZodEnum ? { enum: inner.options } : {};
          return [name, { type: MONGOOSE_TYPE[storedAs.get(name)!], ...values }];
        }),
      ),
    },
    { versionKey: false, minimize: false, strict: true },
  );
  // The id's bucket, written with every version: lists walk the buckets (older documents get theirs once, src/store/backfill.ts).
  schema.add({ [BUCKET_FIELD]: String });
  schema.index({ [BUCKET_FIELD]: 1, _id: 1 });
  for (const field of definition.listFilters ?? []) schema.index({ [field]: 1, [BUCKET_FIELD]: 1, _id: 1 });
  for (const [index, options] of definition.indexes) schema.index(index, options);
  const model = (mongoose.models[definition.name] ??
    mongoose.model(definition.name, schema, definition.collection)) as Model<Record<string, unknown>>;

  const rowDefinition = definition.row;
  const rowModel = rowDefinition
    ? ((mongoose.models[`${definition.name}Row`] ??
        mongoose.model(
          `${definition.name}Row`,
          rowIndexed(
            new Schema(
              {
                _id: { type: String, required: true },
                version: { type: Number, required: true },
                bucket: { type: String, required: true },
                ...rowDefinition.schema,
              },
              { versionKey: false, strict: true },
            ),
            rowDefinition.indexes,
          ),
          rowDefinition.collection,
        )) as Model<Record<string, unknown>>)
    : undefined;

  const nested = new Map<string, string[][]>();
  for (const path of definition.nestedInstants ?? []) {
    const [head, ...rest] = path.split('.');
    nested.set(head!, [...(nested.get(head!) ?? []), rest]);
  }
  /** A top-level value with its nested instants turned by `turn` (a copy; the state is not changed). */
  const withNested = (name: string, value: unknown, turn: (v: unknown) => unknown): unknown => {
    const paths = nested.get(name);
    if (!paths || value === undefined || value === null) return value;
    const copy = clone(value);
    for (const path of paths) turnAt(copy, path, turn);
    return copy;
  };
  const toDate = (v: unknown) => (typeof v === 'string' ? new Date(v) : v);
  const toIso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

  const hidden = new Set<string>(definition.workflowFields);
  const viewFields = [...Object.keys(definition.view.shape), ...(definition.nestedFields ?? [])];

  return {
    ...definition,
    model,
    ...(rowModel ? { rowModel } : {}),

    rowOf(state) {
      if (!rowDefinition) return undefined;
      const fields = rowDefinition.fieldsOf(state as z.infer<S>);
      return {
        _id: state.id,
        version: state.version,
        bucket: bucketOf(state.id),
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      };
    },

    storeUpdateOf(state) {
      // Every DataPact id is a UUID; one that is not (none today) stays out of the buckets rather than failing the write.
      const $set: Record<string, unknown> = isRowId(state.id) ? { [BUCKET_FIELD]: bucketOf(state.id) } : {};
      const $unset: Record<string, 1> = {};
      for (const [name, as] of storedAs) {
        const value = state[name];
        if (value === undefined) $unset[name] = 1;
        else $set[name] = as === 'date' ? new Date(value as string) : withNested(name, value, toDate);
      }
      return { $set, $unset };
    },

    stateOf(document) {
      const state: Record<string, unknown> = { id: document._id };
      for (const [name, as] of storedAs) {
        const value = document[name];
        if (value === undefined || value === null) continue;
        state[name] = as === 'date' && value instanceof Date ? value.toISOString() : withNested(name, value, toIso);
      }
      return state as z.infer<S>;
    },

    viewFor(ability, state) {
      const target = subject(definition.name, { ...state, _id: state.id });
      const permitted = new Set(
        permittedFieldsOf(ability, 'read', target, { fieldsFrom: (rule) => rule.fields ?? viewFields }),
      );
      const view: Record<string, unknown> = { workflowId: definition.workflowIdOf(state.id as string, state) };
      for (const [name, value] of Object.entries(state)) {
        if (!hidden.has(name) && permitted.has(name) && name in definition.view.shape) view[name] = clone(value);
      }
      for (const path of definition.nestedFields ?? []) if (!permitted.has(path)) removePath(view, path);
      definition.redact?.(view as z.infer<V>, (field) => permitted.has(field));
      return view as z.infer<V>;
    },
  };
}

function rowIndexed(schema: Schema, indexes: [IndexDefinition, IndexOptions?][]): Schema {
  schema.index({ bucket: 1, _id: 1 });
  for (const [index, options] of indexes) schema.index(index, options);
  return schema;
}

const clone = <T>(value: T): T => (value && typeof value === 'object' ? structuredClone(value) : value);

/** Turns the value at `path` inside `value` (each element of a list on the way) by `turn`, in place. */
function turnAt(value: unknown, path: readonly string[], turn: (v: unknown) => unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) turnAt(item, path, turn);
    return;
  }
  if (!value || typeof value !== 'object' || path.length === 0) return;
  const [head, ...rest] = path;
  const record = value as Record<string, unknown>;
  if (!(head! in record)) return;
  if (rest.length === 0) record[head!] = turn(record[head!]);
  else turnAt(record[head!], rest, turn);
}

/** Deletes `a.b` from the view: from the object at `a`, or from each element when `a` is a list. */
function removePath(view: Record<string, unknown>, path: string): void {
  const [head, ...rest] = path.split('.');
  const value = view[head!];
  if (rest.length === 0) {
    delete view[head!];
    return;
  }
  const items = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  for (const item of items) removePath(item as Record<string, unknown>, rest.join('.'));
}
