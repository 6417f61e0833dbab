/**
 * The fuzzer's request generator. Routes come from the app's own OpenAPI document (so a new route is
 * fuzzed as soon as it exists), bodies from the route's request schema, then mutated: a field dropped,
 * set to a wrong type or an edge value, an extra field, an array made huge, or the body replaced by
 * broken JSON, another content type or another method.
 */
import fc from 'fast-check';
import { schemaArbitrary, type Overrides, type Schema } from './fuzz-schema.js';
import { brokenJson, contentType, edgeNumber, extraKey, text, tokenId, wellFormedText, wrongValue } from './fuzz-values.js';

/** One route as the OpenAPI document describes it. */
export interface Operation {
  method: string;
  path: string;
  /** $id of the request body schema (POST) or of the query schema (GET with parameters). */
  bodySchema?: string;
  querySchema?: string;
  /** $id of the 200 response schema. */
  responseSchema?: string;
}

/** What the exact-round-trip property checks: one well-formed text on a byte-level BPE tokenizer. */
export interface RoundTrip { text: string; model: string; unit: 'char' | 'utf16' | 'byte' }

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The JSON value `payload` serializes, when it is one (not for raw broken bodies). */
  body?: unknown;
  /** Set for round-trip cases, which make their own requests. */
  roundTrip?: RoundTrip;
}

const refName = (ref: unknown) => (typeof ref === 'string' ? ref.replace(/^#\/components\/schemas\//, '') : undefined);

/** Every operation of an OpenAPI 3 document (the app's /openapi.json). */
export function operations(doc: { paths: Record<string, Record<string, Record<string, any>>> }, schemas: Schema[]): Operation[] { // any: OpenAPI JSON, read as a plain tree
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => {
    const names = ((op.parameters ?? []) as Array<{ in: string; name: string }>).filter((p) => p.in === 'query').map((p) => p.name).sort();
    const query = names.length ? schemas.find((s) => Object.keys((s.properties ?? {}) as object).sort().join() === names.join()) : undefined;
    const response = op.responses?.['200']?.content;
    return {
      method: method.toUpperCase(), path,
      bodySchema: refName(op.requestBody?.content?.['application/json']?.schema?.$ref),
      querySchema: query?.$id as string | undefined,
      responseSchema: refName((response?.['application/json'] ?? response?.['text/plain'])?.schema?.$ref),
    };
  }));
}

/** Routes the OpenAPI document hides (Swagger UI and its assets), plus paths that should be 404s. */
const HIDDEN_PATHS = ['/openapi.json', '/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/static/index.html', '/docs/static/swagger-initializer.js', '/docs/static/swagger-ui.css'];
const ODD_PATHS = [
  '/', '/tokenize/', '/TOKENIZE', '//tokenize', '/tokenize/..', '/v1/embeddings/', '/v1', '/%ED%A0%80', '/%zz', '/docs/static/../../package.json',
  '/docs/static/%2e%2e/%2e%2e/package.json', '/docs/static/..%2f..%2fpackage.json', '/vocab/build/x', `/${'a'.repeat(5_000)}`, '/health?x=%00',
];
const RAW_QUERIES = ['', '?', '?model=', '?model=%ED%A0%80', '?offset=%zz', '?limit=-1', '?id=1&id=2&id=x', '?token=&token=', `?token=${'a'.repeat(2_000)}`, '?offset=999999999&limit=99999', '?__proto__[x]=1', '?a[b][c]=1'];
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

type Mutation =
  | { op: 'drop'; pick: number }
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'replace'; value: unknown }
  | { op: 'huge'; pick: number; length: number; item: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: fc.oneof(wrongValue, edgeNumber) }),
  fc.record({ op: fc.constant('add' as const), key: extraKey, value: wrongValue }),
  fc.record({ op: fc.constant('replace' as const), value: wrongValue }),
  fc.record({ op: fc.constant('huge' as const), pick: fc.nat(), length: fc.constantFrom(0, 33, 10_001, 200_000), item: fc.oneof(tokenId, fc.constantFrom('x', '', '😀')) }),
);

/** Applies one mutation to a copy; own properties are defined, so `__proto__` is a real key on the wire. */
function mutate(body: unknown, m: Mutation): unknown {
  if (m.op === 'replace' || body === null || typeof body !== 'object' || Array.isArray(body)) return m.op === 'replace' ? m.value : body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length ? keys[('pick' in m ? m.pick : 0) % keys.length] : 'inputs';
  const define = (k: string, value: unknown) => Object.defineProperty(copy, k, { value, enumerable: true, writable: true, configurable: true });
  if (m.op === 'drop') delete copy[key];
  else if (m.op === 'set') define(key, m.value);
  else if (m.op === 'add') define(m.key, m.value);
  else define(key, Array.from({ length: m.length }, () => m.item));
  return copy;
}

