import type { Encoding } from '../encoding.js';
import type { TokenizerJson } from '../load.js';
import { aligned, buildNormalizer } from '../normalize.js';
import { ByteLevelBpe } from './byte-level-bpe.js';
import { fastNormalizer, type FastNormalized } from './fast-normalize.js';
import type { SectionModel } from './section-model.js';
import { WordPieceBert } from './wordpiece.js';

/**
 * The fast path for one section (text between added tokens): normalization with alignment, then a
 * pre-tokenizer + model implemented here. Only configurations reproduced exactly get one; others keep
 * the transformers.js path.
 */
export interface FastSectionPath {
  /** Appends the tokens of `text` (at `start` in the original) to `out`; returns the next word index. */
  encode(text: string, start: number, firstWord: number, out: Encoding): number;
}

/**
 * Builds the fast path for `json`, or null when its model or pre-tokenizer is not covered. `vocab` and
 * `tokenToId` are the vocabulary both ways, `bpeRanks` BPE merges as "left right" → rank (transformers.js' maps, reused to keep loading short; added
 * tokens in them never matter here because they are split off before pre-tokenization).
 */
export function fastSectionPath(json: TokenizerJson, vocab: readonly string[], tokenToId: Map<string, number>, bpeRanks?: Map<string, number>): FastSectionPath | null {
  const modelVocab = json.model.vocab;
  if (!modelVocab || typeof modelVocab !== 'object' || Array.isArray(modelVocab)) return null;
  const model: SectionModel | null = ByteLevelBpe.create(json, vocab, tokenToId, bpeRanks) ?? WordPieceBert.create(json, vocab, tokenToId);
  if (!model) return null;
  const quick = fastNormalizer(json.normalizer);
  let general: ReturnType<typeof buildNormalizer>;
  try {
    general = buildNormalizer(json.normalizer);
  } catch {
    return null;
  }
  const normalize = (text: string, start: number): FastNormalized => {
    const done = quick?.(text, start);
    if (done) return done;
    if (!general) return { text, map: { base: start, starts: null, ends: null } };
    const a = general(aligned(text, start));
    const norm = a.chars.join('');
    const starts = new Int32Array(norm.length);
    const ends = new Int32Array(norm.length);
    let u = 0;
    a.chars.forEach((ch, i) => {
      for (let k = 0; k < ch.length; k++, u++) { starts[u] = a.starts[i]; ends[u] = a.ends[i]; }
    });
    return { text: norm, map: { base: start, starts, ends } };
  };
  return {
    encode(text, start, firstWord, out) {
      const { text: norm, map } = normalize(text, start);
      return norm.length === 0 ? firstWord : model.encode(norm, map, firstWord, out);
    },
  };
}
