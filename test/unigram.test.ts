import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { readFileSync } from 'node:fs';
import { precompiledCharsmap } from '../src/tokenizers/precompiled.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { corpus } from './fixtures/corpus.js';
import { ourView, referenceView } from './fixtures/encoding-views.js';
import { trainedUnigram, unigramConfig } from './fixtures/unigram-model.js';
import { buildTestApp, call, post } from './helper.js';

/**
 * Unigram tokenizer.json files in MODEL_DIR, each compared with the reference (the `tokenizers` binding
 * loading the same file) on the multilingual corpus. The base model (fixtures/unigram-model.ts) is trained
 * by the project's own trainer on part of the corpus, so unknown characters and fused unknowns occur; the
 * variants change one setting each, and one adds astral pieces and byte fallback.
 */
const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-unigram-'));
t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
const base = trainedUnigram();

type Json = ReturnType<typeof trainedUnigram>;
const meta = (o: Record<string, unknown>) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true, ...o });
const bytePieces: [string, number][] = Array.from({ length: 256 }, (_, b) => [`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, -30]);
// Astral pieces by hand: emoji the training text never saw.
const astral: [string, number][] = [['😀', -9], ['👍', -9.5], ['▁🤖', -8], ['🏽', -11]];
// SentencePiece's nmt_nfkc charsmap, as T5, XLM-R and mBART carry it (fixtures/spm-precompiled/SOURCE.md).
const precompiled = JSON.parse(readFileSync(new URL('./fixtures/spm-precompiled/precompiled.json', import.meta.url), 'utf8'));
// Lines where the charsmap is not NFKC, or where its alignments are odd: halfwidth kana (a 6-byte cluster,
// replaced per character), removed control and zero-width characters (first in the text too), ligatures,
// circled and squared forms, combining marks.
const charsmapLines = ['\uff76\uff9e x', 'ﬁne ①② ㍻ ＡＢＣ', '\u0001abc', 'x\u200b y', 'e\u0301 cafe\u0301', '\t\ta\nb', 'ﾊﾟﾝ', '\u0001\u0002', ' \u00a0 x', 'Ⅻ ½ ㌀ 〜'];

const variants: Record<string, (j: Json) => Json> = {
  'uni-nfkc-always': (j) => j,
  'uni-first-nosplit': (j) => ({ ...j, pre_tokenizer: meta({ prepend_scheme: 'first', split: false }), decoder: meta({ prepend_scheme: 'first', split: false }) }),
  'uni-never': (j) => ({ ...j, pre_tokenizer: meta({ prepend_scheme: 'never' }), decoder: meta({ prepend_scheme: 'never' }) }),
  'uni-legacy-prefix': (j) => {
    const old = { type: 'Metaspace', replacement: '▁', add_prefix_space: true };
    return { ...j, pre_tokenizer: old, decoder: old };
  },
  'uni-nfd': (j) => ({ ...j, normalizer: { type: 'NFD' } }),
  'uni-nfc-lower': (j) => ({ ...j, normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }] } }),
  'uni-nfkd': (j) => ({ ...j, normalizer: { type: 'NFKD' } }),
  'uni-no-normalizer': (j) => ({ ...j, normalizer: null }),
  'uni-precompiled': (j) => ({ ...j, normalizer: precompiled }),
  // XLM-R's and T5's layout: their charsmap, then runs of spaces become one.
  'uni-space-runs': (j) => ({ ...j, normalizer: { type: 'Sequence', normalizers: [precompiled, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] } }),
  'uni-whitespace-split': (j) => ({ ...j, pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, meta({})] } }),
  'uni-astral-bytes': (j) => ({
    ...j,
    model: { ...j.model, byte_fallback: true, vocab: [...j.model.vocab, ...astral, ...bytePieces] },
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] },
  }),
};
const names = Object.keys(variants);
for (const name of names) {
  mkdirSync(join(modelDir, name));
  writeFileSync(join(modelDir, name, 'tokenizer.json'), JSON.stringify(variants[name](structuredClone(base))));
  writeFileSync(join(modelDir, name, 'tokenizer_config.json'), JSON.stringify(unigramConfig));
}

const app = await buildTestApp(t, { MODELS: names.join(','), DEFAULT_MODEL: names[0], MODEL_DIR: modelDir });
const lines = [...charsmapLines, ...corpus(2000)];

for (const name of names) {
  t.test(`${name}: ids, tokens, offsets, word ids, ids alone and decode equal the reference on ${lines.length} lines`, async (t) => {
    const ours = app.registry.getKind<SubwordTokenizer>(name, 'tokenizer', 'test');
    const reference = tk.Tokenizer.fromFile(join(modelDir, name, 'tokenizer.json'));
    let mismatches = 0;
    let unknown = 0;
    for (const line of lines) {
      const ref = await reference.encode(line);
      const e = ours.encode(line, null);
      const got = ourView(line, e);
      const want = referenceView(ref);
      const decoded = ours.decode(e.ids, false, false);
      const refDecoded = await reference.decode(ref.getIds(), false);
      const skipped = ours.decode(e.ids, true, false);
      const refSkipped = await reference.decode(ref.getIds(), true);
      if (ref.getIds().includes(1)) unknown++;
      const idsAlone = ours.encodeIds(line, true);
      if ((JSON.stringify(got) !== JSON.stringify(want) || decoded !== refDecoded || skipped !== refSkipped || JSON.stringify(idsAlone) !== JSON.stringify(ref.getIds())) && mismatches++ < 3) {
        t.same(got, want, `line ${JSON.stringify(line)}`);
        t.equal(decoded, refDecoded, 'decode');
        t.equal(skipped, refSkipped, 'decode without special tokens');
        t.same(idsAlone, ref.getIds(), 'ids alone (encodeIds)');
      }
    }
    t.equal(mismatches, 0, 'lines that differ from the reference');
    if (name !== 'uni-astral-bytes') t.ok(unknown > 0, `unknown pieces occur (${unknown} lines)`);
  });
}

t.test('the Metaspace decoder drops the prepended space; byte fallback and astral pieces are used', async (t) => {
  const res = await post(app, '/tokenize', { inputs: 'Hello world', model: 'uni-nfkc-always', add_special_tokens: false });
  const dec = await post(app, '/decode', { ids: res.body[0].map((x: { id: number }) => x.id), model: 'uni-nfkc-always' });
  t.same(dec.body, ['Hello world']);
  const reference = tk.Tokenizer.fromFile(join(modelDir, 'uni-astral-bytes', 'tokenizer.json'));
  const text = '😀 مرحبا 👍🏽';
  const enc = await post(app, '/encode', { inputs: text, model: 'uni-astral-bytes', return_tokens: true, return_offsets: true, offset_unit: 'char' });
  const ref = await reference.encode(text);
  t.same(enc.body.encodings[0].tokens, ref.getTokens());
  t.same(enc.body.encodings[0].offsets, ref.getOffsets());
  t.ok(ref.getTokens().includes('😀') && ref.getTokens().some((x) => /^<0x[0-9A-F]{2}>$/.test(x)), 'astral piece and byte fallback both occur');
});

t.test('the Precompiled charsmap is not NFKC on these lines (so the comparison above tells them apart); a malformed one fails', async (t) => {
  const withNfkc = tk.Tokenizer.fromString(JSON.stringify({ ...variants['uni-precompiled'](structuredClone(base)), normalizer: { type: 'NFKC' } }));
  const reference = tk.Tokenizer.fromFile(join(modelDir, 'uni-precompiled', 'tokenizer.json'));
  let differ = 0;
  for (const line of charsmapLines) if (JSON.stringify((await withNfkc.encode(line)).getIds()) !== JSON.stringify((await reference.encode(line)).getIds())) differ++;
  t.ok(differ >= 3, `${differ} of ${charsmapLines.length} lines differ`);
  t.throws(() => precompiledCharsmap(Buffer.from([8, 0, 0, 0, 1]).toString('base64')), /invalid trie size/);
  t.equal(precompiledCharsmap(null), null, 'no charsmap: no normalizer');
});

t.test('/info lists the MODEL_DIR Unigram folders as Unigram tokenizers', async (t) => {
  const info = await call(app, { method: 'GET', url: '/info' });
  const listed = info.body.models.filter((m: { name: string }) => names.includes(m.name));
  t.same(listed.map((m: { algorithm: string }) => m.algorithm), names.map(() => 'Unigram'));
});
