import t from 'tap';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { fastNormalizer } from '../src/tokenizers/fast/fast-normalize.js';
import { buildNormalizer } from '../src/tokenizers/normalize.js';
import { offsetConverter } from '../src/tokenizers/offsets.js';
import { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { corpus } from './fixtures/corpus.js';

/**
 * The Unicode-form fast normalizer (fast/fast-normalize.ts) cuts text that is not in the normal form into
 * pieces before ASCII characters and sends only the changed pieces through the general normalizer. Ids
 * and offsets must stay those of Hugging Face tokenizers (the oracle, loading the same tokenizer.json) for
 * all four forms: Qwen3's own NFC, and copies of it whose normalizer is NFD, NFKC or NFKD.
 */
const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');
const qwen = (await discoverCatalog(loadConfig(process.env))).find((s) => s.name === 'qwen3')!.dir!;
const work = mkdtempSync(join(tmpdir(), 'fast-normalize-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

const cases = [
  'cafe\u0301 nai\u0308ve re\u0301sume\u0301', // decomposed Latin, composing with an ASCII base
  '=\u0338 <\u0338 a\u030a', // ASCII bases that compose into non-ASCII (≠ ≮ å)
  '\u1100\u1161\u11a8 \u1112\u1161\u11ab \u1100\uac00\u11a8 \uac00\u11a8x', // Hangul jamo, LV syllable + T
  'Приве\u0306т и\u0306 И\u0306 мир', // Cyrillic with U+0306
  'a\u0316\u0301 o\u0301\u0316 e\u0301\u0316\u0323x \u0323\u0301q', // marks that reorder
  '\u0301abc', '\u0316\u0301e\u0301', ' \u0301 \u0308', // marks at the start, marks after a space
  '<|im_start|>\u0301e\u0301<|im_end|>e\u0301', // marks at the start of a section after an added token
  '\u212a \u037e \u1fef \u2126 \u00c5', // canonical singletons, some to ASCII
  '😀e\u0301😀 \ud835\udc00\u0301 👩‍👩‍👧 cafe\u0301🇫🇷', // surrogate pairs next to changed pieces
  'ﬁ ﬂ ℌ ① Ⅻ x² \uff76\uff9e \u3300 ｆｕｌｌ', // compatibility characters (NFKC/NFKD)
  '我喜欢吃披萨！e\u0301 東京\u3099 한국어\u1161 مرحبا\u0651 नमस्ते\u093c', // other scripts around changes
];

for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) {
  t.test(`${form}: ids and offsets equal Hugging Face tokenizers on text not in ${form}`, async (t) => {
    const folder = join(work, form);
    cpSync(qwen, folder, { recursive: true });
    const file = join(folder, 'tokenizer.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), normalizer: { type: form } }));
    const ours = await SubwordTokenizer.load(form, folder, 'test');
    const reference = Tokenizer.fromFile(file);
    const quick = fastNormalizer({ type: form }, buildNormalizer({ type: form }))!;
    const lines = [...cases, ...corpus(300).filter((line) => line.normalize(form) !== line)];
    let differ = 0;
    let fallbacks = 0;
    for (const line of lines) {
      // Text not in the form must be served piece by piece, not by the general normalizer as a whole.
      if (line.normalize(form) !== line && !quick(line, 7)?.map.starts) fallbacks++;
      const ref = await reference.encode(line);
      const e = ours.encode(line, null);
      const toChar = offsetConverter(line, 'char');
      const got = { ids: e.ids, offsets: e.offsets.map(([s, x]) => [toChar(s), toChar(x)]) };
      const want = { ids: ref.getIds(), offsets: ref.getOffsets() };
      if (JSON.stringify(got) !== JSON.stringify(want) && differ++ < 3) t.same(got, want, JSON.stringify(line));
    }
    t.equal(fallbacks, 0, 'texts the fast normalizer left to the general one');
    t.equal(differ, 0, `texts that differ from the reference, of ${lines.length}`);
  });
}
