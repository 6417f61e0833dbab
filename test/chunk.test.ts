/**
 * POST /count and POST /chunk over HTTP (inject): counts against Hugging Face tokenizers, hand-derived
 * golden chunks for the word analyzers (sentences from wink-nlp and ICU), fallback, offsets in every
 * unit, worker threads, and every documented 4xx. The 500-document property test is chunk-corpus.test.ts.
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildTestApp, post } from './helper.js';
import { loadConfig } from '../src/config.js';
import { discoverCatalog } from '../src/models/catalog.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');
const MODELS = 'bert-base-uncased,gpt-4o,words,words-en,words-zh';
const app = await buildTestApp(t, { MODELS, WORKER_MIN_CHARS: 10 ** 9 });
const dirs = new Map((await discoverCatalog(loadConfig(process.env))).map((s) => [s.name, s.dir]));
const reference = (name: string) => Tokenizer.fromFile(join(dirs.get(name)!, 'tokenizer.json'));

const texts = ['I love to eat pizza!', '我喜欢吃披萨！', '', '👩‍👩‍👧‍👦 café naïve [SEP] <|endoftext|>', 'https://example.com/a?b=1 and e-mail john.doe@example.com'];

t.test('/count equals the number of ids of Hugging Face tokenizers, with and without special tokens', async (t) => {
  for (const model of ['bert-base-uncased', 'gpt-4o']) {
    const ref = reference(model);
    for (const add of [true, false]) {
      const res = await post(app, '/count', { inputs: texts, model, add_special_tokens: add });
      t.equal(res.status, 200);
      const want = await Promise.all(texts.map(async (x) => (await ref.encode(x, null, { addSpecialTokens: add })).getIds().length));
      t.same(res.body, { model, counts: want, total_tokens: want.reduce((a, b) => a + b, 0) }, `${model} add_special_tokens ${add}`);
    }
  }
  const one = await post(app, '/count', { inputs: 'I love to eat pizza!' });
  t.same(one.body.counts, [8], 'a single input, the default model and special tokens ([CLS] i love to eat pizza ! [SEP])');
});

t.test('/count with a word analyzer counts the tokens /tokenize gives', async (t) => {
  for (const model of ['words', 'words-zh']) {
    const tokens = await post(app, '/tokenize', { inputs: texts, model });
    const res = await post(app, '/count', { inputs: texts, model });
    t.same(res.body.counts, tokens.body.map((x: unknown[]) => x.length), model);
  }
});

t.test('golden chunks: English sentences (wink-nlp keeps "Dr." inside a sentence) and paragraphs', async (t) => {
  const text = 'Dr. Smith arrived. He sat down.\n\nA new paragraph starts here.';
  // words-en tokens: Dr. | Smith | arrived | .  — He | sat | down | .  — A | new | paragraph | starts | here | .
  const chunks = async (body: object) => (await post(app, '/chunk', { inputs: text, model: 'words-en', ...body })).body.chunks[0];
  t.same(await chunks({ max_tokens: 8, boundary: 'sentence' }), [
    { text: 'Dr. Smith arrived. He sat down.\n\n', start: 0, stop: 33, token_count: 8, split: 'boundary' },
    { text: 'A new paragraph starts here.', start: 33, stop: 61, token_count: 6, split: 'boundary' },
  ]);
  t.same((await chunks({ max_tokens: 5, boundary: 'sentence' })).map((c: { text: string }) => c.text),
    ['Dr. Smith arrived. ', 'He sat down.\n\n', 'A new paragraph starts here', '.'], 'the 6-token sentence falls back to words (greedy)');
  t.same((await chunks({ max_tokens: 5, boundary: 'sentence' })).map((c: { split: string }) => c.split), ['boundary', 'boundary', 'fallback', 'fallback']);
  t.same((await chunks({ max_tokens: 8, boundary: 'paragraph' })).map((c: { text: string }) => c.text), ['Dr. Smith arrived. He sat down.\n\n', 'A new paragraph starts here.']);
  t.same((await chunks({ max_tokens: 8, overlap_tokens: 4, boundary: 'sentence' })).map((c: { text: string }) => c.text),
    ['Dr. Smith arrived. He sat down.\n\n', 'A new paragraph starts here.'],
    'a 4-token sentence would leave no room for the next 6-token one: no overlap rather than a cut sentence');
  t.same((await chunks({ max_tokens: 10, overlap_tokens: 4, boundary: 'sentence' })).map((c: { text: string }) => c.text),
    ['Dr. Smith arrived. He sat down.\n\n', 'He sat down.\n\nA new paragraph starts here.'], 'the last sentence is repeated as overlap');
});

t.test('golden chunks: Chinese sentences end at 。！？ (offsets in code points and bytes)', async (t) => {
  const text = '今天天气很好。我们去公园散步吧！真的吗？';
  // jieba: 今天天气 很 好 。 | 我们 去 公园 散步 吧 ！ | 真的 吗 ？
  const res = await post(app, '/chunk', { inputs: text, model: 'words-zh', max_tokens: 6 });
  t.same(res.body.chunks[0], [
    { text: '今天天气很好。', start: 0, stop: 7, token_count: 4, split: 'boundary' },
    { text: '我们去公园散步吧！', start: 7, stop: 16, token_count: 6, split: 'boundary' },
    { text: '真的吗？', start: 16, stop: 20, token_count: 3, split: 'boundary' },
  ]);
  const bytes = await post(app, '/chunk', { inputs: text, model: 'words-zh', max_tokens: 6, offset_unit: 'byte' });
  t.same(bytes.body.chunks[0].map((c: { start: number; stop: number }) => [c.start, c.stop]), [[0, 21], [21, 48], [48, 60]]);
});

t.test('subword chunks re-encode within max_tokens with the reference; a long word falls back', async (t) => {
  // The long word is many pieces in both (BERT makes one [UNK] of a word over 100 characters, so it is shorter).
  const text = 'Pneumonoultramicroscopicsilicovolcanoconiosis is long. 👩‍👩‍👧‍👦 emoji and 北京欢迎你。';
  for (const model of ['bert-base-uncased', 'gpt-4o']) {
    const ref = reference(model);
    for (const offset_unit of ['char', 'utf16', 'byte'] as const) {
      const res = await post(app, '/chunk', { inputs: [text, ''], model, max_tokens: 7, overlap_tokens: 2, boundary: 'word', offset_unit });
      t.equal(res.status, 200);
      const [chunks, none] = res.body.chunks;
      t.same(none, [], 'an empty input has no chunks');
      const slice = (s: number, e: number) => offset_unit === 'byte' ? Buffer.from(text).subarray(s, e).toString()
        : offset_unit === 'char' ? [...text].slice(s, e).join('') : text.slice(s, e);
      for (const c of chunks) {
        t.equal(slice(c.start, c.stop), c.text, `${model} ${offset_unit}: offsets`);
        const n = (await ref.encode(c.text)).getIds().length;
        t.ok(n === c.token_count && n <= 7, `${model}: ${JSON.stringify(c.text)} has ${n} tokens`);
      }
      t.equal(chunks[0].split, 'fallback', 'the long word is cut');
      t.equal(chunks[chunks.length - 1].split, 'boundary');
    }
  }
});

t.test('token boundaries in a worker thread give the same chunks; /count too', async (t) => {
  const pooled = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o', TOKENIZATION_WORKERS: 1, WORKER_MIN_CHARS: 100, MAX_CHUNKS: 100 });
  await pooled.workers.start();
  t.ok(pooled.workers.workers(), 'the pool is ready');
  const text = 'A sentence of several words, repeated. '.repeat(30);
  for (const [url, body] of [['/chunk', { inputs: text, model: 'gpt-4o', max_tokens: 50, overlap_tokens: 10, boundary: 'token' }], ['/count', { inputs: [text, text], model: 'gpt-4o' }]] as const) {
    const a = await post(pooled, url, body);
    const b = await post(app, url, body);
    t.equal(a.status, 200);
    t.same(a.body, b.body, url);
  }
  // About 240 tokens in chunks of 2: over the main thread's MAX_CHUNKS, which the worker is handed.
  t.match(await post(pooled, '/chunk', { inputs: text, model: 'gpt-4o', max_tokens: 2, boundary: 'token' }), { status: 413, body: { code: 'TOO_MANY_CHUNKS' } });
});

t.test('bad input answers a documented 4xx', async (t) => {
  const cases: [object, number, string][] = [
    [{ inputs: 'x', max_tokens: 8, overlap_tokens: 8 }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x', max_tokens: 8, overlap_tokens: 6 }, 422, 'INVALID_OPTION'], // bert adds 2 special tokens
    [{ inputs: 'x', max_tokens: 2 }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x' }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', max_tokens: 0 }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', max_tokens: 8, boundary: 'line' }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', max_tokens: '8' }, 400, 'VALIDATION_ERROR'],
    [{ inputs: [], max_tokens: 8 }, 422, 'EMPTY_INPUT'],
    [{ inputs: 'x', max_tokens: 8, model: 'nope' }, 404, 'UNKNOWN_MODEL'],
    [{ inputs: '\ud800 lone surrogate', max_tokens: 8, boundary: 'sentence' }, 422, 'INVALID_TEXT'],
    // U+20000 is three byte-level tokens in o200k: it cannot fit a one-token chunk.
    [{ inputs: 'a 𠀀', max_tokens: 1, model: 'gpt-4o', boundary: 'token' }, 422, 'CHUNK_TOO_SMALL'],
  ];
  for (const [body, status, code] of cases) {
    const res = await post(app, '/chunk', body);
    t.match(res, { status, body: { code } }, JSON.stringify(body));
  }
  const small = await buildTestApp(t, { MODELS: 'bert-base-uncased,words', MAX_CHUNKS: 3, MAX_ANALYZER_CHARS: 100 });
  const long = 'One sentence here. '.repeat(10);
  t.match(await post(small, '/chunk', { inputs: long, max_tokens: 8, boundary: 'token' }), { status: 413, body: { code: 'TOO_MANY_CHUNKS' } });
  t.match(await post(small, '/chunk', { inputs: long, max_tokens: 8 }), { status: 413, body: { code: 'ANALYSIS_TOO_LARGE' } });
  t.match(await post(small, '/count', { inputs: long, model: 'words' }), { status: 413, body: { code: 'ANALYSIS_TOO_LARGE' } });
  t.match(await post(small, '/count', { inputs: 'x', add_special_tokens: 1 }), { status: 400, body: { code: 'VALIDATION_ERROR' } });
});
