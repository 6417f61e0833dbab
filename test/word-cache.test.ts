import t from 'tap';
import { WordCache } from '../src/tokenizers/fast/word-cache.js';

/** The tokens stored at `at` (count, then id, start, end each), as plain numbers. */
const tokensAt = (cache: WordCache, at: number) => Array.from(cache.data.subarray(at + 1, at + 1 + 3 * cache.data[at]));
const tokensOf = (word: string) => Array.from(word, (ch, i) => [ch.charCodeAt(0), i, i + 1]).flat();

t.test('finds what was added by its range in any text, through growth and after starting over', async (t) => {
  const cache = new WordCache(3000);
  const words = Array.from({ length: 2500 }, (_, i) => `w${i.toString(36)}${'x'.repeat(i % 7)}`);
  let wrong = 0;
  for (const w of words) {
    const text = `  ${w} `;
    if (cache.find(text, 2, 2 + w.length) !== -1) wrong++;
    const at = cache.add(text, 2, 2 + w.length, Int32Array.from(tokensOf(w)));
    if (tokensAt(cache, at).join() !== tokensOf(w).join()) wrong++;
  }
  t.equal(wrong, 0, 'each word is new, and add returns its tokens');
  for (const w of words) if (tokensAt(cache, cache.find(w, 0, w.length)).join() !== tokensOf(w).join()) wrong++;
  t.equal(wrong, 0, 'every word found with its tokens');
  t.equal(cache.find('w1', 0, 1), -1, 'a prefix of a key is not the key');
  t.equal(cache.find('zz', 0, 2), -1);
  t.equal(cache.find('', 0, 0), -1);
  for (let i = 0; i < 600; i++) cache.add(`n${i}`, 0, `n${i}`.length, Int32Array.of(i, 0, 1));
  t.equal(cache.find(words[0], 0, words[0].length), -1, 'full: started over');
  t.same(tokensAt(cache, cache.find('n599', 0, 4)), [599, 0, 1]);
});
