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

/**
 * True for a schema of nothing but (nested) arrays of numbers, such as the vectors of /embed and
 * /embed_all. JSON.stringify writes finite numbers exactly as fast-json-stringify does (shortest
 * round-trip digits) and ±Infinity as null like it (NaN too, which it would refuse), and faster
 * (docs/MEASUREMENTS.md).
 */
function onlyNumberArrays(schema: unknown, shared: Record<string, object>): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const { $ref, type, items } = schema as { $ref?: unknown; type?: unknown; items?: unknown };
  if (typeof $ref === 'string') return onlyNumberArrays(shared[$ref.replace(/#$/, '')], shared);
  return type === 'number' || (type === 'array' && !Array.isArray(items) && onlyNumberArrays(items, shared));
}

/** The serializer of one response schema (`shared`: every schema by $id): JSON.stringify for number arrays, else fast-json-stringify. */
export function compileSerializer(schema: object, shared: Record<string, object>): (data: unknown) => string {
  return onlyNumberArrays(schema, shared) ? JSON.stringify : fastJson(schema as Schema, { schema: shared as Record<string, Schema> });
}
