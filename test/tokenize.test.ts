import t from 'tap';
import { buildTestApp, post } from './helper.js';

const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o' });

t.test('the seed example on bert-base-uncased', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-uncased' });
  t.equal(res.status, 200);
  const tokens = res.body[0];
  t.same(tokens.map((x: { id: number }) => x.id), [101, 1045, 2293, 2000, 4521, 10733, 999, 102]);
  t.same(tokens.slice(1, -1).map((x: { text: string }) => x.text), ['I', 'love', 'to', 'eat', 'pizza', '!']);
  t.same(tokens.slice(1, -1).map((x: { start: number; stop: number }) => [x.start, x.stop]), [[0, 1], [2, 6], [7, 9], [10, 13], [14, 19], [19, 20]]);
  t.same([tokens[0].start, tokens[0].stop, tokens[0].special], [null, null, true]);
});

t.test('offset units on emoji and Chinese', async (t) => {
  const text = '我 😀!';
  for (const [unit, expected] of [['char', [[0, 1], [1, 3], [3, 4]]], ['utf16', [[0, 1], [1, 4], [4, 5]]], ['byte', [[0, 3], [3, 8], [8, 9]]]] as const) {
    const res = await post(app, '/tokenize', { inputs: text, model: 'gpt-4o', offset_unit: unit });
    t.same(res.body[0].map((x: { start: number; stop: number }) => [x.start, x.stop]), expected, unit);
    t.same(res.body[0].map((x: { text: string }) => x.text), ['我', ' 😀', '!'], `${unit} texts`);
  }
});
