import t, { type Test } from 'tap';
import fc from 'fast-check';
import { buildTestApp } from './helper.js';
import { addHeadModels, testModelDir } from './fixtures/embeddings/test-model.js';
import { createResponseValidator, schemas } from '../src/schemas.js';
import { operations, requestArbitrary, type FuzzRequest } from './support/fuzz-requests.js';
import { replyProblems, runCase, type Send } from './support/fuzz-check.js';

// Property-based fuzzing of every route through app.inject (the production app with runtime response
// validation on). `npm run fuzz` runs the same generator and checks 100k+ times against a real server.
// The seed is printed; FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> changes its size.
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = Number(process.env.FUZZ_RUNS ?? 1500);
t.comment(`fuzz seed ${seed} (FUZZ_SEED=${seed} replays it)`);

// tiny-bert and the reranker, classifier and SPLADE test models, so every route reaches a model.
const modelDir = testModelDir(t);
addHeadModels(modelDir);
const app = await buildTestApp(t, { MODEL_DIR: modelDir });
const ops = operations((await app.inject('/openapi.json')).json(), schemas);
const models = (await app.inject('/info')).json().models.map((m: { name: string }) => m.name) as string[];
const validate = createResponseValidator();
const send: Send = async (r) => {
  const res = await app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload });
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
};
const requests = requestArbitrary(ops, schemas, models);
const check = async (r: FuzzRequest) => {
  const verdict = await runCase(send, r, ops, validate);
  if (verdict.problems.length) throw new Error(verdict.problems.join('\n'));
  return verdict.status;
};

/** fc.check with the failure spelled out in the test output: the broken property, the shrunk request, the replay seed. */
async function holds(t: Test, arbitrary: fc.Arbitrary<FuzzRequest>, numRuns: number, onStatus?: (status: number) => void) {
  const details = await fc.check(fc.asyncProperty(arbitrary, async (r) => { const status = await check(r); onStatus?.(status); }), { numRuns, seed });
  if (!details.failed) return t.pass(`${details.numRuns} cases hold`);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  t.fail(`${error}\nrequest: ${JSON.stringify(details.counterexample?.[0]).slice(0, 2000)}\nreplay: FUZZ_SEED=${seed} (path ${details.counterexamplePath})`);
}

t.test('every route of the app is generated', async (t) => {
  const paths = ops.map((o) => `${o.method} ${o.path}`);
  for (const route of ['POST /tokenize', 'POST /encode', 'POST /decode', 'GET /info', 'GET /health', 'GET /vocab', 'POST /vocab/build', 'POST /train', 'POST /embed', 'POST /embed_all', 'POST /v1/embeddings', 'GET /v1/models', 'GET /metrics']) {
    t.ok(paths.includes(route), `${route} is in the app's OpenAPI document`);
  }
  const seen = new Set(fc.sample(requests, { numRuns: 3000, seed }).map((r) => `${r.method} ${r.url.split('?')[0]}`));
  for (const route of paths) t.ok(seen.has(route), `${route} gets cases`);
  // Any of Swagger UI's paths: /docs alone is expected in only 3–4 of the 3,000 cases, and one seed had none.
  t.ok([...seen].some((r) => r.startsWith('GET /docs')), 'Swagger UI gets cases');
});

t.test('the checker catches what it must', async (t) => {
  const op = ops.find((o) => o.path === '/tokenize')!;
  const request: FuzzRequest = { method: 'POST', url: '/tokenize', headers: {}, body: { inputs: 'ab😀c' } };
  const reply = (status: number, body: unknown) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  t.match(replyProblems(request, op, reply(500, {}), validate), [/^500/]);
  t.match(replyProblems(request, op, reply(400, { message: 'x' }), validate), [/^schema: 400/]);
  t.match(replyProblems(request, op, reply(200, [[{ id: 1 }]]), validate), [/^schema: TokenizeResponse/]);
  const token = (text: string, start: number, stop: number) => ({ id: 1, text, special: false, start, stop });
  t.same(replyProblems(request, op, reply(200, [[token('ab', 0, 2), token('😀', 2, 3)]]), validate), [], 'code point offsets slice');
  t.match(replyProblems(request, op, reply(200, [[token('c', 4, 5)]]), validate), [/^offsets/], 'UTF-16 offsets read as code points do not');
  const lone: FuzzRequest = { method: 'POST', url: '/tokenize', headers: {}, body: { inputs: 'a\udfffb', offset_unit: 'byte' } };
  t.same(replyProblems(lone, op, reply(200, [[token('\udfff', 1, 4)]]), validate), [], 'a lone surrogate spans the 3 bytes of U+FFFD');
});

