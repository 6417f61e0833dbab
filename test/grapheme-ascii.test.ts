/**
 * The shortcut of src/analyzers/segment.ts (isClusterBoundary): between two ASCII characters there is a
 * grapheme cluster boundary unless they are CR LF. Checked against Intl.Segmenter (ICU) for every pair of
 * ASCII characters, alone and between neighbours that join clusters (marks, ZWJ, emoji, regional
 * indicators, Hangul, Indic conjuncts).
 */
import t from 'tap';

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
// Each on one side at a time (the pair alone first).
const neighbours = ['\u0301', '\u200d', '😀', '🇫', '\u1100', '\u0915\u094d', '\u0600', '\r'];
const contexts: [string, string][] = [['', ''], ...neighbours.flatMap((n): [string, string][] => [[n, ''], ['', n]])];

t.test('two ASCII characters are two clusters, except CR LF', async (t) => {
  let checked = 0;
  let wrong = 0;
  for (let a = 0; a < 0x80; a++) {
    for (let b = 0; b < 0x80; b++) {
      const expected = !(a === 0x0d && b === 0x0a);
      for (const [before, after] of contexts) {
        const text = before + String.fromCharCode(a, b) + after;
        const pos = before.length + 1;
        const found = [...graphemes.segment(text)].some((s) => s.index === pos);
        checked++;
        if (found !== expected && wrong++ < 5) t.fail(`${JSON.stringify(text)} at ${pos}: ICU says ${found ? '' : 'no '}boundary`);
      }
    }
  }
  t.equal(wrong, 0, `${checked} texts`);
});
