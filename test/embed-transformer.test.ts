import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { buildTestApp, call, post } from './helper.js';
import { HIDDEN, l2, maxDiff, meanRows, reference, testModelDir } from './fixtures/embeddings/test-model.js';

const modelDir = testModelDir(t);
const app = await buildTestApp(t, { MODELS: 'glove-100d,bert-base-uncased,tiny-bert', MODEL_DIR: modelDir });
const ref = await reference(modelDir);
const tiny = (url: string, body: object) => post(app, url, { model: 'tiny-bert', ...body });

const long = Array.from({ length: 40 }, (_, i) => `word${i} and the quick brown fox`).join(' ');
const texts = ['I love to eat pizza!', 'hello', '', 'The king and the queen walked to the market; the banana was yellow.', long.slice(0, 300)];

t.test('/embed equals pooling of the raw ONNX last_hidden_state within 1e-5', async (t) => {
  const mean = await tiny('/embed', { inputs: texts });
  const cls = await tiny('/embed', { inputs: texts, pooling: 'cls', normalize: false });
  const raw = await tiny('/embed', { inputs: texts, normalize: false });
  t.equal(mean.status, 200);
  for (const [i, text] of texts.entries()) {
    const h = await ref.hidden(await ref.ids(text));
    t.ok(maxDiff(mean.body[i], l2(meanRows(h))) < 1e-5, `mean+normalize: ${i}`);
    t.ok(maxDiff(raw.body[i], meanRows(h)) < 1e-5, `mean: ${i}`);
    t.ok(maxDiff(cls.body[i], h.slice(0, HIDDEN)) < 1e-5, `cls: ${i}`);
  }
  t.equal(Number(mean.headers['x-compute-tokens']), (await Promise.all(texts.map(ref.ids))).reduce((n, ids) => n + ids.length, 0));
  for (const h of ['x-queue-time', 'x-inference-time', 'x-total-time', 'x-tokenization-time']) t.match(mean.headers[h], /^\d+$/, h);
});