t.test(`${runs} generated requests: no 5xx, documented error bodies, valid 2xx bodies, exact offsets`, async (t) => {
  const statuses = new Map<number, number>();
  await holds(t, requests, runs, (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  t.ok([...statuses.keys()].some((s) => s === 200), 'some cases are valid');
  t.ok([...statuses.keys()].some((s) => s >= 400), 'some cases are refused');
});

t.test('byte-level BPE: decode(encode(x)) is exact and offsets slice x, in every unit', async (t) => {
  const roundTrips = requests.filter((r) => r.roundTrip !== undefined);
  await holds(t, roundTrips, Math.ceil(runs / 5));
});

t.test('named hostile inputs, each at least once', async (t) => {
  const big = 'x'.repeat(1 << 20);
  const cases: Array<[string, unknown, number]> = [
    ['/tokenize', { inputs: '\ud800 lone', model: 'gpt-4o' }, 200], // byte-level BPE encodes a lone surrogate as U+FFFD
    ['/tokenize', { inputs: '\ud800 lone', model: 'words' }, 422],
    ['/tokenize', { inputs: 'a\u200d\u200f\u202e\u0301\u0000\u001b', model: 'llama-3', offset_unit: 'byte' }, 200],
    ['/tokenize', { inputs: big }, 413],
    ['/tokenize', { inputs: [] }, 422],
    ['/tokenize', { inputs: Array(33).fill('x') }, 413],
    ['/tokenize', { inputs: 'x', model: 'no-such-model' }, 404],
    ['/tokenize', { inputs: 'x', model: '__proto__' }, 404],
    ['/tokenize', { inputs: 'x', colour: 'red' }, 400],
    ['/decode', { ids: [-1] }, 400],
    ['/decode', { ids: [1.5] }, 400],
    ['/decode', { ids: [2 ** 53] }, 422],
    ['/decode', { ids: [30522] }, 422],
    ['/embed', { inputs: [2 ** 31 - 1], model: 'tiny-bert' }, 422],
    ['/v1/embeddings', { input: 'x', model: 'gpt-4o' }, 422],
  ];
  for (const [url, body, status] of cases) {
    const r: FuzzRequest = { method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), body };
    t.equal(await check(r), status, `${url} ${JSON.stringify(body).slice(0, 80)}`);
  }
  const deep = `{"inputs":${'['.repeat(100_000)}${']'.repeat(100_000)}}`; // too deep for a recursive JSON.stringify
  t.equal(await check({ method: 'POST', url: '/tokenize', headers: { 'content-type': 'application/json' }, payload: deep }), 400, '100,000 nested arrays');
});

t.test('the app still answers after all of it', async (t) => {
  t.equal((await app.inject('/health')).statusCode, 200);
  const res = await app.inject({ method: 'POST', url: '/tokenize', payload: { inputs: 'I love to eat pizza!' } });
  t.same(res.json()[0].map((x: { id: number }) => x.id), [101, 1045, 2293, 2000, 4521, 10733, 999, 102]);
});

t.test('padding to a huge max_length is a documented 4xx (found by fuzzing: it was a stack overflow)', async (t) => {
  for (const [inputs, status] of [[['a', 'b'], 200], [Array(32).fill('a'), 422]] as const) {
    const body = { inputs, padding: 'max_length', max_length: 1_000_000 };
    const verdict = await runCase(send, { method: 'POST', url: '/encode', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), body }, ops, validate);
    t.same(verdict.problems, []);
    t.equal(verdict.status, status, `${inputs.length} inputs padded to 1,000,000 tokens`);
  }
});
