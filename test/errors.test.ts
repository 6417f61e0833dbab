import t from 'tap';
import { connect } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildTestApp, call, post } from './helper.js';

const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o', MAX_BATCH_SIZE: 4, MAX_INPUT_CHARS: 50, BODY_LIMIT: 4096 });

const cases: [string, string, unknown, number, string][] = [
  ['inputs of the wrong type', '/tokenize', { inputs: 5 }, 400, 'VALIDATION_ERROR'],
  ['array of non-strings', '/tokenize', { inputs: [1, 2] }, 400, 'VALIDATION_ERROR'],
  ['boolean given as a string (no coercion)', '/tokenize', { inputs: 'a', add_special_tokens: 'true' }, 400, 'VALIDATION_ERROR'],
  ['unknown field (no silent stripping)', '/tokenize', { inputs: 'a', bogus: 1 }, 400, 'VALIDATION_ERROR'],
  ['missing inputs', '/encode', {}, 400, 'VALIDATION_ERROR'],
  ['unknown offset unit', '/tokenize', { inputs: 'a', offset_unit: 'bits' }, 400, 'VALIDATION_ERROR'],
  ['empty batch', '/tokenize', { inputs: [] }, 422, 'EMPTY_INPUT'],
  ['batch over MAX_BATCH_SIZE', '/encode', { inputs: ['a', 'b', 'c', 'd', 'e'] }, 413, 'BATCH_TOO_LARGE'],
  ['input over MAX_INPUT_CHARS', '/tokenize', { inputs: ['ok', 'x'.repeat(51)] }, 413, 'INPUT_TOO_LONG'],
  ['unknown model', '/tokenize', { inputs: 'a', model: 'bert-large' }, 404, 'UNKNOWN_MODEL'],
  ['prompt_name without prompts', '/tokenize', { inputs: 'a', prompt_name: 'query' }, 422, 'INVALID_OPTION'],
  ['negative id', '/decode', { ids: [-1] }, 400, 'VALIDATION_ERROR'],
  ['fractional id', '/decode', { ids: [1.5] }, 400, 'VALIDATION_ERROR'],
  ['id outside the vocabulary', '/decode', { ids: [101, 1e12] }, 422, 'ID_OUT_OF_VOCAB'],
  ['id just past the vocabulary', '/decode', { ids: [30522] }, 422, 'ID_OUT_OF_VOCAB'],
  ['2^53 id', '/decode', { ids: [2 ** 53] }, 422, 'ID_OUT_OF_VOCAB'],
  ['mixed nesting of ids', '/decode', { ids: [[1], 2] }, 400, 'VALIDATION_ERROR'],
  ['decode batch over MAX_BATCH_SIZE', '/decode', { ids: [[1], [2], [3], [4], [5]] }, 413, 'BATCH_TOO_LARGE'],
  ['body is a JSON string, not an object', '/tokenize', 'just text', 400, 'VALIDATION_ERROR'],
  ['body over BODY_LIMIT', '/tokenize', { inputs: 'x'.repeat(5000) }, 413, 'BODY_TOO_LARGE'],
];

for (const [name, url, body, status, code] of cases) {
  t.test(name, async (t) => {
    const res = await call(app, { method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    t.equal(res.status, status);
    t.equal(res.body.code, code);
    t.equal(res.body.error, res.body.message, 'TEI error field');
    t.notMatch(res.body.message, /at .*\.(ts|js):\d+/, 'no stack trace');
  });
}

t.test('non-JSON body, wrong content type, unknown route', async (t) => {
  const bad = await call(app, { method: 'POST', url: '/tokenize', payload: '{"inputs": ', headers: { 'content-type': 'application/json' } });
  t.same([bad.status, bad.body.code], [400, 'INVALID_JSON']);
  const empty = await call(app, { method: 'POST', url: '/tokenize', payload: '', headers: { 'content-type': 'application/json' } });
  t.same([empty.status, empty.body.code], [400, 'INVALID_JSON']);
  const text = await call(app, { method: 'POST', url: '/tokenize', payload: 'hello', headers: { 'content-type': 'text/plain' } });
  t.same([text.status, text.body.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
  const missing = await call(app, { method: 'GET', url: '/nowhere?x=1' });
  t.same([missing.status, missing.body.code, missing.body.error_type], [404, 'NOT_FOUND', 'Validation']);
  const wrongMethod = await call(app, { method: 'GET', url: '/tokenize' });
  t.same([wrongMethod.status, wrongMethod.body.code, wrongMethod.headers.allow], [405, 'METHOD_NOT_ALLOWED', 'POST'], 'a known path with another method');
  const deleteInfo = await call(app, { method: 'DELETE', url: '/info' });
  t.same([deleteInfo.status, deleteInfo.body.code, deleteInfo.headers.allow], [405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
});

t.test('decoding an empty id list gives an empty string, as the reference does', async (t) => {
  for (const model of ['bert-base-uncased', 'gpt-4o']) {
    const res = await post(app, '/decode', { ids: [], model });
    t.same([res.status, res.body], [200, ['']], model);
  }
  const batch = await post(app, '/decode', { ids: [[], [7592]], model: 'bert-base-uncased' });
  t.same(batch.body, ['', 'hello']);
});

t.test('errors before a request exists get the documented body too (real HTTP)', async (t) => {
  const server = await buildTestApp(t, { MODELS: 'bert-base-uncased' });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const long = await fetch(`${url}/tokenize?${'x'.repeat(20_000)}`);
  t.equal(long.status, 431);
  t.match(await long.json(), { code: 'HEADERS_TOO_LARGE', error_type: 'Validation' });
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(new URL(url).port as unknown as number, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  t.match(raw, /^HTTP\/1\.1 400 Bad Request/);
  t.match(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), { code: 'MALFORMED_REQUEST' });
  t.equal((await fetch(`${url}/health`)).status, 200, 'still serving');
});

t.test('the service keeps serving after bad requests', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'still fine', model: 'gpt-4o' });
  t.equal(res.status, 200);
  t.equal(res.body[0].length, 2);
});

t.test('/health is 503 before the models are loaded, 200 after', async (t) => {
  const cold = await buildApp(loadConfig(process.env, { LOG_LEVEL: 'silent', MODELS: 'bert-base-uncased', VALIDATE_RESPONSES: true }));
  t.teardown(() => cold.close());
  const before = await call(cold, { method: 'GET', url: '/health' }, true);
  t.same([before.status, before.body.code, before.body.error_type], [503, 'NOT_READY', 'Unhealthy']);
  await cold.registry.loadAll();
  const after = await call(cold, { method: 'GET', url: '/health' });
  t.same(after.body, { status: 'ok', models_loaded: 1, models_total: 1 });
});

t.test('the runtime response validator turns a reply that breaks its schema into a 500', async (t) => {
  const strict = await buildApp(loadConfig(process.env, { LOG_LEVEL: 'silent', MODELS: 'bert-base-uncased', VALIDATE_RESPONSES: true }));
  t.teardown(() => strict.close());
  strict.get('/broken', { schema: { response: { 200: { $ref: 'DecodeResponse#' } } } }, async () => [42] as unknown as string[]);
  const res = await call(strict, { method: 'GET', url: '/broken' }, true);
  t.same([res.status, res.body.code], [500, 'INTERNAL_ERROR']);
});
