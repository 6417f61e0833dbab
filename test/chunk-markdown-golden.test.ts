/**
 * POST /chunk `boundary: "markdown"` over HTTP (inject) on hand-made documents whose expected chunks follow
 * from the rules (CommonMark decides what is a heading or a code block) and from token counts of the
 * reference tokenizer (Hugging Face tokenizers, the Rust binding): sections before blocks, a heading kept
 * with what it introduces, code kept whole, heading paths on every boundary, include_headings, offsets
 * in every unit with CR LF line ends. The property test on real READMEs is chunk-markdown.test.ts.
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildTestApp, post } from './helper.js';
import { loadConfig } from '../src/config.js';
import { discoverCatalog } from '../src/models/catalog.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,words' });
const dir = (await discoverCatalog(loadConfig(process.env))).find((s) => s.name === 'bert-base-uncased')!.dir;
const bert = Tokenizer.fromFile(join(dir!, 'tokenizer.json'));
/** Reference tokens of a chunk as /chunk counts it: [CLS] text [SEP]. */
const tokens = async (text: string) => (await bert.encode(text)).getIds().length;

interface Chunk { text: string; start: number; stop: number; token_count: number; split: string; headings: string[]; heading_prefix?: string }
const chunks = async (body: object): Promise<Chunk[]> => {
  const res = await post(app, '/chunk', { model: 'bert-base-uncased', ...body });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body.chunks[0];
};

t.test('heading sections first, a too-long section cut at its subsections; setext and ATX headings; a heading never ends a chunk', async (t) => {
  const parts = [
    'Project\n=======\n\nA small library that turns text into tokens and counts them quickly.\n\n',
    'Install\n-------\n\n### From npm\n\nRun npm install project in the folder of your application.\n\n',
    '### From source\n\nClone the repository, then build it with npm run build and test it.\n\n',
    '# License ##\n\nMIT, see the license file.\n',
  ];
  const doc = parts.join('');
  const sizes = await Promise.all(parts.map(tokens));
  const max = Math.max(...sizes);
  // The Install section (parts 1 and 2) and the Project section (parts 0-2) are too long for one chunk.
  t.ok(await tokens(parts[1] + parts[2]) > max && await tokens(parts[0] + parts[1]) > max, `sizes ${sizes}, max ${max}`);
  const got = await chunks({ inputs: doc, max_tokens: max, boundary: 'markdown' });
  t.same(got.map((c) => c.text), parts, 'one chunk per section; "Install" stays with its first subsection');
  t.same(got.map((c) => c.headings), [['Project'], ['Project', 'Install'], ['Project', 'Install', 'From source'], ['License']]);
  t.same(got.map((c) => c.split), ['boundary', 'boundary', 'boundary', 'boundary']);
  t.same(got.map((c) => c.token_count), sizes);
  const whole = await chunks({ inputs: doc, max_tokens: 512, boundary: 'markdown' });
  t.same(whole.map((c) => [c.text, c.headings]), [[doc, ['Project']]], 'a document that fits is one chunk');
});

