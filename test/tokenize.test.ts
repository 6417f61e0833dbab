import t from 'tap';
import { buildTestApp, call, post } from './helper.js';

const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,bert-base-cased,gpt-4o' });

t.test('the seed example on bert-base-uncased', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-uncased' });
  t.equal(res.status, 200);
  const tokens = res.body[0];
  t.same(tokens.map((x: { id: number }) => x.id), [101, 1045, 2293, 2000, 4521, 10733, 999, 102]);
  t.same(tokens.slice(1, -1).map((x: { text: string }) => x.text), ['I', 'love', 'to', 'eat', 'pizza', '!']);
  t.same(tokens.slice(1, -1).map((x: { start: number; stop: number }) => [x.start, x.stop]), [[0, 1], [2, 6], [7, 9], [10, 13], [14, 19], [19, 20]]);
  t.same([tokens[0].start, tokens[0].stop, tokens[0].special], [null, null, true]);
});

t.test('the seed example on bert-base-cased, as the seed prints it', async (t) => {
  // Golden values: Google's cased vocabulary (vendor/bert-base-cased/SOURCE.md spot checks) and the seed's output.
  const res = await post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-cased' });
  t.equal(res.status, 200);
  t.same(res.body[0].map((x: { id: number }) => x.id), [101, 146, 1567, 1106, 3940, 13473, 106, 102]);
  const enc = await post(app, '/encode', { inputs: 'I love to eat pizza!', model: 'bert-base-cased', add_special_tokens: false, return_tokens: true });
  t.equal(enc.status, 200);
  t.equal(enc.body.encodings[0].tokens.join(' '), 'I love to eat pizza !');
  const vocab = await call(app, { method: 'GET', url: '/vocab?model=bert-base-cased&limit=0&token=pizza&token=Pizza&token=%23%23s' });
  t.same(vocab.body.tokens.slice(0, 1), [{ token: 'pizza', id: 13473 }]);
  t.equal(vocab.body.vocab_size, 28996);
  // Cased: no lowercasing and no accent stripping (the uncased model does both).
  const accents = await post(app, '/encode', { inputs: 'Café Zürich', model: 'bert-base-cased', add_special_tokens: false, return_tokens: true });
  t.equal(accents.body.encodings[0].tokens.join('').replaceAll('##', ''), 'CaféZürich');
});

t.test('offset units on emoji and Chinese', async (t) => {
  const text = '我 😀!';
  for (const [unit, expected] of [['char', [[0, 1], [1, 3], [3, 4]]], ['utf16', [[0, 1], [1, 4], [4, 5]]], ['byte', [[0, 3], [3, 8], [8, 9]]]] as const) {
    const res = await post(app, '/tokenize', { inputs: text, model: 'gpt-4o', offset_unit: unit });
    t.same(res.body[0].map((x: { start: number; stop: number }) => [x.start, x.stop]), expected, unit);
    t.same(res.body[0].map((x: { text: string }) => x.text), ['我', ' 😀', '!'], `${unit} texts`);
  }
});
