import type { TokenSink } from '../encoding.js';

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
  encode(norm: string, map: UnitMap, firstWord: number, out: TokenSink, sectionStart: number): number;
}

/**
 * Appends the tokens at `data[at]` (their count, then id, start, end each, start and end relative to the
 * pre-token, as WordCache stores them) of the pre-token at norm[pos, …) to `out`, mapping offsets back to
 * the original text the way the general path does (a token's end is the end of its last unit).
 */
export function pushTokens(out: TokenSink, data: Int32Array, at: number, pos: number, normLength: number, map: UnitMap, vocab: readonly string[], word: number): void {
  const last = at + 1 + 3 * data[at];
  if ('idsOnly' in out) {
    for (let k = at + 1; k < last; k += 3) out.ids.push(data[k]);
    return;
  }
  const { starts, ends, base } = map;
  for (let k = at + 1; k < last; k += 3) {
    const id = data[k];
    const s = pos + data[k + 1];
    const e = pos + data[k + 2];
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
