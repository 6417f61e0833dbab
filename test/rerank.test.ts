/**
 * POST /rerank, /v1/rerank, /predict and /embed_sparse on the generated head models (a cross-encoder, a
 * 3-label classifier, a masked LM): every score equals the model's raw `logits` run directly with
 * onnxruntime-node, one input at a time, with ids and type ids from the Hugging Face `tokenizers`
 * binding, after the documented activation; answers validate against TEI's own response schemas.
 */
import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildTestApp, post } from './helper.js';
import { teiCheck } from './fixtures/tei-schemas.js';
import { headModelsDir, headReference, maxDiff } from './fixtures/embeddings/test-model.js';

const tk = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

const modelDir = headModelsDir(t);
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-reranker,tiny-classifier,tiny-splade', MODEL_DIR: modelDir });
const reranker = await headReference(modelDir, 'tiny-reranker');
const classifier = await headReference(modelDir, 'tiny-classifier');
const splade = await headReference(modelDir, 'tiny-splade');

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (xs: number[]) => {
  const e = xs.map((x) => Math.exp(x - Math.max(...xs)));
  return e.map((x) => x / e.reduce((a, b) => a + b, 0));
};
/** The reference's raw logits of a text or pair. */
const logitsOf = async (ref: typeof reranker, text: string, pair?: string) => {
  const { ids, typeIds } = await ref.encode(text, pair);
  return Array.from((await ref.logits(ids, typeIds)).data);
};

const query = 'What is deep learning?';
const passages = [
  'Deep learning is a kind of machine learning based on neural networks.',
  'Paris is the capital of France.',
  'The king and the queen walked to the market.',
  '',
  'Neural networks with many layers learn representations of data.',
  'I love to eat pizza!',
];

t.test('/rerank: every score is the sigmoid of the raw logit (1e-5), best first, TEI schemas', async (t) => {
  const body = { query, texts: passages, return_text: true };
  t.equal(teiCheck('RerankRequest', body), null, 'a valid TEI RerankRequest');
  const res = await post(app, '/rerank', body);
  t.equal(res.status, 200);
  t.equal(teiCheck('RerankResponse', res.body), null, 'TEI RerankResponse');
  const raw = await Promise.all(passages.map((p) => logitsOf(reranker, query, p)));
  t.same(res.body.map((r: { index: number }) => r.index).sort(), passages.map((_, i) => i), 'every text once');
  for (const r of res.body) {
    t.ok(Math.abs(r.score - sigmoid(raw[r.index][0])) < 1e-5, `text ${r.index}: ${r.score}`);
    t.equal(r.text, passages[r.index]);
  }
  // TEI sorts ascending (stable) and reverses.
  const expected = raw.map((l, i) => ({ i, s: l[0] })).sort((a, b) => a.s - b.s).reverse().map((x) => x.i);
  t.same(res.body.map((r: { index: number }) => r.index), expected, 'ordered by score, highest first');
  const { ids: firstIds, typeIds } = await reranker.encode(query, passages[0]);
  t.ok(typeIds.includes(1), 'the pair has type ids 0 then 1');
  const tokens = (await Promise.all(passages.map((p) => reranker.encode(query, p)))).reduce((n, e) => n + e.ids.length, 0);
  t.equal(Number(res.headers['x-compute-tokens']), tokens, `x-compute-tokens (first pair ${firstIds.length})`);
  for (const h of ['x-queue-time', 'x-inference-time', 'x-total-time', 'x-tokenization-time']) t.match(res.headers[h], /^\d+$/, h);

  const rawRes = await post(app, '/rerank', { query, texts: passages, raw_scores: true, truncate: null, truncation_direction: 'Left' });
  t.equal(teiCheck('RerankResponse', rawRes.body), null);
  for (const r of rawRes.body) {
    t.ok(Math.abs(r.score - raw[r.index][0]) < 1e-5, `raw ${r.index}`);
    t.notOk('text' in r, 'no text unless return_text');
  }
});

