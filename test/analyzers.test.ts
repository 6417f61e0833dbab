import t from 'tap';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { buildTestApp, call, post } from './helper.js';

const app = await buildTestApp(t, { MODELS: 'words,words-en,words-zh,bert-base-uncased', DEFAULT_MODEL: 'words' });

interface Tok { id: null; text: string; start: number; stop: number; type: string; normalized: string; pos?: string; tag?: string; lemma?: string; stem?: string; entity?: string }
const texts = (tokens: Tok[]) => tokens.map((x) => x.text);
async function analyze(inputs: string | string[], options: Record<string, unknown> = {}, model = 'words'): Promise<Tok[][]> {
  const res = await post(app, '/tokenize', { inputs, model, ...options });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

t.test('the seed examples and the Chinese golden table, with every analyzer that reads the language', async (t) => {
  for (const m of ['words', 'words-en']) t.same(texts((await analyze('I love to eat pizza!', {}, m))[0]), ['I', 'love', 'to', 'eat', 'pizza', '!'], m);
  const golden: [string, string[]][] = [
    ['我喜欢吃披萨！', ['我', '喜欢', '吃', '披萨', '！']],
    ['南京市长江大桥', ['南京市', '长江大桥']],
    ['我来到北京清华大学', ['我', '来到', '北京', '清华大学']],
    ['今天天气很好', ['今天天气', '很', '好']],
  ];
  for (const [text, words] of golden) {
    for (const m of ['words', 'words-zh']) t.same(texts((await analyze(text, {}, m))[0]), words, `${m}: ${text}`);
  }
});

t.test('URLs and e-mail addresses are never split', async (t) => {
  const text = 'Email me at john.doe@example.com or https://example.com/a?b=1';
  for (const m of ['words', 'words-en', 'words-zh']) {
    const tokens = (await analyze(text, {}, m))[0];
    t.same(tokens.filter((x) => x.type === 'email' || x.type === 'url').map((x) => [x.text, x.type]),
      [['john.doe@example.com', 'email'], ['https://example.com/a?b=1', 'url']], m);
  }
  const zh = (await analyze('请访问https://example.com/a?b=1，或写信给john.doe@example.com。', {}, 'words-zh'))[0];
  t.ok(zh.some((x) => x.text === 'https://example.com/a?b=1' && x.type === 'url'));
  t.ok(zh.some((x) => x.text === 'john.doe@example.com' && x.type === 'email'));
});

t.test('POS: English from wink-nlp, Chinese jieba tags kept and mapped to Universal POS', async (t) => {
  const en = (await analyze('I love to eat pizza!', { pos: true }))[0];
  t.same(en.map((x) => x.pos), ['PRON', 'VERB', 'PART', 'VERB', 'NOUN', 'PUNCT']);
  const zh = (await analyze('我喜欢吃披萨！', { pos: true }))[0];
  t.same(zh.map((x) => x.tag), ['r', 'v', 'v', 'n', 'x']); // jieba's own tags
  t.same(zh.map((x) => x.pos), ['PRON', 'VERB', 'VERB', 'NOUN', 'PUNCT']);
  t.same((await analyze('南京市长江大桥', { pos: true }))[0].map((x) => [x.tag, x.pos]), [['ns', 'PROPN'], ['ns', 'PROPN']]);
  t.notOk('pos' in (await analyze('pizza'))[0][0], 'no pos unless asked');
});

t.test('segmentation and POS agree with the libraries themselves on a sentence table', async (t) => {
  const nlp = winkNLP(model);
  const english = ['The quick brown fox jumps over the lazy dog.', 'She paid $5.50 on March 3, 2024 :)', "I can't believe it's 10:30am #fun @bob"];
  for (const s of english) {
    const doc = nlp.readDoc(s);
    const tokens = (await analyze(s, { pos: true }, 'words-en'))[0];
    t.same(texts(tokens), doc.tokens().out(nlp.its.value), s);
    t.same(tokens.map((x) => x.pos), doc.tokens().out(nlp.its.pos), `${s} pos`);
  }
  const jieba = Jieba.withDict(dict);
  for (const s of ['小明硕士毕业于中国科学院计算所，后在日本京都大学深造', '他说这是2024年的新产品']) {
    const tokens = (await analyze(s, { pos: true }, 'words-zh'))[0];
    const ref = jieba.tag(s, true);
    t.same(texts(tokens), ref.map((x) => x.word), s);
    t.same(tokens.map((x) => x.tag), ref.map((x) => x.tag), `${s} tags`);
  }
});

t.test('token types, lemma, stem', async (t) => {
  const tokens = (await analyze("I can't pay $5 on 3rd June :) 😀 #fun @bob 45% 10:30am", { lemma: true, stem: true }, 'words-en'))[0];
  const type = (s: string) => tokens.find((x) => x.text === s)?.type;
  t.same(['😀', '#fun', '@bob', ':)', '3rd', '$', '10:30am', '45', '%'].map(type), ['emoji', 'hashtag', 'mention', 'emoticon', 'ordinal', 'currency', 'time', 'number', 'symbol']);
  t.equal(tokens.find((x) => x.text === 'ca')?.lemma, 'can');
  const run = (await analyze('running studies', { lemma: true, stem: true }, 'words-en'))[0];
  t.same(run.map((x) => [x.lemma, x.stem]), [['run', 'run'], ['study', 'studi']]);
  const mixed = (await analyze('東京は日本の首都です 😀👍🏽👨‍👩‍👧🇫🇷'))[0];
  t.same(texts(mixed), ['東京', 'は', '日本', 'の', '首都', 'です', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷'], 'Japanese via Intl.Segmenter; emoji sequences whole');
  t.ok(mixed.slice(-4).every((x) => x.type === 'emoji'));
});

t.test('entities, merged or not', async (t) => {
  const text = 'She paid $5.50 on March 3, 2024 in 北京';
  const tagged = (await analyze(text, { entities: true }))[0];
  t.same(tagged.filter((x) => x.entity).map((x) => [x.text, x.entity]),
    [['$', 'MONEY'], ['5.50', 'MONEY'], ['March', 'DATE'], ['3', 'DATE'], [',', 'DATE'], ['2024', 'DATE'], ['北京', 'LOCATION']]);
  const merged = (await analyze(text, { merge_entities: true, pos: true }))[0];
  t.same(texts(merged), ['She', 'paid', '$5.50', 'on', 'March 3, 2024', 'in', '北京']);
  t.same(merged.filter((x) => x.entity).map((x) => [x.type, x.entity]), [['entity', 'MONEY'], ['entity', 'DATE'], ['word', 'LOCATION']]);
  t.equal(merged[6].pos, 'PROPN');
  const spaced = (await analyze(text, { merge_entities: true, include_whitespace: true }))[0];
  t.equal(spaced.map((x) => x.text).join(''), text, 'with whitespace tokens the pieces rebuild the input');
});

t.test('preprocessing: normalized forms, filters, placeholders; text stays the input slice', async (t) => {
  const input = 'Ｈｅｌｌｏ　Café ﬁne! The URL https://X.com and bob@x.org 的';
  const base = { urls_emails: 'placeholder' };
  const cases: [Record<string, unknown>, [string, string][]][] = [
    [{ ...base, normalization: 'nfkc', lowercase: true, strip_accents: true },
      [['Ｈｅｌｌｏ', 'hello'], ['Café', 'cafe'], ['ﬁne', 'fine'], ['!', '!'], ['The', 'the'], ['URL', 'url'], ['https://X.com', '<URL>'], ['and', 'and'], ['bob@x.org', '<EMAIL>'], ['的', '的']]],
    [{ full_width_to_half_width: true, remove_punctuation: true, remove_stop_words: true, urls_emails: 'remove' },
      [['Ｈｅｌｌｏ', 'Hello'], ['Café', 'Café'], ['ﬁ', 'ﬁ'], ['ne', 'ne'], ['URL', 'URL']]],
  ];
  for (const [preprocessing, expected] of cases) {
    const tokens = (await analyze(input, { preprocessing }))[0];
    t.same(tokens.map((x) => [x.text, x.normalized]), expected, JSON.stringify(preprocessing));
    for (const x of tokens) t.equal([...input].slice(x.start, x.stop).join(''), x.text);
  }
});

t.test('offset units on an analyzer', async (t) => {
  const text = '我 😀!';
  for (const [unit, expected] of [['char', [[0, 1], [2, 3], [3, 4]]], ['utf16', [[0, 1], [2, 4], [4, 5]]], ['byte', [[0, 3], [4, 8], [8, 9]]]] as const) {
    t.same((await analyze(text, { offset_unit: unit }))[0].map((x) => [x.start, x.stop]), expected, unit);
  }
});

t.test('bad input is a documented 4xx', async (t) => {
  const cases: [unknown, number, string][] = [
    [{ inputs: [], model: 'words' }, 422, 'EMPTY_INPUT'],
    [{ inputs: 'x', model: 'words-fr' }, 404, 'UNKNOWN_MODEL'],
    [{ inputs: 'ok \ud800 no', model: 'words' }, 422, 'INVALID_TEXT'],
    [{ inputs: ['fine', 'a\udc00'], model: 'words-zh' }, 422, 'INVALID_TEXT'],
    [{ inputs: 'x', model: 'words', preprocessing: { lowercase: 'yes' } }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', model: 'words', preprocessing: { unknown: true } }, 400, 'VALIDATION_ERROR'],
    [{ inputs: 'x', model: 'bert-base-uncased', pos: true }, 422, 'INVALID_OPTION'],
    [{ inputs: 'x', model: 'bert-base-uncased', preprocessing: { lowercase: true } }, 422, 'INVALID_OPTION'],
  ];
  for (const [payload, status, code] of cases) {
    const res = await post(app, '/tokenize', payload);
    t.same([res.status, res.body.code], [status, code], JSON.stringify(payload));
  }
  const big = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'a'.repeat(10_000_000), model: 'words' } });
  t.equal(big.status, 413, '10 MB text');
  // Analyzers run on the main thread: one request's characters in all are bounded (MAX_ANALYZER_CHARS, 200k).
  const many = await post(app, '/tokenize', { inputs: Array(3).fill('我喜欢吃披萨！'.repeat(10_000)), model: 'words' });
  t.same([many.status, many.body.code], [413, 'ANALYSIS_TOO_LARGE'], '3 × 70,000 characters');
  const built = await post(app, '/vocab/build', { texts: Array(3).fill('我喜欢吃披萨！'.repeat(10_000)), model: 'words' });
  t.same([built.status, built.body.code], [413, 'ANALYSIS_TOO_LARGE'], 'the same budget for /vocab/build');
  t.same((await analyze(''))[0], [], 'an empty text has no tokens');
});

t.test('a TEI body on a subword model still answers TEI\'s shape', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-uncased' });
  t.same(Object.keys(res.body[0][1]).sort(), ['id', 'special', 'start', 'stop', 'text']);
  t.ok((await post(app, '/tokenize', { inputs: 'x', model: 'bert-base-uncased', pos: false, preprocessing: {} })).status === 200, 'defaults are accepted');
});

t.test('/info lists the analyzers', async (t) => {
  const res = await call(app, { method: 'GET', url: '/info' });
  const kinds = Object.fromEntries(res.body.models.map((m: { name: string; kind: string }) => [m.name, m.kind]));
  t.same([kinds.words, kinds['words-en'], kinds['words-zh']], ['analyzer', 'analyzer', 'analyzer']);
});

t.test('JIEBA_USER_DICT adds words to the Chinese dictionary', async (t) => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'jieba-dict-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'user.txt'), '吃披萨 100000 v\n');
  const custom = await buildTestApp(t, { MODELS: 'words-zh', DEFAULT_MODEL: 'words-zh', JIEBA_USER_DICT: join(dir, 'user.txt') });
  const res = await post(custom, '/tokenize', { inputs: '我喜欢吃披萨！', pos: true });
  t.same(res.body[0].map((x: Tok) => [x.text, x.tag]), [['我', 'r'], ['喜欢', 'v'], ['吃披萨', 'v'], ['！', 'x']]);
  t.same(texts((await analyze('我喜欢吃披萨！'))[0]), ['我', '喜欢', '吃', '披萨', '！'], 'the default dictionary is unchanged');
});
