import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import tk from 'tokenizers';
import { buildTestApp, call, post } from './helper.js';
import { mixedCorpus } from './fixtures/analysis/mixed-corpus.js';

const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-train-test-'));
t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
const corpus = [...mixedCorpus(1500, 7), ...Array.from({ length: 300 }, (_, i) => `Pizza number ${i} is a pizza with ${i % 7} toppings.`)];
const probes = mixedCorpus(200, 99);
/** Every file of a folder with its bytes (base64), for byte-for-byte comparison. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name)).toString('base64')]));
}

const app = await buildTestApp(t, { MODELS: 'words', DEFAULT_MODEL: 'words', MODEL_DIR: modelDir, BODY_LIMIT: 8 * 1024 * 1024, TRAIN_ENABLED: true });

const trainings = [
  { name: 'tok-wordpiece', algorithm: 'wordpiece', vocab_size: 800 },
  { name: 'tok-bpe', algorithm: 'bpe', vocab_size: 700 },
  { name: 'tok-unigram', algorithm: 'unigram', vocab_size: 500 },
] as const;

t.test('POST /train writes a tokenizer folder per algorithm', async (t) => {
  for (const body of trainings) {
    const res = await post(app, '/train', { ...body, texts: corpus });
    t.equal(res.status, 200, body.algorithm);
    t.equal(res.body.vocab_size, body.vocab_size, `${body.algorithm}: cut to vocab_size`);
    t.equal(res.body.loaded, true);
    t.ok(existsSync(join(modelDir, body.name, '.tokenserve-trained')), `${body.algorithm}: marked as written by /train`);
  }
});

t.test('a trained model answers at once, without a restart, with the ids of the tokenizers library', async (t) => {
  for (const { name } of trainings) {
    const reference = tk.Tokenizer.fromFile(join(modelDir, name, 'tokenizer.json'));
    // Every algorithm on every probe, emoji included (Unigram has its own exact path, fast/unigram.ts).
    const lines = probes.slice(0, 16);
    const res = await post(app, '/encode', { inputs: lines, model: name });
    t.equal(res.status, 200, name);
    t.same(res.body.encodings.map((e: { ids: number[] }) => e.ids), await Promise.all(lines.map(async (l) => (await reference.encode(l)).getIds())), name);
  }
  const info = await call(app, { method: 'GET', url: '/info' });
  t.same(info.body.models.map((m: { name: string }) => m.name), ['words', ...trainings.map((x) => x.name)], '/info lists them');
  const health = await call(app, { method: 'GET', url: '/health' });
  t.same(health.body, { status: 'ok', models_loaded: 4, models_total: 4 });
});

t.test('POST /train is refused (403 TRAINING_DISABLED) and writes nothing unless TRAIN_ENABLED=true', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenserve-train-off-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const off = await buildTestApp(t, { MODELS: 'words', DEFAULT_MODEL: 'words', MODEL_DIR: dir });
  const res = await post(off, '/train', { name: 'nope', algorithm: 'wordpiece', texts: corpus.slice(0, 50) });
  t.same([res.status, res.body.code], [403, 'TRAINING_DISABLED']);
  t.match(res.body.message, /TRAIN_ENABLED=true/, 'says how to enable it');
  t.same(readdirSync(dir), [], 'MODEL_DIR untouched');
});

t.test('overwrite never replaces a folder /train did not write: 409, the folder byte-for-byte as it was', async (t) => {
  const operator = join(modelDir, 'operator-model');
  mkdirSync(operator);
  writeFileSync(join(operator, 'tokenizer.json'), readFileSync(join(modelDir, 'tok-wordpiece', 'tokenizer.json')));
  writeFileSync(join(operator, 'README.txt'), 'put here by the operator\n');
  const before = snapshot(operator);
  const res = await post(app, '/train', { name: 'operator-model', algorithm: 'bpe', vocab_size: 300, texts: corpus.slice(0, 50), overwrite: true });
  t.same([res.status, res.body.code], [409, 'MODEL_EXISTS']);
  t.match(res.body.message, /did not write/);
  t.same(snapshot(operator), before, 'same files, same bytes');
  t.same(readdirSync(modelDir).filter((f) => f.startsWith('.operator-model')), [], 'no temporary folder left');
});

t.test('overwrite replaces a folder /train wrote, and the new model is served at once', async (t) => {
  const first = await post(app, '/train', { name: 'tok-again', algorithm: 'wordpiece', vocab_size: 400, texts: corpus });
  t.equal(first.status, 200);
  const res = await post(app, '/train', { name: 'tok-again', algorithm: 'wordpiece', vocab_size: 300, texts: corpus, overwrite: true });
  t.equal(res.status, 200);
  const vocab = await call(app, { method: 'GET', url: '/vocab?model=tok-again&limit=0' });
  t.equal(vocab.body.vocab_size, 300, 'the new vocabulary answers');
});

t.test('build-vocab → train → load on restart → encode: ids equal the tokenizers library\'s', async (t) => {
  const built = await post(app, '/vocab/build', { texts: corpus, model: 'words', preprocessing: { lowercase: true, remove_punctuation: true }, max_size: 20 });
  const frequent = built.body.entries.filter((e: { special: boolean; token: string }) => !e.special && /^[a-z]+$/.test(e.token)).map((e: { token: string }) => e.token);
  t.ok(frequent.includes('pizza'));
  const restarted = await buildTestApp(t, { MODELS: trainings.map((x) => x.name).join(','), DEFAULT_MODEL: 'tok-wordpiece', MODEL_DIR: modelDir });
  const info = await call(restarted, { method: 'GET', url: '/info' });
  t.same(info.body.models.map((m: { name: string; algorithm: string }) => [m.name, m.algorithm]),
    [['tok-bpe', 'BPE'], ['tok-unigram', 'Unigram'], ['tok-wordpiece', 'WordPiece']]);
  for (const { name } of trainings) {
    const file = join(modelDir, name, 'tokenizer.json');
    const reference = tk.Tokenizer.fromFile(file);
    // Every algorithm on every probe, emoji included (Unigram has its own exact path, fast/unigram.ts).
    const lines = probes;
    const res = await post(restarted, '/encode', { inputs: lines.slice(0, 32), model: name });
    const more = await post(restarted, '/encode', { inputs: lines.slice(32, 64), model: name });
    const ours = [...res.body.encodings, ...more.body.encodings].map((e: { ids: number[] }) => e.ids);
    const theirs = await Promise.all(lines.slice(0, 64).map(async (l) => (await reference.encode(l)).getIds()));
    t.same(ours, theirs, `${name}: ${ours.length} lines`);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const vocab = await call(restarted, { method: 'GET', url: `/vocab?model=${name}&limit=10` });
    t.equal(vocab.body.vocab_size, reference.getVocabSize(true), `${name} vocab size`);
    for (const e of vocab.body.entries) t.equal(reference.tokenToId(e.token), e.id);
    t.same(json.added_tokens.map((a: { id: number }) => a.id), json.added_tokens.map((_: unknown, i: number) => i), 'specials first');
  }
  // The frequent words of the built vocabulary are whole tokens of the trained WordPiece.
  const wp = tk.Tokenizer.fromFile(join(modelDir, 'tok-wordpiece', 'tokenizer.json'));
  for (const word of frequent) t.not(wp.tokenToId(word), null, `${word} is one token`);
  const ids = await post(restarted, '/tokenize', { inputs: 'I love to eat pizza!', model: 'tok-wordpiece' });
  t.same(ids.body[0].map((x: { text: string }) => x.text).slice(0, 1), ['[CLS]']);
});

t.test('training is bounded and bad input is a 4xx', async (t) => {
  const base = { name: 'bad', algorithm: 'wordpiece', texts: ['hello world'] };
  for (const [body, status, code] of [
    [{ ...base, texts: [] }, 400, 'VALIDATION_ERROR'], [{ ...base, texts: ['', ' '] }, 422, 'EMPTY_INPUT'],
    [{ ...base, texts: ['ok', 'x\udfff'] }, 422, 'INVALID_TEXT'], [{ ...base, name: '../etc' }, 400, 'VALIDATION_ERROR'],
    [{ ...base, algorithm: 'sentencepiece' }, 400, 'VALIDATION_ERROR'], [{ ...base, algorithm: 'bpe', vocab_size: 100 }, 422, 'INVALID_OPTION'],
    [{ ...base, algorithm: 'unigram', special_tokens: ['<pad>'] }, 422, 'INVALID_OPTION'], [{ ...base, name: 'words' }, 409, 'MODEL_EXISTS'],
    [{ ...base, name: 'tok-bpe' }, 409, 'MODEL_EXISTS'],
  ] as const) {
    const res = await post(app, '/train', body);
    t.same([res.status, res.body.code], [status, code], JSON.stringify(body).slice(0, 80));
  }
  t.equal((await post(app, '/train', { ...base, name: 'tok-bpe', algorithm: 'bpe', vocab_size: 300, overwrite: true })).status, 200, 'overwrite');
  const [a, b] = await Promise.all([post(app, '/train', { ...base, name: 'one' }), post(app, '/train', { ...base, name: 'two' })]);
  t.same([a.status, b.body.code], [200, 'TRAINING_BUSY'], 'one training at a time');
  const slow = await buildTestApp(t, { MODELS: 'words', DEFAULT_MODEL: 'words', MODEL_DIR: modelDir, BODY_LIMIT: 64 * 1024 * 1024, TRAIN_TIMEOUT_MS: 1000, TRAIN_ENABLED: true });
  const huge = Array.from({ length: 2000 }, (_, i) => corpus.slice(i % 1000, (i % 1000) + 150).join(' '));
  const res = await post(slow, '/train', { name: 'huge', algorithm: 'unigram', texts: huge });
  t.same([res.status, res.body.code], [422, 'TRAINING_FAILED'], `${Math.round(huge.join('').length / 1e6)}M characters are stopped at TRAIN_TIMEOUT_MS`);
  t.notOk(existsSync(join(modelDir, 'huge')), 'nothing is written');
});

t.test('CLI: npm run train writes the same kind of folder', async (t) => {
  const file = join(modelDir, 'corpus.txt');
  writeFileSync(file, corpus.join('\n'));
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--input', file, '--name', 'cli-bpe', '--algorithm', 'bpe', '--vocab-size', '500', '--model-dir', modelDir]);
  t.match(stdout, /trained bpe 'cli-bpe' \(500 tokens\)/);
  const restarted = await buildTestApp(t, { MODELS: 'cli-bpe', DEFAULT_MODEL: 'cli-bpe', MODEL_DIR: modelDir });
  const reference = tk.Tokenizer.fromFile(join(modelDir, 'cli-bpe', 'tokenizer.json'));
  const res = await post(restarted, '/encode', { inputs: probes.slice(0, 32) });
  t.same(res.body.encodings.map((e: { ids: number[] }) => e.ids), await Promise.all(probes.slice(0, 32).map(async (l) => (await reference.encode(l)).getIds())));
  await t.rejects(run(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--name', 'x']), 'no --input is an error');
  t.notOk(existsSync(join(modelDir, 'cli-bpe', '.tokenserve-trained')), 'a CLI folder is the operator\'s: not marked');
  const over = await post(app, '/train', { name: 'cli-bpe', algorithm: 'bpe', vocab_size: 300, texts: corpus.slice(0, 50), overwrite: true });
  t.same([over.status, over.body.code], [409, 'MODEL_EXISTS'], '/train does not replace it');
});