t.test('/v1/rerank: Cohere/Jina shape with vLLM fields, top_n, return_documents', async (t) => {
  const res = await post(app, '/v1/rerank', { model: 'tiny-reranker', query, documents: passages, top_n: 3 });
  t.equal(res.status, 200);
  const tei = await post(app, '/rerank', { query, texts: passages });
  t.equal(res.body.results.length, 3);
  t.match(res.body, { id: /^rerank-/, model: 'tiny-reranker' });
  res.body.results.forEach((r: { index: number; relevance_score: number; document: { text: string } }, k: number) => {
    t.equal(r.index, tei.body[k].index, `rank ${k}`);
    t.ok(Math.abs(r.relevance_score - tei.body[k].score) < 1e-12);
    t.same(r.document, { text: passages[r.index] });
  });
  const tokens = (await Promise.all(passages.map((p) => reranker.encode(query, p)))).reduce((n, e) => n + e.ids.length, 0);
  t.same(res.body.usage, { prompt_tokens: tokens, total_tokens: tokens });
  const bare = await post(app, '/v1/rerank', { query, documents: passages.slice(0, 2), return_documents: false });
  t.equal(bare.body.results.length, 2, 'all documents without top_n');
  t.notOk('document' in bare.body.results[0]);
});

t.test('equal scores: /rerank puts the later text first (TEI sorts ascending, then reverses); /v1/rerank keeps input order (vLLM)', async (t) => {
  const texts = ['Paris is the capital of France.', passages[0], 'Paris is the capital of France.'];
  const tei = await post(app, '/rerank', { query, texts, raw_scores: true });
  const scoreOf = (i: number) => tei.body.find((r: { index: number }) => r.index === i).score;
  t.equal(scoreOf(0), scoreOf(2), 'the same text in one batch scores the same');
  const order = tei.body.map((r: { index: number }) => r.index);
  t.ok(order.indexOf(2) === order.indexOf(0) - 1, `TEI order ${order}`);
  const vllm = await post(app, '/v1/rerank', { query, documents: texts });
  const vllmOrder = vllm.body.results.map((r: { index: number }) => r.index);
  t.ok(vllmOrder.indexOf(0) === vllmOrder.indexOf(2) - 1, `vLLM order ${vllmOrder}`);
});

t.test('TEI timing headers on /v1/rerank, /predict and /embed_sparse too', async (t) => {
  for (const [url, body] of [['/v1/rerank', { query, documents: ['x'] }], ['/predict', { inputs: 'x', model: 'tiny-classifier' }], ['/embed_sparse', { inputs: 'x' }]] as const) {
    const res = await post(app, url, body);
    t.equal(res.status, 200, url);
    for (const h of ['x-compute-characters', 'x-compute-tokens', 'x-tokenization-time', 'x-queue-time', 'x-inference-time', 'x-total-time']) t.match(res.headers[h], /^\d+$/, `${url} ${h}`);
  }
});

