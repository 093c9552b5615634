/**
 * Generators of malformed requests for the route fuzz test (`routes.fuzz.test.ts`): values that
 * look like what a route's zod contract asks for (read from its JSON Schema, what /openapi.json
 * publishes), the same with one place broken, and raw garbage — the inputs earlier probing found
 * 500s with: unchecked cursors, dates past year 9999, numbers beyond 2^53, strings and keys larger
 * than DynamoDB takes, plus malformed JSON, odd media types, deep nesting and oversized arrays.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

/** Strings of a contract are kept short when valid-looking: size is what the nasty values are for. */
const SAMPLE_STRING_LENGTH = 24;
const SAMPLE_ARRAY_LENGTH = 3;
/** A `$ref` cycle (recursive schemas) stops here. */
const MAX_REF_DEPTH = 4;

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function patternArbitrary(pattern: string, maxLength: number | undefined): fc.Arbitrary<string> {
  try {
    const matching = fc.stringMatching(new RegExp(pattern), { size: 'xsmall' });
    return maxLength === undefined ? matching : matching.map((text) => text.slice(0, maxLength));
  } catch {
    // A pattern fast-check cannot invert (lookarounds): any short string, the validation answers.
    return fc.string({ maxLength: maxLength ?? SAMPLE_STRING_LENGTH });
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  // Dates the contracts take (their range check is a refinement the JSON Schema does not show), before zod's generic pattern.
  const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
  if (schema.format === 'date-time') return day.map((date) => date.toISOString());
  if (schema.format === 'date') return day.map((date) => date.toISOString().slice(0, 10));
  if (typeof schema.pattern === 'string') return patternArbitrary(schema.pattern, maxLength);
  const minLength = numberOr(schema.minLength, 0);
  const upper = Math.max(minLength, Math.min(maxLength ?? SAMPLE_STRING_LENGTH, SAMPLE_STRING_LENGTH));
  // zod counts UTF-16 units, fast-check graphemes: cut to the contract's length in units.
  return fc.oneof(fc.string({ minLength, maxLength: upper }), fc.string({ minLength, maxLength: upper, unit: 'grapheme' })).map((text) => text.slice(0, maxLength ?? text.length));
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number';
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number';
  const min = numberOr(schema.minimum, numberOr(schema.exclusiveMinimum, -1_000_000));
  const max = numberOr(schema.maximum, numberOr(schema.exclusiveMaximum, 1_000_000));
  const step = typeof schema.multipleOf === 'number' ? schema.multipleOf : undefined;
  if (integer || step !== undefined) {
    const unit = step ?? 1;
    const low = Math.ceil(min / unit) + (exclusiveMin && Number.isInteger(min / unit) ? 1 : 0);
    const high = Math.floor(max / unit) - (exclusiveMax && Number.isInteger(max / unit) ? 1 : 0);
    if (low > high) return fc.constant(min);
    return fc.integer({ min: Math.max(low, Number.MIN_SAFE_INTEGER), max: Math.min(high, Number.MAX_SAFE_INTEGER) }).map((n) => n * unit);
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMin, maxExcluded: exclusiveMax });
}

/**
 * Values for a property by its name, where the schema cannot say enough: a refinement (an ID
 * number's check character) or a record that must exist (an id the run has seen).
 */
export type PropertyHint = (property: string) => fc.Arbitrary<unknown> | undefined;

/** A value shaped like the schema asks (most of the time valid; refinements zod cannot publish come from `hint`). */
export function fromSchema(schema: JsonSchema, hint: PropertyHint = () => undefined): fc.Arbitrary<unknown> {
  return fromSchemaAt(schema, hint, {}, 0);
}

