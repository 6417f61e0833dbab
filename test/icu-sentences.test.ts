/**
 * Sentence breaks found window by window (src/analyzers/icu-sentences.ts) against Intl.Segmenter over the
 * whole text, the reference: the same breaks on random texts built from the characters UAX #29's
 * sentence rules treat specially (tiny windows, so that nearly every break is a window restart) and on
 * the README corpus.
 */
import t from 'tap';
import fc from 'fast-check';
import { icuSentenceStarts } from '../src/analyzers/icu-sentences.js';
import { readmeCorpus } from './fixtures/readme-corpus.js';

const whole = (text: string, segmenter: Intl.Segmenter) => [...segmenter.segment(text)].map((s) => s.index).filter((i) => i > 0);
const segmenters = ['en', 'zh'].map((locale) => new Intl.Segmenter(locale, { granularity: 'sentence' }));

// Terminators (ATerm, STerm, 。！), closing punctuation, spaces, paragraph separators (CR LF, CR, LF, NEL,
// U+2029), SContinue (, ; :), Extend and Format marks, upper and lower case, digits, Han, abbreviations.
const pieces = ['a', 'b ', 'A', 'Mr', '. ', '.', '。', '！', '?', '!', '"', '”', ')', '」', ' ', '  ', '\t', '\n', '\r\n', '\r',
  '\u2029', '\u0085', '1', '2.5', '，', ';', ':', ',', '\u0301', '\u00ad', 'etc.', '今天', 'Ω', 'e.g. ', '...', 'x'];

t.test('random texts of sentence-rule characters: the breaks of the whole text, whatever the window', async (t) => {
  let runs = 0;
  // A mismatch throws, with the shrunk counterexample.
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), fc.integer({ min: 1, max: 16 }), fc.constantFrom(...segmenters), (list, window, segmenter) => {
    runs++;
    const text = list.join('');
    return JSON.stringify(icuSentenceStarts(text, segmenter, window)) === JSON.stringify(whole(text, segmenter));
  }), { numRuns: 5000, seed: 23 });
  t.equal(runs, 5000);
});

t.test('README files: the breaks of the whole text', async (t) => {
  const corpus = readmeCorpus();
  t.equal(corpus.length, 30);
  let breaks = 0;
  for (const { path, text } of corpus) {
    for (const segmenter of segmenters) {
      const expected = whole(text, segmenter);
      breaks += expected.length;
      t.same(icuSentenceStarts(text, segmenter, 64), expected, path);
    }
  }
  t.ok(breaks > 10_000, `${breaks} breaks`);
});

t.test('edges: empty text, no break, one window', async (t) => {
  const [en] = segmenters;
  t.same(icuSentenceStarts('', en), []);
  t.same(icuSentenceStarts('no terminator at all', en, 4), []);
  t.same(icuSentenceStarts('One. Two. Three.', en), [5, 10]);
});
