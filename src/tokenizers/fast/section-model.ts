import type { Encoding } from '../encoding.js';

/**
 * Where each UTF-16 unit of a normalized section came from in the original text: unit p covers
 * [starts[p], ends[p]); without arrays the section is the original text shifted by `base`.
 */
export interface UnitMap {
  base: number;
  starts: Int32Array | null;
  ends: Int32Array | null;
}

/** A fast pre-tokenizer + model: appends the tokens of one normalized section to `out`. */
export interface SectionModel {
  /**
   * Returns the next word index (each pre-token is one word). `sectionStart`: where the section begins in
   * the original text (Metaspace's `first` scheme prepends only at 0).
   */
  encode(norm: string, map: UnitMap, firstWord: number, out: Encoding, sectionStart: number): number;
}

/**
 * Appends the cached tokens of the pre-token at norm[pos, …) to `out`, mapping offsets back to the
 * original text the way the general path does (a token's end is the end of its last unit).
 */
export function pushTokens(out: Encoding, tokens: Int32Array, pos: number, normLength: number, map: UnitMap, vocab: readonly string[], word: number): void {
  const { starts, ends, base } = map;
  for (let k = 0; k < tokens.length; k += 3) {
    const id = tokens[k];
    const s = pos + tokens[k + 1];
    const e = pos + tokens[k + 2];
    let start: number;
    let end: number;
    if (starts === null) {
      start = base + s;
      end = e > s ? base + e : start;
    } else {
      start = s < normLength ? starts[s] : ends![normLength - 1];
      end = e > s ? ends![e - 1] : start;
    }
    out.ids.push(id); out.tokens.push(vocab[id]); out.offsets.push([start, end]); out.specialMask.push(0);
    out.added.push(false); out.wordIds.push(word); out.typeIds.push(0); out.sequenceIds.push(0); out.attentionMask.push(1);
  }
}
