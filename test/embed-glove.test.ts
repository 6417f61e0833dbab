import t from 'tap';
import { buildTestApp, post } from './helper.js';
import { cosine, packageIndex, packageVector } from './fixtures/embeddings/wink-reference.js';
import { lookupUnits, words } from '../src/embeddings/word-tokenizer.js';

const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d' });
const glove = (url: string, body: object) => post(app, url, { model: 'glove-100d', ...body });

t.test('word tokenizer', async (t) => {
  t.same(words("Don't STOP, well-known café 😀 e-mail!"), ["don't", 'stop', 'well-known', 'café', 'e-mail']);
  const known = new Set(['don', 't', 'well-known']);
  t.same(lookupUnits("don't well-known", (w) => known.has(w)), ['don', 't', 'well-known']);
});

t.test('vectors of known words equal the package numbers (as float32)', async (t) => {
  for (const word of ['the', 'king', 'queen', 'banana', 'pizza', 'well-known', 'new-york']) {
    const res = await glove('/embed_all', { inputs: word });
    t.equal(res.status, 200);
    t.same(res.body[0][0], packageVector(word).map(Math.fround), word);
    const ids = await glove('/embed_all', { inputs: [packageIndex(word)] });
    t.same(ids.body[0][0], res.body[0][0], `${word} by row id`);
  }
});

t.test('similarity sanity', async (t) => {
  const res = await glove('/embed', { inputs: ['king', 'queen', 'banana', 'man', 'woman', 'apple', 'paris', 'france'] });
  const [king, queen, banana, man, woman, apple, paris, france] = res.body as number[][];
  t.ok(cosine(king, queen) > cosine(king, banana), 'king~queen > king~banana');
  t.ok(cosine(man, woman) > cosine(man, apple), 'man~woman > man~apple');
  t.ok(cosine(paris, france) > cosine(paris, banana), 'paris~france > paris~banana');
  t.ok(cosine(banana, apple) > cosine(banana, king), 'banana~apple > banana~king');
  t.ok(Math.abs(Math.hypot(...king) - 1) < 1e-6, 'normalized by default');
});

t.test('mean pooling skips unknown words and punctuation', async (t) => {
  const expected = packageVector('the').map((x, i) => (Math.fround(x) + Math.fround(packageVector('king')[i])) / 2);
  const res = await glove('/embed', { inputs: ['The king!', 'the zzqxv, KING ...'], normalize: false });
  t.equal(res.status, 200);
  for (const v of res.body) v.forEach((x: number, i: number) => t.ok(Math.abs(x - expected[i]) < 1e-6, `dim ${i}`));
  t.equal(res.headers['x-compute-tokens'], '5', 'lookup units: the king the zzqxv king');
  const none = await glove('/embed', { inputs: ['zzqxv !!!', ''] });
  t.same(none.body, [new Array(100).fill(0), new Array(100).fill(0)], 'no known word: zero vector');
  const all = await glove('/embed_all', { inputs: 'the zzqxv' });
  t.same(all.body[0][1], new Array(100).fill(0), 'embed_all keeps unknown words as zero rows');
  t.equal(all.body[0].length, 2);
});

t.test('dimensions keeps the first N then normalizes', async (t) => {
  const full = await glove('/embed', { inputs: 'king', normalize: false });
  const cut = await glove('/embed', { inputs: 'king', dimensions: 10 });
  const head = full.body[0].slice(0, 10);
  const norm = Math.hypot(...head);
  t.equal(cut.body[0].length, 10);
  cut.body[0].forEach((x: number, i: number) => t.ok(Math.abs(x - head[i] / norm) < 1e-6));
});

t.test('errors', async (t) => {
  const cases: [object, number, string][] = [
    [{ inputs: 'x', pooling: 'cls' }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x', pooling: 'none' }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x', dimensions: 101 }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x', prompt_name: 'query' }, 422, 'INVALID_OPTION'],
    [{ inputs: [] }, 422, 'EMPTY_INPUT'],
    [{ inputs: [341479] }, 422, 'ID_OUT_OF_VOCAB'],
    [{ inputs: 'x', model: 'nope' }, 404, 'UNKNOWN_MODEL'],
    [{ inputs: 'x', model: 'bert-base-uncased' }, 422, 'WRONG_MODEL_KIND'],
    [{ inputs: 5 }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', normalize: 'yes' }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', truncation_direction: 'up' }, 400, 'VALIDATION_ERROR'],
  ];
  for (const [body, status, code] of cases) {
    const res = await post(app, '/embed', { model: 'glove-100d', ...body });
    t.equal(res.status, status, JSON.stringify(body));
    t.equal(res.body.code, code, JSON.stringify(body));
  }
  const many = await glove('/embed', { inputs: new Array(app.config.MAX_BATCH_SIZE + 1).fill('a') });
  t.equal(many.status, 413);
});

t.test('/info lists glove-100d', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/info' });
  const model = res.json().models.find((m: { name: string }) => m.name === 'glove-100d');
  t.match(model, { kind: 'embedding', dimensions: 100, vocab_size: 341479, pooling: 'mean' });
});
