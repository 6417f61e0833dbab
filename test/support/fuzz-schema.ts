/**
 * JSON Schema → fast-check arbitrary, for the fuzzer: request bodies and queries that follow the
 * wire schemas (schemas/*.json) closely enough to get past validation and into the services, with
 * sizes kept small. Fields named in `overrides` (texts, ids, model names) get hostile values instead.
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

/** Arbitraries by property name: every string or integer under that property (also array items) comes from here. */
export interface Overrides {
  string: Record<string, fc.Arbitrary<string>>;
  integer: Record<string, fc.Arbitrary<number>>;
}

const SMALL_ARRAY = 4;
const SMALL_STRING = 16;

/** The arbitrary for `schema`; `$ref`s resolve by `$id` in `byId`; `key` is the property being generated. */
export function schemaArbitrary(schema: Schema, byId: Map<string, Schema>, overrides: Overrides, key = ''): fc.Arbitrary<unknown> {
  const recurse = (s: unknown, k = key) => schemaArbitrary(s as Schema, byId, overrides, k);
  if (typeof schema.$ref === 'string') {
    const target = byId.get(schema.$ref.replace(/#$/, ''));
    if (!target) throw new Error(`fuzz: unknown $ref ${schema.$ref}`);
    return recurse(target);
  }
  if (Array.isArray(schema.allOf)) return recurse(schema.allOf[0]); // ours are `allOf: [$ref]` + default
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((b) => recurse(b)));
  if (Array.isArray(schema.type)) return fc.oneof(...(schema.type as string[]).map((type) => recurse({ ...schema, type })));
  switch (schema.type) {
    case 'string': return stringArbitrary(schema, overrides.string[key]);
    case 'integer': return overrides.integer[key] ?? integerArbitrary(schema);
    case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? SMALL_ARRAY, SMALL_ARRAY));
      return fc.array(recurse(schema.items), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, recurse(s, k)]));
      return fc.record(record, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: Schema, override: fc.Arbitrary<string> | undefined): fc.Arbitrary<string> {
  if (override) return override;
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.max(minLength, Math.min((schema.maxLength as number | undefined) ?? SMALL_STRING, SMALL_STRING));
  return fc.string({ unit: 'grapheme', minLength, maxLength });
}

/** Small values most of the time (they are what reaches the code), the schema's bounds some of the time. */
function integerArbitrary(schema: Schema): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? -1_000;
  const max = (schema.maximum as number | undefined) ?? min + 1_000_000;
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 200) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}
