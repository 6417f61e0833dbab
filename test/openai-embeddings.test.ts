import t from 'tap';
import OpenAI from 'openai';
import { buildTestApp, post } from './helper.js';
import { createResponseValidator } from '../src/schemas.js';
import { maxDiff, testModelDir } from './fixtures/embeddings/test-model.js';

const modelDir = testModelDir(t);
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-bert', MODEL_DIR: modelDir });
const validate = createResponseValidator();

/** OpenAI's base64: little-endian float32 bytes. */
function decode(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

/** Injects /v1 requests without the helper's native-ErrorResponse check; checks OpenAI's error shape instead. */
async function v1(payload: object, method: 'POST' | 'GET' = 'POST', url = '/v1/embeddings') {
  const res = await app.inject({ method, url, payload: method === 'POST' ? payload : undefined });
  const body = res.json();
  if (res.statusCode >= 400) t.equal(validate('OpenAIErrorResponse', body), null, 'OpenAI error shape');
  return { status: res.statusCode, body, headers: res.headers };
}

t.test('float and base64 give the same float32 values, for both model kinds', async (t) => {
  for (const model of ['glove-100d', 'tiny-bert']) {
    const input = ['The king and the queen.', 'A yellow banana'];
    const float = await v1({ model, input });
    const b64 = await v1({ model, input, encoding_format: 'base64' });
    t.equal(float.status, 200);
    t.match(float.body, { object: 'list', model, data: [{ object: 'embedding', index: 0 }, { object: 'embedding', index: 1 }] });
    float.body.data.forEach((d: { embedding: number[] }, i: number) => t.same(decode(b64.body.data[i].embedding), d.embedding.map(Math.fround), `${model} ${i}`));
    const native = await post(app, '/embed', { model, inputs: input });
    t.same(float.body.data.map((d: { embedding: number[] }) => d.embedding), native.body, 'same as /embed');
    t.equal(float.body.usage.prompt_tokens, Number(native.headers['x-compute-tokens']));
    t.equal(float.body.usage.total_tokens, float.body.usage.prompt_tokens);
  }
});

t.test('token-id inputs (int[] and int[][]) and dimensions', async (t) => {
  const one = await v1({ model: 'tiny-bert', input: [101, 7592, 102] });
  const many = await v1({ model: 'tiny-bert', input: [[101, 7592, 102], [101, 102]] });
  const text = await v1({ model: 'tiny-bert', input: 'hello' });
  t.equal(one.body.data.length, 1);
  t.same(one.body.data[0].embedding, text.body.data[0].embedding, 'ids of "hello" = text "hello"');
  t.ok(maxDiff(many.body.data[0].embedding, one.body.data[0].embedding) < 1e-5, 'padding in a batch changes nothing beyond float noise');
  t.equal(many.body.usage.prompt_tokens, 5);
  const small = await v1({ model: 'glove-100d', input: 'king', dimensions: 16 });
  t.equal(small.body.data[0].embedding.length, 16);
});

t.test('errors come in OpenAI\'s shape', async (t) => {
  const unknown = await v1({ model: 'text-embedding-3-small', input: 'x' });
  t.equal(unknown.status, 404);
  t.match(unknown.body.error, { type: 'invalid_request_error', param: 'model', code: 'unknown_model' });
  const invalid = await v1({ model: 'glove-100d', input: 5 });
  t.equal(invalid.status, 400);
  t.match(invalid.body.error, { type: 'invalid_request_error', param: 'input', code: 'validation_error' });
  const extra = await v1({ model: 'glove-100d', input: 'x', temperature: 1 });
  t.equal(extra.status, 400);
  const tooLong = await v1({ model: 'tiny-bert', input: 'word '.repeat(200) });
  t.match(tooLong, { status: 413, body: { error: { code: 'input_too_many_tokens', param: 'input' } } });
  const notJson = await app.inject({ method: 'POST', url: '/v1/embeddings', headers: { 'content-type': 'application/json' }, payload: '{' });
  t.equal(notJson.statusCode, 400);
  t.equal(validate('OpenAIErrorResponse', notJson.json()), null);
});

t.test('GET /v1/models lists the embedding models', async (t) => {
  const res = await v1({}, 'GET', '/v1/models');
  t.equal(res.status, 200);
  t.same(res.body.data.map((m: { id: string }) => m.id).sort(), ['glove-100d', 'tiny-bert']);
  t.match(res.body.data[0], { object: 'model', owned_by: 'tokenserve' });
});

t.test('the openai npm client over real HTTP', async (t) => {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new OpenAI({ baseURL: `${address}/v1`, apiKey: 'unused', maxRetries: 0 });
  // The client asks for base64 by default and decodes it to floats.
  const res = await client.embeddings.create({ model: 'glove-100d', input: ['king', 'queen'] });
  const native = await post(app, '/embed', { model: 'glove-100d', inputs: ['king', 'queen'] });
  t.same(res.data.map((d) => d.embedding), native.body.map((v: number[]) => v.map(Math.fround)));
  t.equal(res.model, 'glove-100d');
  await t.rejects(client.embeddings.create({ model: 'nope', input: 'x' }), { status: 404, code: 'unknown_model', type: 'invalid_request_error' });
  const models = await client.models.list();
  t.ok(models.data.some((m) => m.id === 'tiny-bert'));
});