t.test('a code block that fits a chunk is never cut: its heading goes alone rather than cut it; a longer one keeps its heading', async (t) => {
  const code = '```js\n' + Array.from({ length: 12 }, (_, i) => `const value${i} = compute(${i}, "item ${i}");`).join('\n') + '\n```\n';
  const doc = `## Usage\n\n${code}\nThat is all.\n`;
  const max = await tokens(code + '\n');
  t.ok(await tokens(`## Usage\n\n${code}\n`) > max);
  const got = await chunks({ inputs: doc, max_tokens: max, boundary: 'markdown' });
  t.same(got.map((c) => c.text), ['## Usage\n\n', code + '\n', 'That is all.\n']);
  t.same(got.map((c) => c.split), ['boundary', 'boundary', 'boundary']);
  t.ok(got.every((c) => c.headings.join() === 'Usage'));
  // Too long for any chunk: cut between its lines, and said so; the heading then goes with its first lines.
  const small = await chunks({ inputs: doc, max_tokens: 40, boundary: 'markdown' });
  t.match(small[0].text, /^## Usage\n\n```js\nconst value0 = [^\n]*\n/);
  const inside = small.filter((c) => c.start > 10 && c.start < 10 + code.length);
  t.ok(inside.length > 1 && inside.every((c) => doc[c.start - 1] === '\n' && c.split === 'fallback'), 'cut at line starts inside the code, fallback');
  t.same(small.map((c) => c.text).join(''), doc);
});

t.test('headings on every boundary: not inside code fences or block quotes; [] without headings', async (t) => {
  const doc = '# Guide\n\nFirst paragraph here.\n\n```\n# not a heading\n```\n\n> # Quoted heading\n\nLast paragraph here.\n';
  for (const boundary of ['markdown', 'paragraph', 'sentence', 'word', 'token']) {
    const got = await chunks({ inputs: doc, max_tokens: 9, boundary });
    t.ok(got.length > 3, `${boundary}: ${got.length} chunks`);
    t.same(got.map((c) => c.headings), got.map(() => ['Guide']), `${boundary}: every chunk is under "Guide"`);
  }
  const plain = await chunks({ inputs: 'No heading here. Just text.\n\nAnd more text.', max_tokens: 8, boundary: 'sentence' });
  t.ok(plain.every((c) => c.headings.length === 0));
  const words = await post(app, '/chunk', { inputs: '# Title\n\nSome words here.', model: 'words', max_tokens: 4, boundary: 'markdown' });
  t.same(words.body.chunks[0].map((c: Chunk) => c.headings), words.body.chunks[0].map(() => ['Title']), 'word analyzers too');
});

t.test('include_headings: the breadcrumb is counted with the text, which stays the exact slice', async (t) => {
  const parts = ['# Guide\n\n## Install\n\nRun the installer and wait until it finishes. Then open the program.\n\n', '## Use\n\nType a question and read the answer.\n'];
  const doc = parts.join('');
  // "# Guide" cannot end a chunk, so the first chunk is Guide with its Install section, under "Guide".
  t.ok(await tokens(`Guide\n\n${parts[0]}`) <= 24 && await tokens(`Guide\n\n${doc}`) > 24);
  const got = await chunks({ inputs: doc, max_tokens: 24, boundary: 'markdown', include_headings: true });
  t.same(got.map((c) => [c.text, c.headings, c.heading_prefix]), [[parts[0], ['Guide'], 'Guide\n\n'], [parts[1], ['Guide', 'Use'], 'Guide > Use\n\n']]);
  for (const c of got) {
    t.equal(c.text, doc.slice(c.start, c.stop));
    const n = await tokens(c.heading_prefix + c.text);
    t.ok(n === c.token_count && n <= 24, `${JSON.stringify(c.heading_prefix + c.text)}: ${n} tokens`);
  }
  const none = await chunks({ inputs: doc, max_tokens: 24, boundary: 'markdown' });
  t.ok(none.every((c) => !('heading_prefix' in c)), 'no prefix unless asked');
  // A heading longer than half a chunk's room is left out of the breadcrumb (a setext heading can be a whole paragraph).
  const long = `${'word '.repeat(40)}\n---\n\nText under it.\n`;
  const crumbs = await chunks({ inputs: long, max_tokens: 32, boundary: 'markdown', include_headings: true });
  t.ok(crumbs.every((c) => c.heading_prefix === '' && c.token_count <= 32));
});

t.test('offsets in every unit with CR LF line ends and characters outside the BMP', async (t) => {
  const doc = '# Café ☕\r\n\r\nText 👍 about coffee and tea and cake.\r\n\r\n## Sub 😀\r\n\r\nMore text 👍 here and there.\r\n';
  for (const offset_unit of ['char', 'utf16', 'byte'] as const) {
    const got = await chunks({ inputs: doc, max_tokens: 14, boundary: 'markdown', offset_unit });
    const slice = (s: number, e: number) => offset_unit === 'byte' ? Buffer.from(doc).subarray(s, e).toString()
      : offset_unit === 'char' ? [...doc].slice(s, e).join('') : doc.slice(s, e);
    for (const c of got) t.equal(slice(c.start, c.stop), c.text, `${offset_unit}: ${JSON.stringify(c.text)}`);
    t.same(got.map((c) => c.headings.join(' > ')).filter((v, i, a) => a.indexOf(v) === i), ['Café ☕', 'Café ☕ > Sub 😀'], offset_unit);
    t.equal(got.map((c) => c.text).join(''), doc);
  }
});

t.test('bad input answers a documented 4xx', async (t) => {
  t.match(await post(app, '/chunk', { inputs: '# x', max_tokens: 8, include_headings: 'yes' }), { status: 400, body: { code: 'VALIDATION_ERROR' } });
  t.match(await post(app, '/chunk', { inputs: '# x', max_tokens: 8, boundary: 'Markdown' }), { status: 400, body: { code: 'VALIDATION_ERROR' } });
  const small = await buildTestApp(t, { MODELS: 'bert-base-uncased', MAX_ANALYZER_CHARS: 100 });
  t.match(await post(small, '/chunk', { inputs: '# Title\n\n' + 'Text. '.repeat(30), max_tokens: 8, boundary: 'markdown' }), { status: 413, body: { code: 'ANALYSIS_TOO_LARGE' } });
});

t.test('random Markdown-like text: never a 5xx; chunks cover the input, re-encode within max_tokens', async (t) => {
  const pieces = ['#', '## ', '\n', '\r\n', '\n\n', '```', '~~~', '- ', '1. ', '  ', '> ', '|', ' | ', '---', '===', '<div>', 'word', 'two words.', '\t', '👍', '\\#', '*'];
  let runs = 0;
  await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), fc.integer({ min: 4, max: 24 }), async (list, include, max) => {
    const doc = list.join('');
    const res = await post(app, '/chunk', { inputs: doc, model: 'bert-base-uncased', max_tokens: max, boundary: 'markdown', include_headings: include, offset_unit: 'utf16' });
    runs++;
    if (res.status !== 200) return res.status < 500 && res.body.code === 'CHUNK_TOO_SMALL';
    const got: Chunk[] = res.body.chunks[0];
    if (got.map((c) => c.text).join('') !== doc) return false;
    for (const c of got) if (c.text !== doc.slice(c.start, c.stop) || (await tokens((c.heading_prefix ?? '') + c.text)) !== c.token_count || c.token_count > max) return false;
    return true;
  }), { numRuns: 300, seed: 23 });
  t.equal(runs, 300);
});

t.test('token boundaries in a worker thread give the same headings and breadcrumbs', async (t) => {
  const pooled = await buildTestApp(t, { MODELS: 'bert-base-uncased', TOKENIZATION_WORKERS: 1, WORKER_MIN_CHARS: 100 });
  await pooled.workers.start();
  const doc = '# Guide\n\n' + 'Some words of text. '.repeat(20) + '\n\n## Part two\n\n' + 'More words here. '.repeat(20);
  const body = { inputs: doc, max_tokens: 40, boundary: 'token', include_headings: true };
  const [a, b] = [await post(pooled, '/chunk', body), await post(app, '/chunk', body)];
  t.equal(a.status, 200);
  t.same(a.body, b.body);
  t.ok(a.body.chunks[0].some((c: Chunk) => c.heading_prefix === 'Guide > Part two\n\n'));
});