function fromSchemaAt(schema: JsonSchema, hint: PropertyHint, definitions: Record<string, JsonSchema>, depth: number): fc.Arbitrary<unknown> {
  const fromSchema = (child: JsonSchema, defs: Record<string, JsonSchema>, level: number) => fromSchemaAt(child, hint, defs, level);
  const defs = { ...definitions, ...((schema.$defs ?? {}) as Record<string, JsonSchema>) };
  if (typeof schema.$ref === 'string') {
    const target = defs[schema.$ref.replace('#/$defs/', '')];
    return target === undefined || depth >= MAX_REF_DEPTH ? fc.constant(null) : fromSchema(target, defs, depth + 1);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches) && branches.length > 0) return fc.oneof(...branches.map((branch: JsonSchema) => fromSchema(branch, defs, depth)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return fromSchema(schema.allOf[0] as JsonSchema, defs, depth);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => fromSchema({ ...schema, type }, defs, depth)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = typeof schema.items === 'object' && schema.items !== null ? fromSchema(schema.items as JsonSchema, defs, depth) : fc.jsonValue({ maxDepth: 1 });
      const minLength = numberOr(schema.minItems, 0);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(numberOr(schema.maxItems, SAMPLE_ARRAY_LENGTH), SAMPLE_ARRAY_LENGTH)) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, child]) => {
          const hinted = hint(name);
          const shaped = fromSchema(child, defs, depth);
          return [name, hinted === undefined ? shaped : fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: shaped })];
        }),
      );
      const record = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
      if (typeof schema.additionalProperties !== 'object' || schema.additionalProperties === null) return record;
      const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(schema.additionalProperties as JsonSchema, defs, depth), { maxKeys: 2 });
      return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const repeated = (units: readonly string[], lengths: readonly number[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...units), fc.constantFrom(...lengths)).map(([unit, length]) => unit.repeat(length));

/** Strings a handler or a store might choke on: DynamoDB's key and item limits, dates out of range, encodings. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(
    '', ' ', '\u0000', '\u202e', '\ud800', '\udfff', '💥', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '-1', '-0', '1e999', '0x10', '9007199254740993', '1.7976931348623157e309',
    '9999-12-31', '10000-01-01', '+010000-01-01', '0000-01-01', '0000-00-00', '2026-02-30', '2026-13-01', '-000001-01-01', '2026-12-03T25:61:00Z', '+275760-09-13T00:00:00.000Z', '2026-12-03T08:00:00+99:00',
    '99:99', '24:00', '../../etc/passwd', '%00', '%', '${jndi:ldap://x}', "' OR 1=1 --", '<script>alert(1)</script>', 'e30', 'eyJwayI6IngifQ', '#', 'TRAINEE#1', '__proto__', 'constructor', 'toString',
  ) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  // Beyond a key (2,048 bytes), a sort key (1,024), an item (400 KB); multi-byte and control units.
  { weight: 2, arbitrary: repeated(['a', '中', '💩', '\u0000', '9'], [65, 257, 1_025, 2_049, 70_000, 410_000]) },
);

/** Numbers at and past every edge: JSON cannot say NaN, so it comes as text; 1e999 is sent raw (`rawNumbers`). */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1e-320, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const nested = (depth: number, leaf: unknown, kind: 'array' | 'object'): unknown => {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
};

/** Any JSON value a field should not hold. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 4, arbitrary: nastyNumber },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, {}, [], [null], { '': '' }, { constructor: { prototype: 1 } }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(64, 500), fc.constantFrom('array' as const, 'object' as const)).map(([depth, kind]) => nested(depth, 1, kind)) },
  // Each item its own value: a later mutation of one item must not grow them all.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1_001, 20_000, 120_000), fc.constantFrom(() => 0, () => 'x', () => ({}), () => null)).map(([length, item]) => Array.from({ length }, item)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
);

export type Mutation =
  | { kind: 'replace'; at: readonly number[]; value: unknown }
  | { kind: 'drop'; at: readonly number[] }
  | { kind: 'add-key'; at: readonly number[]; key: string; value: unknown };

const ODD_KEYS = ['__proto__', 'constructor', 'prototype', '', ' ', '$where', 'pk', 'sk', 'k'.repeat(3_000), '中'.repeat(800), '\u0000'];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.array(fc.nat(), { maxLength: 5 }), value: garbage }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.array(fc.nat(), { maxLength: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add-key' as const), at: fc.array(fc.nat(), { maxLength: 5 }), key: fc.oneof(fc.constantFrom(...ODD_KEYS), nastyString), value: garbage }) },
);

const childrenOf = (value: unknown): Array<string | number> =>
  Array.isArray(value) ? value.map((_, index) => index) : value !== null && typeof value === 'object' ? Object.keys(value) : [];

/**
 * Applies one mutation to a copy of `value`: `at` picks a child at each level (modulo the number
 * of children, one more meaning "stop here"), so every place of a nested body can be reached.
 */
