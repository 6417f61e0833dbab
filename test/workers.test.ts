import t from 'tap';
import { buildTestApp, post } from './helper.js';
import { corpus } from './fixtures/corpus.js';

// Worker threads: large requests (≥ WORKER_MIN_CHARS) run in a thread with the same service code, so
// replies must equal the in-thread ones; a full queue answers 429 with Retry-After at once.
const lines = corpus(32, 5); // MAX_BATCH_SIZE inputs, about 3,000 characters
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o', TOKENIZATION_WORKERS: 1, WORKER_MIN_CHARS: 1000, WORKER_QUEUE_SIZE: 0 });
const local = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o', WORKER_MIN_CHARS: 10 ** 9 });
await app.workers.start();
t.ok(app.workers.workers(), 'the pool is ready after start');

t.test('large /encode, /tokenize and /decode equal the main-thread replies', async (t) => {
  const encodeBody = { inputs: lines, model: 'gpt-4o', return_offsets: true, return_word_ids: true, return_tokens: true, offset_unit: 'byte' };
  const [a, b] = [await post(app, '/encode', encodeBody), await post(local, '/encode', encodeBody)];
  t.equal(a.status, 200);
  t.same(a.body, b.body, '/encode');
  const tokBody = { inputs: lines };
  t.same((await post(app, '/tokenize', tokBody)).body, (await post(local, '/tokenize', tokBody)).body, '/tokenize');
  const ids = b.body.encodings.map((e: { ids: number[] }) => e.ids);
  const decBody = { ids, model: 'gpt-4o' };
  t.same((await post(app, '/decode', decBody)).body, (await post(local, '/decode', decBody)).body, '/decode');
});

t.test('answers a worker serialized are counted in the metrics like the others', async (t) => {
  const tokensOf = async (a: typeof app) => {
    const text = (await a.inject({ method: 'GET', url: '/metrics' })).body;
    return Number(/^tokenserve_tokens_processed_total\{route="\/count",model="gpt-4o"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };
  const body = { inputs: lines, model: 'gpt-4o' };
  const [before, beforeLocal] = [await tokensOf(app), await tokensOf(local)];
  const [a, b] = [await post(app, '/count', body), await post(local, '/count', body)];
  t.same(a.body, b.body, '/count');
  t.ok(b.body.total_tokens > 1000, `${b.body.total_tokens} tokens`);
  t.equal(await tokensOf(app) - before, b.body.total_tokens, 'counted from the worker');
  t.equal(await tokensOf(local) - beforeLocal, b.body.total_tokens, 'counted on the main thread');
});

t.test('errors raised in a worker keep their code', async (t) => {
  const res = await post(app, '/encode', { inputs: lines, truncation: 'longest_first' });
  t.equal(res.status, 422);
  t.equal(res.body.code, 'INVALID_OPTION');
  const ids = [[999999], ...Array.from({ length: 20 }, () => Array(100).fill(1))]; // 2,001 ids: a worker task
  const unknown = await post(app, '/decode', { ids, model: 'gpt-4o' });
  t.equal(unknown.status, 422);
  t.equal(unknown.body.code, 'ID_OUT_OF_VOCAB');
});

t.test('a full worker queue answers 429 WORKER_QUEUE_FULL with Retry-After', async (t) => {
  // One thread, no queue: of 8 simultaneous large requests, the ones arriving while it is busy are refused.
  const long = lines.join(' ');
  const body = { inputs: Array.from({ length: 32 }, (_, i) => long.slice(i)), model: 'gpt-4o', return_offsets: true };
  const replies = await Promise.all(Array.from({ length: 8 }, () => app.inject({ method: 'POST', url: '/encode', payload: body })));
  const refused = replies.filter((r) => r.statusCode === 429);
  t.ok(refused.length >= 1, `${refused.length} of 8 refused`);
  t.ok(replies.every((r) => r.statusCode === 200 || r.statusCode === 429), 'others succeed');
  t.equal(refused[0]?.json().code, 'WORKER_QUEUE_FULL');
  t.equal(refused[0]?.headers['retry-after'], '1');
});