t.test('/embed equals transformers.js feature-extraction (mean, normalize)', async (t) => {
  const { pipeline, env } = await import('@xenova/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${modelDir}/`;
  const extractor = await pipeline('feature-extraction', 'tiny-bert', { quantized: false });
  const res = await tiny('/embed', { inputs: texts.slice(0, 4) });
  const out = await extractor(texts.slice(0, 4), { pooling: 'mean', normalize: true });
  for (let i = 0; i < 4; i++) t.ok(maxDiff(res.body[i], out.data.slice(i * HIDDEN, (i + 1) * HIDDEN)) < 1e-5, `input ${i}`);
});

t.test('/embed_all returns the raw token vectors', async (t) => {
  const res = await tiny('/embed_all', { inputs: texts.slice(0, 2) });
  for (const [i, text] of texts.slice(0, 2).entries()) {
    const h = await ref.hidden(await ref.ids(text));
    t.equal(res.body[i].length, h.length / HIDDEN);
    t.ok(maxDiff(res.body[i].flat(), h) < 1e-5, `input ${i}`);
  }
});

t.test('token-id inputs are embedded as given', async (t) => {
  const ids = [101, 7592, 2088, 102];
  const res = await tiny('/embed', { inputs: [ids, [101, 102]], normalize: false });
  t.ok(maxDiff(res.body[0], meanRows(await ref.hidden(ids))) < 1e-5);
  t.ok(maxDiff(res.body[1], meanRows(await ref.hidden([101, 102]))) < 1e-5);
  const bad = await tiny('/embed', { inputs: [[30522]] });
  t.equal(bad.body.code, 'ID_OUT_OF_VOCAB');
});

t.test('too-long inputs: 413 unless truncate; Right keeps the start, Left the end', async (t) => {
  const full = await ref.ids(long);
  t.ok(full.length > 128, `${full.length} tokens`);
  const res = await tiny('/embed', { inputs: ['short', long] });
  t.equal(res.status, 413);
  t.equal(res.body.code, 'INPUT_TOO_MANY_TOKENS');
  const body = full.slice(1, -1);
  for (const [direction, ids] of [['Right', [101, ...body.slice(0, 126), 102]], ['left', [101, ...body.slice(-126), 102]]] as const) {
    const cut = await tiny('/embed', { inputs: long, truncate: true, truncation_direction: direction, normalize: false });
    t.equal(cut.status, 200, direction);
    t.ok(maxDiff(cut.body[0], meanRows(await ref.hidden(ids))) < 1e-5, direction);
    t.equal(cut.headers['x-compute-tokens'], '128');
  }
  const idsTooLong = await tiny('/embed', { inputs: [full] });
  t.equal(idsTooLong.status, 413);
});

t.test('/info and errors', async (t) => {
  const info = (await app.inject({ method: 'GET', url: '/info' })).json();
  t.match(info.models.find((m: { name: string }) => m.name === 'tiny-bert'), { kind: 'embedding', dimensions: HIDDEN, max_length: 128, pooling: 'mean' });
  const dims = await tiny('/embed', { inputs: 'hello', dimensions: 8 });
  t.equal(dims.body[0].length, 8);
  t.ok(Math.abs(Math.hypot(...dims.body[0]) - 1) < 1e-6);
  t.equal((await tiny('/embed', { inputs: 'x', dimensions: 33 })).status, 422);
  t.equal((await tiny('/embed', { inputs: [[]] })).body.code, 'EMPTY_INPUT', 'an empty token-id input (found by fuzzing)');
  t.equal((await post(app, '/tokenize', { inputs: 'x', model: 'glove-100d' })).body.code, 'WRONG_MODEL_KIND');
});

t.test('as in TEI, /tokenize, /encode and /decode on a transformer model use its own tokenizer', async (t) => {
  const viaModel = await tiny('/tokenize', { inputs: 'I love to eat pizza!' });
  const viaTokenizer = await post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-uncased' });
  t.equal(viaModel.status, 200);
  t.same(viaModel.body, viaTokenizer.body, 'tiny-bert uses the bert-base-uncased tokenizer files');
  t.same((await tiny('/encode', { inputs: 'hello' })).body.encodings[0].ids, [101, 7592, 102]);
  t.same((await tiny('/decode', { ids: [101, 7592, 102] })).body, ['hello']);
});

t.test('INFERENCE_THREADS: 1, 2 or onnxruntime\'s default (0) give the same vectors', async (t) => {
  const expected = (await tiny('/embed', { inputs: texts, normalize: false })).body as number[][];
  for (const threads of [0, 2]) {
    const other = await buildTestApp(t, { MODELS: 'tiny-bert', DEFAULT_MODEL: 'tiny-bert', MODEL_DIR: modelDir, INFERENCE_THREADS: threads });
    const res = await post(other, '/embed', { model: 'tiny-bert', inputs: texts, normalize: false });
    t.equal(res.status, 200);
    texts.forEach((_, i) => t.ok(maxDiff(res.body[i], expected[i]) < 1e-6, `threads ${threads}, input ${i}`));
    for (const [i, text] of texts.entries()) t.ok(maxDiff(res.body[i], meanRows(await ref.hidden(await ref.ids(text)))) < 1e-5, `threads ${threads}, input ${i}: the raw ONNX reference`);
  }
});

t.test('INFERENCE_CALL_TOKENS: a batch split into many onnxruntime calls gives the same vectors', async (t) => {
  const expected = (await tiny('/embed', { inputs: texts, normalize: false })).body as number[][];
  const split = await buildTestApp(t, { MODELS: 'tiny-bert', DEFAULT_MODEL: 'tiny-bert', MODEL_DIR: modelDir, INFERENCE_CALL_TOKENS: 1 });
  const res = await post(split, '/embed', { model: 'tiny-bert', inputs: texts, normalize: false });
  t.equal(res.status, 200);
  texts.forEach((_, i) => t.ok(maxDiff(res.body[i], expected[i]) < 1e-6, `input ${i}`));
  for (const [i, text] of texts.entries()) t.ok(maxDiff(res.body[i], meanRows(await ref.hidden(await ref.ids(text)))) < 1e-5, `input ${i}: the raw ONNX reference`);
});

/** CPU clock ticks used so far by each thread of a process (Linux). */
function threadTicks(pid: number): Map<string, number> {
  return new Map(readdirSync(`/proc/${pid}/task`).map((id) => {
    const fields = readFileSync(`/proc/${pid}/task/${id}/stat`, 'utf8').split(') ')[1].split(' ');
    return [id, Number(fields[11]) + Number(fields[12])];
  }));
}

/** The pids of this process's inference processes (Linux /proc: children running inference-process). */
function inferencePids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      return ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('inference-process') ? [Number(d)] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

const linux = existsSync('/proc/self/task');

// onnxruntime-node ignores the options of a session created from a buffer (as transformers.js creates
// it): its default pool then spins a thread per extra core for as long as the model runs.
t.test('INFERENCE_THREADS=1: the inference process runs the model on one thread', { skip: !linux && 'needs Linux /proc' }, async (t) => {
  const [pid] = inferencePids();
  t.ok(pid, 'tiny-bert runs in an inference process');
  const before = threadTicks(pid);
  for (let i = 0; i < 400; i++) await tiny('/embed', { inputs: texts });
  const used = [...threadTicks(pid)].map(([id, ticks]) => [id, ticks - (before.get(id) ?? 0)] as const);
  const main = used.find(([id]) => id === String(pid))![1];
  const busiestOther = Math.max(...used.filter(([id]) => id !== String(pid)).map(([, ticks]) => ticks));
  t.ok(main >= 10, `the model's thread did measurable work (${main} ticks)`);
  t.ok(busiestOther < main / 2, `busiest other thread: ${busiestOther} ticks, the model's: ${main}`);
});

t.test('while the model runs, the event loop answers other requests', async (t) => {
  // 4 requests of 32 inputs cut at the model's 128 tokens keep it busy for tens of ms; when the model
  // ran on the event loop, /tokenize was answered only between its calls (3 times, against 140–317 now).
  const batch = Array.from({ length: 32 }, (_, i) => `${long} ${i}`);
  let embedding = true;
  const embeds = Promise.all(Array.from({ length: 4 }, () => tiny('/embed', { inputs: batch, truncate: true }))).finally(() => { embedding = false; });
  let answeredMeanwhile = 0;
  while (embedding) {
    if ((await post(app, '/tokenize', { inputs: 'hello world' })).status === 200 && embedding) answeredMeanwhile++;
  }
  for (const res of await embeds) t.equal(res.status, 200);
  t.ok(answeredMeanwhile >= 10, `/tokenize answered ${answeredMeanwhile} times while /embed ran`);
});

t.test('an inference process that dies fails its batch, and the next request gets a new one', { skip: !linux && 'needs Linux /proc' }, async (t) => {
  const expected = (await tiny('/embed', { inputs: texts })).body;
  const [pid] = inferencePids();
  const payload = { model: 'tiny-bert', inputs: Array.from({ length: 32 }, (_, i) => `${long} ${i}`), truncate: true };
  const running = call(app, { method: 'POST', url: '/embed', payload }, true);
  while (app.registry.modelQueueDepth() === 0) await new Promise((resolve) => setImmediate(resolve));
  process.kill(pid, 'SIGKILL');
  const failed = await running;
  t.equal(failed.status, 500, 'the batch it was running');
  t.match(failed.body, { code: 'INTERNAL_ERROR' });
  const again = await tiny('/embed', { inputs: texts });
  t.equal(again.status, 200);
  again.body.forEach((v: number[], i: number) => t.ok(maxDiff(v, expected[i]) < 1e-6, `input ${i} as before`));
  const [next] = inferencePids();
  t.ok(next && next !== pid, 'a new inference process');
});