export function applyMutation(value: unknown, change: Mutation): unknown {
  const root = structuredClone(value);
  let parent: Record<string | number, unknown> | undefined;
  let key: string | number | undefined;
  let node: unknown = root;
  for (const step of change.at) {
    const children = childrenOf(node);
    if (children.length === 0) break;
    const index = step % (children.length + 1);
    if (index === children.length) break;
    parent = node as Record<string | number, unknown>;
    key = children[index];
    if (key === undefined) break;
    node = parent[key];
  }
  const replace = (next: unknown): unknown => {
    if (parent === undefined || key === undefined) return next;
    parent[key] = next;
    return root;
  };
  switch (change.kind) {
    case 'replace':
      return replace(change.value);
    case 'drop':
      if (parent === undefined || key === undefined) return undefined;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return root;
    case 'add-key': {
      const target = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
      if (target === undefined) return replace({ [change.key]: change.value });
      Object.defineProperty(target, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
      return root;
    }
  }
}

/** Bodies that are not JSON at all, or JSON in a form parsers disagree on. */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '[', '{"a":1,}', "{'a':1}", 'NaN', 'Infinity', '-', '1e999', '-1e999', '[1,2', '{"a":1}{"b":2}', '\ufeff{}', 'null', 'true', '0', '[]', '""', '"\\ud800"',
    '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"a":1,"a":2}', '{"a":1e999}', '{"a":-0}', '{"a":123456789012345678901234567890}', '{"\\u0000":1}',
  ),
  fc.constantFrom(20_000, 100_000).map((depth) => '['.repeat(depth)),
  fc.constantFrom(5_000, 50_000).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value).slice(0, -1)),
);

/** Media types a JSON route may be sent: mostly JSON, and what browsers, forms and mistakes send. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined, 'text/plain', 'application/json; charset=utf-16', 'application/json;charset=latin1', 'APPLICATION/JSON', 'application/problem+json', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', 'application/octet-stream', 'image/jpeg', 'video/mp4', 'text/csv', '*/*', 'application/json, text/plain', 'application/', ';', 'json',
    ),
  },
);

/** Request-header-safe text (fetch refuses control characters and anything past Latin-1). */
export const headerText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ maxLength, unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)) });

/** `Idempotency-Key` values: none, a fresh one, one of a small pool reused across bodies, malformed ones. */
export const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.oneof(headerText(40), fc.constantFrom(' ', 'k'.repeat(256), 'k'.repeat(5_000), 'é', 'a b', 'ÿÿÿ')) },
);

/** A cursor as a client may forge it: base64url of anything, or not base64 at all. */
export const forgedCursor: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('e30', 'eyJwayI6IngifQ', 'null', '', '.', 'a.b', 'eyJ9', '%%%'),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.base64String({ maxLength: 60 })).map(([value, signature]) => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.${signature}`),
  fc.base64String({ maxLength: 200 }),
  nastyString,
);

/** Appended to a query string as is: percent-encoding a decoder rejects, empty and repeated names. */
export const rawQueryTail: fc.Arbitrary<string> = fc.constantFrom('', '', '', '&', '&&=&', '&=x', '&%', '&a=%E0%A4%A', '&%ZZ=1', '&cursor=%FF', '&limit=1&limit=2', '&__proto__=1', '&constructor[prototype]=1', `&x=${'a'.repeat(8_000)}`);

/** A text value for a query parameter or path segment, not yet encoded. */
export const textValue = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: valid.map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '')) },
    { weight: 2, arbitrary: nastyString.map((text) => text.slice(0, 3_000)) },
    { weight: 1, arbitrary: nastyNumber.map(String) },
    { weight: 1, arbitrary: forgedCursor },
  );
