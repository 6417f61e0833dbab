import t from 'tap';
import { Batcher, type BatchItem } from '../src/embeddings/batcher.js';
import type { TransformerModel } from '../src/embeddings/transformer-model.js';
import { buildTestApp, post } from './helper.js';
import { maxDiff, testModelDir } from './fixtures/embeddings/test-model.js';

await t.test('Batcher: token budget, batch size, full queue', async (t) => {
  const calls: number[][] = [];
  let release: () => void = () => {};
  const forward = async (items: BatchItem[]) => {
    calls.push(items.map((it) => it.ids.length));
    await new Promise<void>((resolve) => { release = resolve; });
    return items.map((it) => Float32Array.from(it.ids));
  };
  const batcher = new Batcher('m', forward, { maxTokens: 12, maxItems: 3, maxQueued: 7, maxWaitMs: 0 });
  const item = (n: number): BatchItem => ({ ids: Array.from({ length: n }, (_, i) => n * 100 + i), typeIds: new Array(n).fill(0) });
  const first = batcher.submit([item(2)]);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(calls, [[2]], 'first call starts at once with what is queued');
  const pending = [batcher.submit([item(2), item(3)]), batcher.submit([item(4)]), batcher.submit([item(5), item(1)])];
  await t.rejects(batcher.submit([item(1), item(1)]), { code: 'MODEL_QUEUE_FULL' }, '1 running + 5 queued + 2 > 7');
  for (let i = 0; i < 4; i++) {
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
  // 2,3,4 → 3 items × longest 4 = 12 tokens: fits; then 5,1 (5×2 = 10).
  t.same(calls, [[2], [2, 3, 4], [5, 1]]);
  const results = await Promise.all([first, ...pending]);
  t.same(results.map((r) => r.map((x) => x.vectors[0])), [[200], [200, 300], [400], [500, 100]], 'each caller gets its own items, in order');
});

await t.test('Batcher: inputs that waited longer than maxWaitMs fail with TIMEOUT; the rest still run', async (t) => {
  let release: () => void = () => {};
  const forward = async (items: BatchItem[]) => {
    await new Promise<void>((resolve) => { release = resolve; });
    return items.map((it) => Float32Array.from(it.ids));
  };
  const batcher = new Batcher('m', forward, { maxTokens: 100, maxItems: 1, maxQueued: 10, maxWaitMs: 20 });
  const item = (id: number): BatchItem => ({ ids: [id], typeIds: [0] });
  const running = batcher.submit([item(1)]);
  await new Promise((resolve) => setImmediate(resolve));
  const late = batcher.submit([item(2)]);
  await new Promise((resolve) => setTimeout(resolve, 40)); // item 2 now waited over 20 ms
  const fresh = batcher.submit([item(3)]);
  release();
  await t.rejects(late, { code: 'TIMEOUT', statusCode: 503 });
  await new Promise((resolve) => setImmediate(resolve));
  release();
  t.same((await running).map((r) => r.vectors[0]), [1]);
  t.same((await fresh).map((r) => r.vectors[0]), [3], 'a fresh input behind the expired one is answered');
});

const modelDir = testModelDir(t);
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-bert', MODEL_DIR: modelDir });
const model = app.registry.get('tiny-bert') as TransformerModel;

t.test('32 concurrent callers with mixed lengths each get exactly their own vectors', async (t) => {
  const words = 'the quick brown fox jumps over a lazy dog while kings and queens eat pizza'.split(' ');
  const inputs = Array.from({ length: 32 }, (_, i) => {
    const text = Array.from({ length: 1 + ((i * 7) % 60) }, (_, j) => words[(i + j) % words.length]).join(' ');
    return i % 4 === 3 ? [text, `${text} ${i}`] : text;
  });
  const alone: number[][][] = [];
  for (const input of inputs) alone.push((await post(app, '/embed', { model: 'tiny-bert', inputs: input })).body);
  const before = { ...model.batcher.stats };
  const together = await Promise.all(inputs.map((input) => post(app, '/embed', { model: 'tiny-bert', inputs: input })));
  const calls = model.batcher.stats.batches - before.batches;
  t.ok(calls < 32, `32 requests ran in ${calls} model calls`);
  t.equal(model.batcher.stats.inputs - before.inputs, 40, 'the calls held the 40 inputs');
  t.ok(model.batcher.stats.seconds > before.seconds);
  together.forEach((res, i) => {
    t.equal(res.status, 200);
    t.equal(res.body.length, alone[i].length);
    res.body.forEach((v: number[], j: number) => t.ok(maxDiff(v, alone[i][j]) < 1e-5, `caller ${i} input ${j}`));
  });
});

t.test('GET /metrics reports the batcher\'s model calls, inputs and time per model', async (t) => {
  await post(app, '/embed', { model: 'tiny-bert', inputs: ['one', 'two'] });
  const text = (await app.inject({ url: '/metrics' })).body;
  const read = (name: string) => Number(new RegExp(`^${name}\\{model="tiny-bert"\\} (\\S+)$`, 'm').exec(text)?.[1]);
  const { batches, inputs, seconds } = model.batcher.stats;
  t.ok(batches > 0);
  t.equal(read('tokenserve_embedding_batches_total'), batches);
  t.equal(read('tokenserve_embedding_batch_inputs_total'), inputs);
  t.equal(read('tokenserve_embedding_inference_seconds_total'), seconds);
  t.notMatch(text, /tokenserve_embedding_batches_total\{model="glove-100d"\}/, 'static vectors have no batcher');
});

t.test('a request that does not fit the queue is refused at once with 429', async (t) => {
  const small = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-bert', MODEL_DIR: modelDir, MAX_QUEUED_INPUTS: 4 });
  const res = await post(small, '/embed', { model: 'tiny-bert', inputs: ['a', 'b', 'c', 'd', 'e'] });
  t.equal(res.status, 429);
  t.match(res.body, { code: 'MODEL_QUEUE_FULL', error_type: 'Overloaded' });
  t.equal((await post(small, '/embed', { model: 'tiny-bert', inputs: ['a', 'b', 'c', 'd'] })).status, 200);
});

t.test('MAX_BATCH_REQUESTS=1 turns batching off (same vectors)', async (t) => {
  const single = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-bert', MODEL_DIR: modelDir, MAX_BATCH_REQUESTS: 1 });
  const m = single.registry.get('tiny-bert') as TransformerModel;
  const before = m.batcher.stats.batches;
  const texts = ['one', 'two words', 'three words here'];
  const [a, b] = await Promise.all([post(single, '/embed', { model: 'tiny-bert', inputs: texts }), post(app, '/embed', { model: 'tiny-bert', inputs: texts })]);
  t.equal(m.batcher.stats.batches - before, 3);
  a.body.forEach((v: number[], i: number) => t.ok(maxDiff(v, b.body[i]) < 1e-5));
});