function queryString(query: unknown): string {
  if (query === null || typeof query !== 'object') return `?${encodeURIComponent(JSON.stringify(query))}`;
  const params = new URLSearchParams();
  const str = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, str(item));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Requests for every operation of `ops`; `models` are the loaded model names (GET /info). */
export function requestArbitrary(ops: Operation[], schemas: Schema[], models: string[]): fc.Arbitrary<FuzzRequest> {
  const byId = new Map(schemas.map((s) => [s.$id as string, s]));
  const modelName = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...models) },
    { weight: 1, arbitrary: fc.constantFrom('unknown', '', 'GPT-4O', 'gpt-4o ', '../etc/passwd', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'tiny-bert/onnx') },
    { weight: 1, arbitrary: wellFormedText },
  );
  const overrides: Overrides = {
    string: {
      inputs: text, input: text, texts: text, text_pair: text, token: text, model: modelName,
      name: fc.oneof(fc.stringMatching(/^fz-[a-z0-9]{1,12}$/), fc.constantFrom(...models, 'x', 'A.b_c-1')),
      special_tokens: fc.oneof(fc.constantFrom('[UNK]', '[PAD]', '[CLS]', '<unk>', '<|endoftext|>', '<s>'), wellFormedText),
    },
    integer: { ids: tokenId, input: tokenId, inputs: tokenId },
  };
  const valueFor = (id: string) => {
    const valid = schemaArbitrary(byId.get(id)!, byId, overrides);
    return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 4, arbitrary: fc.tuple(valid, mutation).map(([b, m]) => mutate(b, m)) });
  };
  const method = (m: string) => fc.oneof({ weight: 30, arbitrary: fc.constant(m) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) });

  const typed = (type: string): Record<string, string> => (type ? { 'content-type': type } : {});
  const perOp = ops.map((op) => {
    let arbitrary: fc.Arbitrary<FuzzRequest>;
    if (op.bodySchema) {
      const json = fc.record({ method: method(op.method), body: valueFor(op.bodySchema), type: contentType }).map(({ method, body, type }) => (
        { method, url: op.path, headers: typed(type), payload: JSON.stringify(body) ?? 'null', body }));
      const raw = fc.record({ payload: brokenJson, type: contentType }).map(({ payload, type }) => (
        { method: op.method, url: op.path, headers: typed(type), payload }));
      arbitrary = fc.oneof({ weight: 12, arbitrary: json }, { weight: 1, arbitrary: raw });
    } else {
      const query = op.querySchema
        ? fc.oneof({ weight: 8, arbitrary: valueFor(op.querySchema).map(queryString) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) })
        : fc.constantFrom(...RAW_QUERIES);
      arbitrary = fc.record({ method: method(op.method), query }).map(({ method, query }) => ({ method, url: `${op.path}${query}`, headers: {} }));
    }
    // Training spawns a child process per valid request: keep its share small. Metrics are cheap to skip.
    const weight = op.path === '/train' ? 1 : op.path === '/metrics' ? 2 : 10;
    return { weight, arbitrary };
  });
  const bpe = ['gpt-4o', 'llama-3', 'qwen3'].filter((m) => models.includes(m));
  const roundTrip = fc.record({ text: wellFormedText, model: fc.constantFrom(...(bpe.length ? bpe : ['gpt-4o'])), unit: fc.constantFrom('char' as const, 'utf16' as const, 'byte' as const) })
    .map((roundTrip) => ({ method: 'POST', url: '/encode', headers: {}, roundTrip }));
  const hidden = fc.record({ method: method('GET'), url: fc.constantFrom(...HIDDEN_PATHS) }).map((r) => ({ ...r, headers: {} }));
  const odd = fc.record({ method: fc.constantFrom(...OTHER_METHODS), url: fc.constantFrom(...ODD_PATHS) }).map((r) => ({ ...r, headers: {} }));
  const extra = [{ weight: 2, arbitrary: hidden }, { weight: 2, arbitrary: odd }];
  return fc.oneof(...perOp, ...extra, ...(bpe.length ? [{ weight: 10, arbitrary: roundTrip }] : []));
}
