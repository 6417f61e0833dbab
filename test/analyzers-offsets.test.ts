import t from 'tap';
import { buildTestApp, post } from './helper.js';
import { mixedCorpus } from './fixtures/analysis/mixed-corpus.js';

// Offsets are exact: for every token of every line, the input sliced at [start, stop) is the token's
// text, tokens are ordered and disjoint, and (without removal options) every non-space character is
// covered — for each analyzer and each preprocessing option.
const app = await buildTestApp(t, { MODELS: 'words,words-en,words-zh', DEFAULT_MODEL: 'words', MAX_BATCH_SIZE: 256 });
const corpus = mixedCorpus(2000);

const options: Record<string, unknown>[] = [
  {}, { normalization: 'nfc' }, { normalization: 'nfkc' }, { full_width_to_half_width: true }, { strip_accents: true },
  { lowercase: true }, { remove_punctuation: true }, { remove_stop_words: true }, { urls_emails: 'remove' },
  { urls_emails: 'placeholder' },
  { normalization: 'nfkc', full_width_to_half_width: true, strip_accents: true, lowercase: true, remove_punctuation: true, remove_stop_words: true, urls_emails: 'placeholder' },
];
const removes = (p: Record<string, unknown>) => p.remove_punctuation || p.remove_stop_words || p.urls_emails === 'remove';

t.ok(corpus.length >= 2000 && corpus.some((l) => /\p{Script=Han}/u.test(l)) && corpus.some((l) => /\p{Extended_Pictographic}/u.test(l)));

for (const model of ['words', 'words-en', 'words-zh']) {
  t.test(model, async (t) => {
    for (const preprocessing of options) {
      let problems = 0;
      let tokens = 0;
      for (let i = 0; i < corpus.length; i += 250) {
        const lines = corpus.slice(i, i + 250);
        const extra = { merge_entities: i % 500 === 0, include_whitespace: i % 1000 === 0 };
        const res = await post(app, '/tokenize', { inputs: lines, model, preprocessing, offset_unit: 'utf16', ...extra });
        if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        res.body.forEach((line: { text: string; start: number; stop: number }[], k: number) => {
          const input = lines[k];
          let cursor = 0;
          const covered = new Uint8Array(input.length);
          for (const x of line) {
            tokens++;
            if (input.slice(x.start, x.stop) !== x.text || x.start < cursor || x.stop <= x.start) {
              if (problems++ < 5) t.fail(`line ${i + k}: ${JSON.stringify(x)} in ${JSON.stringify(input)}`);
            }
            cursor = x.stop;
            covered.fill(1, x.start, x.stop);
          }
          if (!removes(preprocessing)) {
            for (let c = 0; c < input.length; c++) {
              if (!covered[c] && !/\s/u.test(input[c]) && problems++ < 5) t.fail(`line ${i + k}: ${JSON.stringify(input[c])} at ${c} not covered in ${JSON.stringify(input)}`);
            }
          }
        });
      }
      t.equal(problems, 0, `${JSON.stringify(preprocessing)}: ${tokens} tokens exact`);
    }
  });
}

t.test('code point and byte offsets agree with the UTF-16 ones', async (t) => {
  const lines = corpus.slice(0, 200);
  const get = async (unit: string) => (await post(app, '/tokenize', { inputs: lines, offset_unit: unit, preprocessing: { normalization: 'nfkc' } })).body;
  const [u16, chars, bytes] = [await get('utf16'), await get('char'), await get('byte')];
  let bad = 0;
  lines.forEach((input, k) => {
    const cps = [...input];
    const buf = Buffer.from(input, 'utf8');
    u16[k].forEach((x: { text: string }, j: number) => {
      if (cps.slice(chars[k][j].start, chars[k][j].stop).join('') !== x.text) bad++;
      if (buf.subarray(bytes[k][j].start, bytes[k][j].stop).toString('utf8') !== x.text) bad++;
    });
  });
  t.equal(bad, 0);
});
