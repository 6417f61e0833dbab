import fastJson, { type Schema } from 'fast-json-stringify';

/**
 * An answer a worker thread has already serialized with its route's response serializer. Large
 * answers (e.g. 32 long /encode inputs) are cheaper to write in the worker than to
 * copy back as objects and serialize on the main thread, which every request shares (measured in
 * docs/BENCHMARKS.md, worker scaling). Routes return it like any answer; app.ts's serializers pass it
 * through unchanged.
 */
export class Serialized {
  constructor(
    /** $id of the response schema it was written with. */
    readonly schema: string,
    readonly json: string,
    /** Tokens in the answer, for the metrics (metrics/extract.ts tokensIn). */
    readonly tokens: number,
  ) {}
}

/** The answer's value: parsed again when it was serialized in a worker (for callers that need the object). */
export function answerValue<T>(answer: T | Serialized): T {
  return answer instanceof Serialized ? (JSON.parse(answer.json) as T) : answer;
}

type Projection = (value: unknown) => unknown;

const asIs: Projection = (value) => value;

/**
 * Keywords a projected schema may use: they describe or constrain values without changing how they are
 * written (fast-json-stringify writes a property's `default` in place of a missing value: not projected).
 */
const PLAIN_KEYWORDS = new Set([
  '$id', 'title', 'description', 'example', 'examples', 'deprecated', 'type', 'properties', 'required',
  'additionalProperties', 'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'enum',
]);
const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean', 'null']);

/**
 * A function copying, in the schema's order, the properties `schema` declares (closed objects, arrays and
 * JSON primitives only; else null), for answers whose shape the route's code guarantees (their types are
 * generated from the same schemas). JSON.stringify of the copy writes what fast-json-stringify writes for
 * such answers (test/serializers.test.ts compares them on generated answers), as one flat string:
 * fast-json-stringify concatenates its output a value at a time, and flattening that for the socket, then
 * collecting the pieces, was a tenth of a small /encode's cost (docs/MEASUREMENTS.md). Like it, a missing
 * required property or a value of the wrong kind (an object or array where the schema has none) throws.
 */
function projection(schema: unknown, shared: Record<string, object>, building = new Map<object, Projection>()): Projection | null {
  const ref = (schema as { $ref?: unknown }).$ref;
  const s = (typeof ref === 'string' ? shared[ref.replace(/#$/, '')] : schema) as Record<string, unknown> | undefined;
  if (typeof s !== 'object' || s === null || !Object.keys(s).every((k) => PLAIN_KEYWORDS.has(k))) return null;
  const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
  if (types.every((t) => PRIMITIVES.has(t as string))) return asIs;
  if (types.length !== 1) return null;
  const started = building.get(s);
  if (started) return started; // a recursive schema (an Encoding's overflowing Encodings)
  let compiled: Projection | null = null;
  building.set(s, (value) => compiled!(value));
  compiled = s.type === 'array' ? arrayProjection(s, shared, building) : s.type === 'object' ? objectProjection(s, shared, building) : null;
  return compiled;
}

function arrayProjection(s: Record<string, unknown>, shared: Record<string, object>, building: Map<object, Projection>): Projection | null {
  const item = Array.isArray(s.items) || s.items === undefined ? null : projection(s.items, shared, building);
  if (!item) return null;
  return (value) => {
    if (!Array.isArray(value)) throw new TypeError('an answer has a non-array where its schema has an array');
    return item === asIs ? value : value.map(item);
  };
}

function objectProjection(s: Record<string, unknown>, shared: Record<string, object>, building: Map<object, Projection>): Projection | null {
  if (s.additionalProperties !== false) return null;
  const required = new Set(s.required as string[] | undefined);
  // fast-json-stringify's order: the required properties first, each group in the schema's order.
  const properties = Object.entries((s.properties ?? {}) as Record<string, unknown>)
    .sort(([a], [b]) => Number(required.has(b)) - Number(required.has(a)));
  const keys = properties.map(([key]) => key);
  const parts = properties.map(([, schema]) => projection(schema, shared, building));
  if (parts.some((p) => p === null)) return null;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('an answer has a non-object where its schema has an object');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const x = (value as Record<string, unknown>)[keys[i]];
      if (x !== undefined) out[keys[i]] = parts[i]!(x);
      else if (required.has(keys[i])) throw new TypeError(`an answer lacks its required "${keys[i]}"`);
    }
    return out;
  };
}

/**
 * The branches of a oneOf whose members are told apart by their JSON type (e.g. /tokenize's TEI array and
 * vLLM object), or null. fast-json-stringify would pick a oneOf branch by validating the answer against
 * each in turn; the type alone decides here.
 */
function branchesByType(schema: unknown, shared: Record<string, object>): { array: object; object: object } | null {
  const resolve = (s: unknown): Record<string, unknown> => {
    const ref = (s as { $ref?: unknown }).$ref;
    return (typeof ref === 'string' ? shared[ref.replace(/#$/, '')] : s) as Record<string, unknown>;
  };
  const oneOf = resolve(schema)?.oneOf;
  if (!Array.isArray(oneOf) || oneOf.length !== 2) return null;
  const array = oneOf.find((b) => resolve(b)?.type === 'array');
  const object = oneOf.find((b) => resolve(b)?.type === 'object');
  return array && object ? { array, object } : null;
}

/**
 * The serializer of one response schema (`shared`: every schema by $id): JSON.stringify of the answer's
 * projection where the schema allows one, else fast-json-stringify.
 */
export function compileSerializer(schema: object, shared: Record<string, object>): (data: unknown) => string {
  const branches = branchesByType(schema, shared);
  if (branches) {
    const array = compileSerializer(branches.array, shared);
    const object = compileSerializer(branches.object, shared);
    return (data) => (Array.isArray(data) ? array(data) : object(data));
  }
  const project = projection(schema, shared);
  if (project === asIs) return JSON.stringify;
  if (project) return (data) => JSON.stringify(project(data));
  return fastJson(schema as Schema, { schema: shared as Record<string, Schema> });
}