t.test('/rerank truncation: 413 unless truncate; truncate cuts the pair as Hugging Face does (longest first)', async (t) => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i} and the quick brown fox`).join(' ');
  const tooLong = await post(app, '/rerank', { query, texts: ['short', long] });
  t.equal(tooLong.status, 413);
  t.equal(tooLong.body.code, 'INPUT_TOO_MANY_TOKENS');
  for (const direction of ['Right', 'Left'] as const) {
    const cut = tk.Tokenizer.fromFile(join(modelDir, 'tiny-reranker', 'tokenizer.json'));
    cut.setTruncation(128, { strategy: 'LongestFirst' as never, direction: direction.toLowerCase() });
    const e = await cut.encode(query, long);
    t.equal(e.getIds().length, 128);
    const expected = sigmoid((await reranker.logits(e.getIds(), e.getTypeIds())).data[0]);
    const res = await post(app, '/rerank', { query, texts: [long], truncate: true, truncation_direction: direction });
    t.equal(res.status, 200, direction);
    t.ok(Math.abs(res.body[0].score - expected) < 1e-5, `${direction}: ${res.body[0].score} vs ${expected}`);
  }
});

const labels = ['negative', 'neutral', 'positive'];

t.test('/predict: softmax of the raw logits over id2label, highest first; pairs; batches; raw_scores', async (t) => {
  const single = await post(app, '/predict', { inputs: 'I like you.', model: 'tiny-classifier' });
  t.equal(single.status, 200);
  t.equal(teiCheck('PredictResponse', single.body), null, 'TEI PredictResponse');
  const check = (got: { label: string; score: number }[], logits: number[], raw: boolean, what: string) => {
    const scores = raw ? logits : softmax(logits);
    const expected = labels.map((label, i) => ({ label, score: scores[i] })).sort((a, b) => a.score - b.score).reverse();
    t.same(got.map((p) => p.label), expected.map((p) => p.label), `${what}: labels ordered by score`);
    got.forEach((p, i) => t.ok(Math.abs(p.score - expected[i].score) < 1e-5, `${what}: ${p.label}`));
  };
  check(single.body, await logitsOf(classifier, 'I like you.'), false, 'single');

  const pair = await post(app, '/predict', { inputs: ['A man is eating.', 'Someone eats.'], model: 'tiny-classifier', raw_scores: true });
  t.equal(teiCheck('PredictRequest', { inputs: ['A man is eating.', 'Someone eats.'], raw_scores: true }), null);
  check(pair.body, await logitsOf(classifier, 'A man is eating.', 'Someone eats.'), true, 'pair, raw');

  const batchBody = { inputs: [['I like you.'], ['A man is eating.', 'Someone eats.'], ['The weather is awful today.']], model: 'tiny-classifier' };
  t.equal(teiCheck('PredictRequest', { ...batchBody, model: undefined }), null, 'a valid TEI PredictRequest');
  const batch = await post(app, '/predict', batchBody);
  t.equal(batch.status, 200);
  t.equal(teiCheck('PredictResponse', batch.body), null);
  t.equal(batch.body.length, 3);
  check(batch.body[0], await logitsOf(classifier, 'I like you.'), false, 'batch 0');
  check(batch.body[1], await logitsOf(classifier, 'A man is eating.', 'Someone eats.'), false, 'batch 1 (pair)');
  check(batch.body[2], await logitsOf(classifier, 'The weather is awful today.'), false, 'batch 2');

  const wrapped = await post(app, '/predict', { inputs: ['I like you.'], model: 'tiny-classifier' });
  t.equal(wrapped.status, 200);
  t.same(wrapped.body, single.body, 'one text in an array is a single input, as TEI reads it (one list, not a batch)');

  const one = await post(app, '/predict', { inputs: [query, passages[0]], model: 'tiny-reranker' });
  t.equal(one.body.length, 1, 'a reranker on /predict: its one label');
  t.equal(one.body[0].label, 'LABEL_0');
  t.ok(Math.abs(one.body[0].score - sigmoid((await logitsOf(reranker, query, passages[0]))[0])) < 1e-5, 'sigmoid for one label');
});

t.test('/embed_sparse: SPLADE max over tokens of log(1 + relu(logit)), non-zero entries in index order', async (t) => {
  const texts = ['What is deep learning?', 'Paris is the capital of France.', 'a'];
  const body = { inputs: texts };
  t.equal(teiCheck('EmbedSparseRequest', body), null, 'a valid TEI EmbedSparseRequest');
  const res = await post(app, '/embed_sparse', body);
  t.equal(res.status, 200);
  t.equal(teiCheck('EmbedSparseResponse', res.body), null, 'TEI EmbedSparseResponse');
  for (const [i, text] of texts.entries()) {
    const { ids, typeIds } = await splade.encode(text);
    const { data, dims } = await splade.logits(ids, typeIds);
    const vocab = dims[2];
    const expected = new Float64Array(vocab);
    for (let r = 0; r < ids.length; r++) for (let v = 0; v < vocab; v++) expected[v] = Math.max(expected[v], Math.log(1 + Math.max(0, data[r * vocab + v])));
    const got = new Float64Array(vocab);
    const entries: { index: number; value: number }[] = res.body[i];
    for (const { index, value } of entries) got[index] = value;
    t.ok(entries.every((e, k) => e.value > 0 && (k === 0 || e.index > entries[k - 1].index)), `input ${i}: positive values in index order`);
    t.ok(maxDiff(got, expected) < 1e-5, `input ${i}: ${entries.length} entries equal the reference`);
    const nonZero = expected.filter((x) => x > 1e-5).length;
    t.ok(entries.length >= nonZero && entries.length < vocab / 10, `input ${i}: sparse (${entries.length} of ${vocab})`);
  }
  const ids = await post(app, '/embed_sparse', { inputs: [101, 7592, 102] });
  t.equal(ids.status, 200, 'token ids as input');
});

t.test('/info says what each model is and serves', async (t) => {
  const info = (await app.inject({ method: 'GET', url: '/info' })).json();
  const byName = (n: string) => info.models.find((m: { name: string }) => m.name === n);
  t.match(byName('tiny-reranker'), { kind: 'reranker', labels: ['LABEL_0'], serves: ['/rerank', '/v1/rerank', '/predict'] });
  t.match(byName('tiny-classifier'), { kind: 'classifier', labels, serves: ['/predict'] });
  t.match(byName('tiny-splade'), { kind: 'sparse', dimensions: 30522, serves: ['/embed_sparse'] });
  t.match(byName('glove-100d'), { kind: 'embedding', serves: ['/embed', '/embed_all', '/v1/embeddings'] });
  // TEI's model_type describes the default model.
  const teiInfo = (v: object) => { const { models: _m, limits: _l, ...rest } = v as Record<string, unknown>; return rest; };
  for (const [name, modelType] of [
    ['tiny-classifier', { classifier: { id2label: { 0: 'negative', 1: 'neutral', 2: 'positive' }, label2id: { negative: 0, neutral: 1, positive: 2 } } }],
    ['tiny-reranker', { reranker: { id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } } }],
    ['tiny-splade', { embedding: { pooling: 'splade' } }],
  ] as const) {
    const other = await buildTestApp(t, { MODELS: name, DEFAULT_MODEL: name, MODEL_DIR: modelDir });
    const body = (await other.inject({ method: 'GET', url: '/info' })).json();
    t.same(body.model_type, modelType, `${name}: model_type`);
    t.equal(teiCheck('Info', teiInfo(body)), null, `${name}: TEI Info`);
    await other.close();
  }
});

t.test('bad input is a 4xx with TEI\'s error body, never a 5xx', async (t) => {
  const cases: [string, object, number, string, RegExp?][] = [
    ['/rerank', { query, texts: [] }, 422, 'EMPTY_INPUT'],
    ['/rerank', { query, texts: Array.from({ length: 33 }, () => 'x') }, 413, 'BATCH_TOO_LARGE'],
    ['/rerank', { query, texts: ['x'], model: 'tiny-classifier' }, 422, 'WRONG_MODEL_KIND', /\/predict/],
    ['/rerank', { query, texts: ['x'], model: 'glove-100d' }, 422, 'WRONG_MODEL_KIND', /\/embed/],
    ['/rerank', { query, texts: [['a', 'b']] }, 400, 'VALIDATION_ERROR'],
    ['/rerank', { texts: ['x'] }, 400, 'VALIDATION_ERROR'],
    ['/rerank', { query, texts: ['x'], model: 'nope' }, 404, 'UNKNOWN_MODEL'],
    ['/predict', { inputs: [] }, 422, 'EMPTY_INPUT'],
    ['/predict', { inputs: ['a', 'b', 'c'] }, 400, 'VALIDATION_ERROR'],
    ['/predict', { inputs: [['a', 'b', 'c']] }, 400, 'VALIDATION_ERROR'],
    ['/predict', { inputs: Array.from({ length: 33 }, () => ['x']) }, 413, 'BATCH_TOO_LARGE'],
    ['/predict', { inputs: 'x', model: 'tiny-splade' }, 422, 'WRONG_MODEL_KIND', /\/embed_sparse/],
    ['/embed_sparse', { inputs: [['a', 'b']] }, 400, 'VALIDATION_ERROR'],
    ['/embed_sparse', { inputs: [] }, 422, 'EMPTY_INPUT'],
    ['/embed_sparse', { inputs: 'x', model: 'tiny-reranker' }, 422, 'WRONG_MODEL_KIND', /\/rerank/],
    ['/embed_sparse', { inputs: 'x', prompt_name: 'query' }, 422, 'INVALID_OPTION'],
    ['/embed_sparse', { inputs: [[30522]] }, 422, 'ID_OUT_OF_VOCAB'],
    ['/embed_sparse', { inputs: [[]] }, 422, 'EMPTY_INPUT'],
    ['/embed', { inputs: [[]], model: 'tiny-reranker' }, 422, 'WRONG_MODEL_KIND'],
    ['/embed', { inputs: 'x', model: 'tiny-reranker' }, 422, 'WRONG_MODEL_KIND', /\/rerank/],
  ];
  for (const [url, body, status, code, message] of cases) {
    const res = await post(app, url, body);
    t.equal(res.status, status, `${url} ${JSON.stringify(body).slice(0, 60)}`);
    t.equal(res.body.code, code);
    t.equal(teiCheck('ErrorResponse', res.body), null, 'TEI ErrorResponse');
    if (message) t.match(res.body.message, message, 'names the route that serves the model');
  }
});

t.test('/v1/rerank errors come in OpenAI\'s shape, as vLLM\'s and /v1/embeddings\' do', async (t) => {
  const cases: [object, number, string, RegExp?][] = [
    [{ query, documents: [] }, 422, 'empty_input'],
    [{ query, documents: ['x'], model: 'tiny-splade' }, 422, 'wrong_model_kind', /\/embed_sparse/],
    [{ query, documents: Array.from({ length: 33 }, () => 'x') }, 413, 'batch_too_large'],
    [{ query, documents: 'x' }, 400, 'validation_error'],
  ];
  for (const [body, status, code, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/rerank', payload: body });
    t.equal(res.statusCode, status, JSON.stringify(body).slice(0, 60));
    t.match(res.json(), { error: { code, type: 'invalid_request_error', message: message ?? String } });
  }
});

t.test('without a model of the kind: 404 NO_MODEL_FOR_ROUTE', async (t) => {
  const bare = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d', MODEL_DIR: modelDir });
  for (const [url, body] of [['/rerank', { query, texts: ['x'] }], ['/predict', { inputs: 'x' }], ['/embed_sparse', { inputs: 'x' }]] as const) {
    const res = await post(bare, url, body);
    t.equal(res.status, 404, url);
    t.equal(res.body.code, 'NO_MODEL_FOR_ROUTE');
  }
});

t.test('a rerank of 32 texts is one model call; concurrent requests share calls; /metrics counts them', async (t) => {
  const model = app.registry.get('tiny-reranker');
  const before = { ...model.batcher!.stats };
  const texts = Array.from({ length: 32 }, (_, i) => `passage ${i} about deep learning and neural networks`);
  const res = await post(app, '/rerank', { query, texts });
  t.equal(res.status, 200);
  t.equal(model.batcher!.stats.batches - before.batches, 1, 'one batch');
  t.equal(model.batcher!.stats.inputs - before.inputs, 32, 'of 32 pairs');

  const mid = { ...model.batcher!.stats };
  const answers = await Promise.all(texts.slice(0, 8).map((text) => post(app, '/rerank', { query, texts: [text] })));
  t.ok(answers.every((a) => a.status === 200));
  t.ok(model.batcher!.stats.batches - mid.batches < 8, `8 concurrent requests in ${model.batcher!.stats.batches - mid.batches} model calls`);
  const one = await post(app, '/rerank', { query, texts: [texts[3]] });
  t.ok(Math.abs(answers[3].body[0].score - one.body[0].score) < 1e-5, 'batched score equals the unbatched one');

  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = metrics.split('\n').find((l) => l.startsWith('tokenserve_embedding_batch_inputs_total{model="tiny-reranker"}'));
  t.equal(Number(line?.split(' ')[1]), model.batcher!.stats.inputs, 'the batch inputs counter of the reranker');
  const sizes = metrics.split('\n').find((l) => /^tokenserve_batch_size_sum\{.*route="\/rerank"/.test(l));
  t.ok(Number(sizes?.split(' ')[1]) >= 32 + 8, `the texts of /rerank requests count as their batch size: ${sizes}`);
});

t.test('a full queue answers 429 MODEL_QUEUE_FULL', async (t) => {
  const small = await buildTestApp(t, { MODELS: 'bert-base-uncased,tiny-reranker', MODEL_DIR: modelDir, MAX_QUEUED_INPUTS: 4 });
  const res = await post(small, '/rerank', { query, texts: Array.from({ length: 5 }, () => 'x') });
  t.equal(res.status, 429);
  t.equal(res.body.code, 'MODEL_QUEUE_FULL');
  t.equal(teiCheck('ErrorResponse', res.body), null);
  t.equal((await post(small, '/rerank', { query, texts: ['x', 'y', 'z', 'w'] })).status, 200, 'within the limit');
});

t.test('a config.json whose labels do not match the model\'s logits stops start-up, naming both', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenserve-bad-labels-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(modelDir, 'tiny-classifier'), join(dir, 'bad-labels'), { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'bad-labels', 'config.json'), 'utf8'));
  writeFileSync(join(dir, 'bad-labels', 'config.json'), JSON.stringify({ ...config, id2label: { 0: 'no', 1: 'yes' }, label2id: { no: 0, yes: 1 } }));
  await t.rejects(buildTestApp(t, { MODELS: 'bad-labels', DEFAULT_MODEL: 'bad-labels', MODEL_DIR: dir }), /bad-labels.*2 labels but the model outputs 3 logits/);
});
