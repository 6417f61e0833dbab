/**
 * The word tokenizer of the static word-vector models (glove-100d). Deliberately simple and documented,
 * so results are predictable; the word analyzers of src/analyzers/ may replace it later.
 *
 * - A word is a maximal run of letters, combining marks and digits, optionally joined by single inner
 *   hyphens or apostrophes (`well-known`, `don't`, `o'neill`). Everything else (spaces, punctuation,
 *   symbols, emoji) separates words and is not embedded.
 * - Lookup is lowercased (the vocabulary is lowercase).
 * - A joined word missing from the vocabulary is looked up part by part (`don't` → `don`, `t`), so
 *   `x-compute-tokens` counts lookup units, not words.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const JOINER = /['’-]/u;

/** The words of `text`, lowercased, in order. */
export function words(text: string): string[] {
  return Array.from(text.toLowerCase().matchAll(WORD), (m) => m[0]);
}

/**
 * Lookup units of `text`: each word, or its parts when the joined word is unknown (`has` says whether a
 * string is in the vocabulary). Units not in the vocabulary are still returned (they are OOV).
 */
export function lookupUnits(text: string, has: (word: string) => boolean): string[] {
  const units: string[] = [];
  for (const word of words(text)) {
    if (has(word) || !JOINER.test(word)) units.push(word);
    else units.push(...word.split(JOINER));
  }
  return units;
}
