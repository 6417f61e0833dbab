import t from 'tap';
import fc from 'fast-check';
import fastJson, { type Schema as FjsSchema } from 'fast-json-stringify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Serialized, answerValue, compileSerializer } from '../src/serializers.js';
import { schemas } from '../src/schemas.js';
import { schemaArbitrary, type Schema } from './support/fuzz-schema.js';

// Answers serialized in a worker thread pass through the routes' serializers unchanged, but only for
// the schema they were written with: one written for another schema is an internal error, never sent.
const shared = Object.fromEntries(schemas.map((s) => [s.$id, s]));

t.test('a worker and a route write the same text', async (t) => {
  const answer = { model: 'm', counts: [3, 4], total_tokens: 7 };
  const worker = compileSerializer({ $ref: 'CountResponse#' }, shared)(answer);
  t.equal(worker, JSON.stringify(answer));
  t.same(answerValue(new Serialized('CountResponse', worker, 7)), answer, 'parsed back for callers that need the object');
  t.equal(answerValue(answer), answer, 'an object stays as it is');
  const vectors = [[0.5, -1.25e-7], [3, 0]];
  t.equal(compileSerializer({ $ref: 'EmbedResponse#' }, shared)(vectors), JSON.stringify(vectors), 'number arrays: JSON.stringify');
});

t.test("a oneOf of an array and an object (/tokenize: TEI's lists or vLLM's object) is serialized by the answer's type", async (t) => {
  const serialize = compileSerializer({ $ref: 'TokenizeResponse#' }, shared);
  const tei = [[{ id: 101, text: '[CLS]', special: true, start: null, stop: null }]];
  const vllm = { count: 1, max_model_len: 512, tokens: [101] };
  t.equal(serialize(tei), JSON.stringify(tei));
  t.equal(serialize(vllm), JSON.stringify(vllm));
  t.equal(serialize({ ...vllm, extra: 1 }), JSON.stringify(vllm), 'each branch keeps its own schema (no extra fields)');
});

t.test('the route serializer passes a matching answer through and refuses another', async (t) => {
  const app = await buildApp(loadConfig(process.env, { LOG_LEVEL: 'silent', MODELS: 'bert-base-uncased' }));
  t.teardown(() => app.close());
  const json = '{"model":"m","counts":[1],"total_tokens":1}';
  const reply = (schema: string) => async () => new Serialized(schema, json, 1);
  app.get('/right', { schema: { response: { 200: { $ref: 'CountResponse#' } } } }, reply('CountResponse'));
  app.get('/wrong', { schema: { response: { 200: { $ref: 'CountResponse#' } } } }, reply('DecodeResponse'));
  const right = await app.inject({ method: 'GET', url: '/right' });
  t.equal(right.statusCode, 200);
  t.equal(right.body, json, 'sent as written');
  t.match(right.headers['content-type'], /^application\/json/);
  const wrong = await app.inject({ method: 'GET', url: '/wrong' });
  t.equal(wrong.statusCode, 500);
  t.equal(wrong.json().code, 'INTERNAL_ERROR');
  t.notMatch(wrong.body, /DecodeResponse|at /, 'no internals in the answer');
});

t.test('every response serializer writes what fast-json-stringify writes for answers that follow the schema', async (t) => {
  // The generator cannot unfold a recursive schema: an Encoding's overflowing windows get no windows of their own.
  const { overflowing: _, ...leafProperties } = (shared.Encoding as { properties: Record<string, unknown> }).properties;
  const byId = new Map<string, Schema>(Object.entries(shared));
  byId.set('Encoding', { ...shared.Encoding, properties: { ...leafProperties, overflowing: { type: 'array', items: { ...shared.Encoding, properties: leafProperties } } } });
  const responses = schemas.map((s) => s.$id as string).filter((id) => /Response$|^Encoding$|^Health$|^Info$/.test(id));
  t.ok(responses.length >= 24, `${responses.length} response schemas`);
  for (const id of responses) {
    const ours = compileSerializer({ $ref: `${id}#` }, shared);
    const reference = fastJson({ $ref: `${id}#` } as FjsSchema, { schema: shared as Record<string, FjsSchema> });
    const answers = fc.sample(schemaArbitrary({ $ref: `${id}#` }, byId, { string: {}, integer: {} }), { numRuns: 200, seed: 22 });
    const differ = answers.filter((a) => ours(a) !== reference(a));
    t.same(differ.slice(0, 2).map((a) => [ours(a), reference(a)]), [], `${id}: ${answers.length} generated answers, ${differ.length} written differently`);
  }
  const encode = compileSerializer({ $ref: 'EncodeResponse#' }, shared);
  const window = { ids: [5], num_tokens: 1, truncated: false };
  const answer = { model: 'm', encodings: [{ ids: [1, 2], num_tokens: 2, truncated: true, overflowing: [window], internal: 'x' }], total_tokens: 2 };
  t.equal(encode(answer), '{"model":"m","encodings":[{"ids":[1,2],"num_tokens":2,"truncated":true,"overflowing":[{"ids":[5],"num_tokens":1,"truncated":false}]}],"total_tokens":2}', 'nested windows written, undeclared fields left out');
  t.throws(() => encode({ model: 'm', encodings: [{ num_tokens: 0, truncated: false }], total_tokens: 0 }), /required "ids"/, 'a missing required field throws, as fast-json-stringify does');
  t.throws(() => encode({ model: 'm', encodings: {}, total_tokens: 0 }), /non-array/);
});
