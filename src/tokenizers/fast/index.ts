import type { TokenSink } from '../encoding.js';
import type { TokenizerData } from '../vocab-data.js';
import { aligned, buildNormalizer } from '../normalize.js';
import { ByteLevelBpe } from './byte-level-bpe.js';
import { fastNormalizer, writeUnits, type FastNormalized } from './fast-normalize.js';
import type { SectionModel } from './section-model.js';
import { SentencePieceBpe } from './sentencepiece-bpe.js';
import { Unigram } from './unigram.js';
import { WordPieceBert } from './wordpiece.js';

/**
 * The fast path for one section (text between added tokens): normalization with alignment, then a
 * pre-tokenizer + model implemented here. Only configurations reproduced exactly get one; others keep
 * the transformers.js path.
 */
export interface FastSectionPath {
  /** Appends the tokens of `text` (at `start` in the original) to `out`; returns the next word index. */
  encode(text: string, start: number, firstWord: number, out: TokenSink): number;
}

/**
 * Builds the fast path for a tokenizer, or null when its model or pre-tokenizer is not covered. `data`
 * holds the vocabulary both ways and the BPE merge ranks (added tokens in them never matter here because
 * they are split off before pre-tokenization).
 */
export function fastSectionPath(data: TokenizerData): FastSectionPath | null {
  const { json, tokenToId, pairs } = data;
  // Holes (ids no token has) are never produced: every id here comes from the vocabulary or the merges.
  const vocab = data.vocab as readonly string[];
  if (tokenToId.size === 0) return null;
  const model: SectionModel | null = ByteLevelBpe.create(json, vocab, tokenToId, pairs) ?? WordPieceBert.create(json, vocab, tokenToId)
    ?? SentencePieceBpe.create(json, vocab, tokenToId, pairs) ?? Unigram.create(json, data.unigram);
  if (!model) return null;
  let general: ReturnType<typeof buildNormalizer>;
  try {
    general = buildNormalizer(json.normalizer);
  } catch {
    return null;
  }
  const quick = fastNormalizer(json.normalizer, general);
  const normalize = (text: string, start: number): FastNormalized => {
    const done = quick?.(text, start);
    if (done) return done;
    if (!general) return { text, map: { base: start, starts: null, ends: null } };
    const a = general(aligned(text, start));
    const norm = a.chars.join('');
    const starts = new Int32Array(norm.length);
    const ends = new Int32Array(norm.length);
    writeUnits(a, starts, ends, 0);
    return { text: norm, map: { base: start, starts, ends } };
  };
  return {
    encode(text, start, firstWord, out) {
      const { text: norm, map } = normalize(text, start);
      return norm.length === 0 ? firstWord : model.encode(norm, map, firstWord, out, start);
    },
  };
}
