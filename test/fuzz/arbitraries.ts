/**
 * What npm run fuzz:api sends: values drawn from an operation's JSON schemas (as /openapi.json states
 * them), and hostile values a caller may send instead — wrong types, operators, prototype keys, huge
 * strings and arrays, Unicode and control characters. Bodies are JSON *text*, so that keys such as
 * `__proto__` reach the server as sent.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

/** Big enough to pass every maxLength the API declares and the default body limit (100 kB). */
const HUGE_STRING_CHARS = 150_000;
const HUGE_ARRAY_ITEMS = 20_000;
/** Deeper than the API's MAX_JSON_DEPTH (32). */
const TOO_DEEP = 40;

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0007\u001b[31mred',
  '\r\nSet-Cookie: x=1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\u202e\u200b\ufeff',
  '\ud800',
  '😀👨‍👩‍👧',
  '数据对外合作',
  '../../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  "' OR 1=1 --",
  '{"$gt":""}',
  '$where',
  '1e309',
  '-0',
  'NaN',
  'null',
  'true',
  '9'.repeat(400),
  'ａｂｃ',
];

/** A string a hostile caller may send anywhere. */
export const weirdString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...WEIRD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('x'.repeat(HUGE_STRING_CHARS)),
);

/** A value of a type the schema did not ask for, or an operator, or something huge. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e308,
    [],
    {},
    { $gt: '' },
    { $ne: null },
    { $where: 'sleep(1000) || true' },
    { $regex: '.*' },
    ['$gt'],
    [{ $in: [1] }],
  ),
  fc.constant(Array.from({ length: HUGE_ARRAY_ITEMS }, (_, i) => i)),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
);

/** Raw JSON texts that no schema can accept, or that no JSON parser should. */
export const hostileJsonText: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  'nul',
  '"\\ud800"',
  '{"a":"\u0000"}',
  '\ufeff{}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"prototype":1}',
  '{"$where":"1==1"}',
  '{"a.b":1}',
  '{"a":{"$gt":""}}',
  '[]',
  '"string"',
  '12',
  'null',
  'true',
  `${'['.repeat(TOO_DEEP)}${']'.repeat(TOO_DEEP)}`,
  `${'{"a":'.repeat(TOO_DEEP)}1${'}'.repeat(TOO_DEEP)}`,
  `{"a":"${'y'.repeat(HUGE_STRING_CHARS)}"}`,
  '{"a":1,"a":2}',
);

function resolve(root: Schema, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let here: unknown = root;
  for (const part of ref.slice(2).split('/')) here = (here as Schema)[part];
  return resolve(root, here as Schema);
}

const dateString = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const dateTimeString = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return dateString;
  if (schema.format === 'date-time') return dateTimeString;
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uuid') return fc.uuid();
  if (typeof schema.pattern === 'string') {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern).filter((s) => {
        const min = (schema.minLength as number | undefined) ?? 0;
        const max = (schema.maxLength as number | undefined) ?? Infinity;
        return s.length >= min && s.length <= max;
      });
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which the server must refuse cleanly.
    }
  }
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 30, minLength + 30);
  return fc.string({ minLength, maxLength, unit: 'grapheme-composite' });
}

/**
 * Values that match a JSON schema (the subset zod's toJSONSchema writes), most of the time: a schema's
 * refinements beyond JSON Schema (a credit code's check character, an end after a start) are left to
 * chance, so the server sees both sides of them.
 */
export function valueOf(root: Schema, given: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(root, given);
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueOf(root, s, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return valueOf(root, schema.allOf[0] as Schema, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const arbitraries = type.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string':
        return stringOf(schema);
      case 'integer':
        return fc.integer({
          min: Math.max((schema.minimum as number | undefined) ?? -1000, -1e9),
          max: Math.min((schema.maximum as number | undefined) ?? 1000, 1e9),
        });
      case 'number':
        return fc.double({
          min: (schema.minimum as number | undefined) ?? -1000,
          max: (schema.maximum as number | undefined) ?? 1000,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = (schema.items as Schema | undefined) ?? {};
        const minLength = (schema.minItems as number | undefined) ?? 0;
        const maxLength = Math.min((schema.maxItems as number | undefined) ?? 3, minLength + 3);
        return fc.array(valueOf(root, items, depth + 1), { minLength, maxLength });
      }
      case 'object':
      case undefined: {
        const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
        if (Object.keys(properties).length === 0) {
          return t === 'object' ? fc.constant({}) : fc.oneof(fc.string(), fc.integer(), fc.constant(null));
        }
        const required = (schema.required as string[] | undefined) ?? [];
        const record = Object.fromEntries(
          Object.entries(properties).map(([name, s]) => [name, valueOf(root, s, depth + 1)]),
        );
        return fc.record(record, { requiredKeys: required.filter((k) => k in properties) });
      }
      default:
        return fc.constant(null);
    }
  });
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

/** A change that spoils a valid object: a key dropped, one added, one given a hostile value. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; index: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'retype'; index: number; value: unknown }
  | { kind: 'prototype'; key: '__proto__' | 'constructor' | 'prototype' }
  | { kind: 'operator'; index: number; operator: '$gt' | '$where' | '$ne' | '$regex' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' } as const) },
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(weirdString, fc.string()), value: hostileValue }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retype' as const), index: fc.nat(), value: hostileValue }) },
  fc.record({ kind: fc.constant('prototype' as const), key: fc.constantFrom('__proto__', 'constructor', 'prototype') }),
  fc.record({
    kind: fc.constant('operator' as const),
    index: fc.nat(),
    operator: fc.constantFrom('$gt', '$where', '$ne', '$regex'),
  }),
);

/** The JSON text of `value` spoiled by `m` (prototype keys are written into the text itself). */
export function applyMutation(value: unknown, m: Mutation): string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || m.kind === 'none') {
    return m.kind === 'retype' ? JSON.stringify(m.value) : JSON.stringify(value);
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const at = (index: number) => keys[index % Math.max(keys.length, 1)];
  switch (m.kind) {
    case 'drop': {
      const key = at(m.index);
      if (key !== undefined) delete copy[key];
      return JSON.stringify(copy);
    }
    case 'extra':
      return JSON.stringify({ ...copy, [m.key]: m.value });
    case 'retype': {
      const key = at(m.index) ?? 'x';
      return JSON.stringify({ ...copy, [key]: m.value });
    }
    case 'operator': {
      const key = at(m.index) ?? 'x';
      return JSON.stringify({ ...copy, [key]: { [m.operator]: m.operator === '$where' ? '1 == 1' : '' } });
    }
    case 'prototype': {
      const text = JSON.stringify(copy);
      const injected = `"${m.key}":{"isAdmin":true,"roles":["admin"]}`;
      return text === '{}' ? `{${injected}}` : `{${injected},${text.slice(1)}`;
    }
  }
}
