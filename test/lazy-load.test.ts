import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { LazyLoader, requestedModels } from '../src/models/lazy-load.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { bertFiles } from '../src/tokenizers/bert-base.js';
import type { CatalogEntry, ServedModel } from '../src/models/types.js';
import { buildTestApp, call, post } from './helper.js';

// A MODEL_DIR folder next to the shipped models: a small BERT-layout tokenizer.
const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-lazy-'));
t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
mkdirSync(join(modelDir, 'my-tokenizer'));
const { tokenizer } = bertFiles(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'hello', 'world'], true);
writeFileSync(join(modelDir, 'my-tokenizer', 'tokenizer.json'), JSON.stringify(tokenizer));

// Default settings (MODELS empty): only DEFAULT_MODEL loads at start.
const app = await buildTestApp(t, { MODELS: '', MODEL_DIR: modelDir });
const info = async () => (await call(app, { method: 'GET', url: '/info' })).body.models as { name: string; loaded: boolean; load_ms?: number; vocab_size?: number }[];

t.test('/info lists every served model, loaded or available; /health counts both', async (t) => {
  const models = await info();
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const name of ['bert-base-uncased', 'bert-base-cased', 'gemma-3', 'llama-2', 'deepseek-v3', 'gpt-oss', 'my-tokenizer']) t.ok(byName.has(name), name);
  t.same(models.filter((m) => m.loaded).map((m) => m.name), ['bert-base-uncased'], 'only the default model is loaded at start');
  t.same(Object.keys(byName.get('gemma-3')!).sort(), ['kind', 'loaded', 'name', 'source']);
  const health = await call(app, { method: 'GET', url: '/health' });
  t.same([health.status, health.body.models_loaded, health.body.models_total], [200, 1, models.length]);
});

t.test('the first requests naming an installed model load it once, then it is listed as loaded', async (t) => {
  const replies = await Promise.all([1, 2, 3].map(() => post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'llama-2' })));
  t.same(replies.map((r) => r.status), [200, 200, 200]);
  t.same(replies[1].body, replies[0].body);
  const dir = (await discoverCatalog(app.config)).find((s) => s.name === 'llama-2')!.dir!;
  const reference = await tk.Tokenizer.fromFile(join(dir, 'tokenizer.json')).encode('I love to eat pizza!');
  t.same(replies[0].body[0].map((x: { id: number }) => x.id), reference.getIds());
  const mine = await post(app, '/encode', { inputs: 'Hello world there', model: 'my-tokenizer', add_special_tokens: false });
  t.same(mine.body.encodings[0].ids, [5, 6, 1]);
  const vocab = await call(app, { method: 'GET', url: '/vocab?model=bert-base-cased&limit=0&token=pizza' });
  t.same(vocab.body.tokens, [{ token: 'pizza', id: 13473 }], 'GET routes load through their query');
  const byName = new Map((await info()).map((m) => [m.name, m]));
  for (const name of ['llama-2', 'my-tokenizer', 'bert-base-cased']) {
    t.equal(byName.get(name)!.loaded, true, name);
    t.ok(byName.get(name)!.vocab_size! > 0);
  }
  t.equal(byName.get('gemma-3')!.loaded, false, 'untouched models stay unloaded');
});

t.test('an unknown model is still 404 UNKNOWN_MODEL', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'x', model: 'nope' });
  t.same([res.status, res.body.code], [404, 'UNKNOWN_MODEL']);
});

t.test('MODELS pins the set and loads all of it at start', async (t) => {
  const pinned = await buildTestApp(t, { MODELS: 'bert-base-uncased,llama-2' });
  const models = (await call(pinned, { method: 'GET', url: '/info' })).body.models;
  t.same(models.map((m: { name: string; loaded: boolean }) => [m.name, m.loaded]), [['bert-base-uncased', true], ['llama-2', true]]);
  const res = await post(pinned, '/tokenize', { inputs: 'x', model: 'gemma-3' });
  t.same([res.status, res.body.code], [404, 'UNKNOWN_MODEL']);
});

t.test('worker threads load a model on its first task too', async (t) => {
  const pooled = await buildTestApp(t, { MODELS: '', TOKENIZATION_WORKERS: 1, WORKER_MIN_CHARS: 100 });
  await pooled.workers.start();
  t.ok(pooled.workers.workers(), 'the pool is ready');
  const text = 'I love to eat pizza! 我喜欢吃披萨！ '.repeat(20);
  const res = await post(pooled, '/encode', { inputs: text, model: 'llama-2', return_offsets: true });
  t.equal(res.status, 200);
  const dir = (await discoverCatalog(pooled.config)).find((s) => s.name === 'llama-2')!.dir!;
  const reference = await tk.Tokenizer.fromFile(join(dir, 'tokenizer.json')).encode(text);
  t.same(res.body.encodings[0].ids, reference.getIds());
});

t.test('LazyLoader: concurrent loads share one; a failed load is tried again', async (t) => {
  let calls = 0;
  let fail = true;
  const model = { name: 'm', kind: 'tokenizer', info: () => ({ name: 'm', kind: 'tokenizer', source: 'test' }) } as ServedModel;
  const source: CatalogEntry = {
    name: 'm', kind: 'tokenizer', origin: 'test',
    load: async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw new Error('broken');
      return model;
    },
  };
  const stored: string[] = [];
  const loader = new LazyLoader((s) => stored.push(s.name));
  const failed = await Promise.allSettled([loader.load(source), loader.load(source)]);
  t.same([failed.map((r) => r.status), calls], [['rejected', 'rejected'], 1]);
  fail = false;
  const loaded = await Promise.all([loader.load(source), loader.load(source), loader.load(source)]);
  t.same([calls, stored], [2, ['m']]);
  t.ok(loaded.every((m) => m === model));
  t.same(requestedModels({ model: 'a', embedding_model: 'b' }, { model: 'c' }), ['a', 'b', 'c']);
  t.same(requestedModels(undefined, { limit: 3 }), []);
});
