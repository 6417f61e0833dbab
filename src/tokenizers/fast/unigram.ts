import type { TokenSink } from '../encoding.js';
import type { TokenizerJson } from '../tokenizer-json.js';
import type { UnigramPieces } from '../vocab-data.js';
import type { SectionModel, UnitMap } from './section-model.js';
import { spmPreTokenizer, whitespaceSplit, type MetaspaceConfig } from './metaspace.js';
import { WordCache } from './word-cache.js';

/** The reference's penalty below the lowest piece score for an unknown character. */
const UNK_PENALTY = 10;
const utf8 = new TextEncoder();

/**
 * Unigram (SentencePiece) as Hugging Face tokenizers runs it: the pre-tokenizer (WhitespaceSplit and/or
 * Metaspace in all its settings), then per pre-token the best segmentation by total piece score (the
 * reference's optimized Viterbi: pieces tried shortest first, a strictly better score replaces, a
 * character no one-character piece covers is unknown at the lowest score minus 10), consecutive unknown
 * pieces fused into one, byte fallback for them when the vocabulary has the byte pieces. Token strings
 * and offsets are the reference's: an unknown token shows its text; byte-fallback tokens span the whole
 * unknown text.
 */
export class Unigram implements SectionModel {
  /** Per pre-token: [id, start, end] triples relative to it. */
  private readonly cache = new WordCache();
  private readonly ids: Map<string, number>;
  private readonly maxUnits: number;
  private readonly unkScore: number;
  private readonly bytes: Int32Array | null;

  private constructor(
    private readonly pieces: UnigramPieces,
    private readonly unkId: number,
    private readonly whitespace: boolean,
    private readonly metaspace: MetaspaceConfig | null,
    byteFallback: boolean,
  ) {
    this.ids = new Map(pieces.pieces.map((p, id) => [p, id]));
    let maxUnits = 1;
    let min = Infinity;
    pieces.pieces.forEach((p, id) => {
      if (p.length > maxUnits) maxUnits = p.length;
      if (pieces.scores[id] < min) min = pieces.scores[id];
    });
    this.maxUnits = maxUnits;
    this.unkScore = min - UNK_PENALTY;
    let bytes: Int32Array | null = null;
    if (byteFallback) {
      bytes = new Int32Array(256);
      for (let b = 0; b < 256; b++) {
        const id = this.ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        if (id === undefined) { bytes = null; break; }
        bytes[b] = id;
      }
    }
    this.bytes = bytes;
  }

  /** The fast model for a Unigram tokenizer.json with a pre-tokenizer reproduced here, or null. */
  static create(json: TokenizerJson, pieces: UnigramPieces | null | undefined): Unigram | null {
    const model = json.model;
    if (model.type !== 'Unigram' || !pieces || pieces.pieces.length === 0) return null;
    // Without an unknown piece the reference fails on an uncovered character: leave that to the general path.
    const unkId = typeof model.unk_id === 'number' && model.unk_id < pieces.pieces.length ? model.unk_id : -1;
    if (unkId < 0) return null;
    const pre = spmPreTokenizer(json.pre_tokenizer);
    if (!pre) return null;
    return new Unigram(pieces, unkId, pre.whitespaceSplit, pre.metaspace, model.byte_fallback === true);
  }

  encode(norm: string, map: UnitMap, firstWord: number, out: TokenSink, sectionStart: number): number {
    const at = (u: number): number => (map.starts ? map.starts[u] : map.base + u);
    const endAt = (u: number): number => (map.ends ? map.ends[u] : map.base + u + 1);
    const ranges: number[] = [];
    if (this.whitespace) whitespaceSplit(norm, ranges);
    else ranges.push(0, norm.length);
    let word = firstWord;
    for (let r = 0; r < ranges.length; r += 2) {
      const from = ranges[r];
      const to = ranges[r + 1];
      if (!this.metaspace) {
        this.push(norm.slice(from, to), (u) => at(from + u), (u) => endAt(from + u), word++, out);
        continue;
      }
      // Metaspace: spaces become the replacement, which may also be put in front (aligned to the first
      // character); the text is then split before each replacement.
      const { replacement, prepend, split } = this.metaspace;
      let text = norm.slice(from, to).replaceAll(' ', replacement);
      const starts: number[] = [];
      const ends: number[] = [];
      const firstOriginal = this.whitespace ? at(from) : sectionStart;
      const lead = !text.startsWith(replacement) && (prepend === 'always' || (prepend === 'first' && firstOriginal === 0));
      if (lead) {
        const width = norm.codePointAt(from)! > 0xffff ? 2 : 1;
        for (let k = 0; k < replacement.length; k++) { starts.push(at(from)); ends.push(endAt(from + width - 1)); }
        text = replacement + text;
      }
      for (let u = from; u < to; u++) {
        const n = norm.charCodeAt(u) === 0x20 ? replacement.length : 1;
        for (let k = 0; k < n; k++) { starts.push(at(u)); ends.push(endAt(u)); }
      }
      let pieceStart = 0;
      const flush = (end: number) => {
        if (end > pieceStart) this.push(text.slice(pieceStart, end), (u) => starts[pieceStart + u], (u) => ends[pieceStart + u], word++, out);
        pieceStart = end;
      };
      if (split) {
        for (let u = text.indexOf(replacement, 1); u >= 0; u = text.indexOf(replacement, u + 1)) flush(u);
      }
      flush(text.length);
    }
    return word;
  }

  /** Tokens of one pre-token; `startOf(u)` / `endOf(u)`: the original range of its unit u. */
  private push(piece: string, startOf: (u: number) => number, endOf: (u: number) => number, word: number, out: TokenSink): void {
    let at = this.cache.find(piece, 0, piece.length);
    if (at < 0) at = this.cache.add(piece, 0, piece.length, this.tokenize(piece));
    const tokens = this.cache.data;
    const last = at + 1 + 3 * tokens[at];
    if ('idsOnly' in out) {
      for (let k = at + 1; k < last; k += 3) out.ids.push(tokens[k]);
      return;
    }
    for (let k = at + 1; k < last; k += 3) {
      const id = tokens[k];
      const s = tokens[k + 1];
      const e = tokens[k + 2];
      out.ids.push(id); out.tokens.push(id === this.unkId ? piece.slice(s, e) : this.pieces.pieces[id]);
      out.offsets.push([startOf(s), endOf(e - 1)]); out.specialMask.push(0); out.added.push(false);
      out.wordIds.push(word); out.typeIds.push(0); out.sequenceIds.push(0); out.attentionMask.push(1);
    }
  }

  /** Best segmentation of `text` (positions in UTF-16 units), then unknown fusing and byte fallback. */
  private tokenize(text: string): Int32Array {
    const n = text.length;
    const score = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const id = new Int32Array(n + 1);
    const { scores } = this.pieces;
    for (let s = 0; s < n;) {
      const width = text.codePointAt(s)! > 0xffff ? 2 : 1;
      const base = score[s];
      let single = false;
      const limit = Math.min(n, s + this.maxUnits);
      for (let e = s + width; e <= limit;) {
        const piece = this.ids.get(text.slice(s, e));
        if (piece !== undefined) {
          const candidate = scores[piece] + base;
          if (from[e] < 0 || candidate > score[e]) { score[e] = candidate; from[e] = s; id[e] = piece; }
          if (e === s + width) single = true;
        }
        e += e < n && text.codePointAt(e)! > 0xffff ? 2 : 1;
      }
      if (!single) {
        const candidate = this.unkScore + base;
        const e = s + width;
        if (from[e] < 0 || candidate > score[e]) { score[e] = candidate; from[e] = s; id[e] = this.unkId; }
      }
      s += width;
    }
    // Back from the end; runs of unknown pieces become one string.
    const spans: number[] = [];
    for (let e = n; e > 0;) {
      const s = from[e];
      if (id[e] === this.unkId && spans.length > 0 && spans[spans.length - 1] === -1 && spans[spans.length - 3] === e) {
        spans[spans.length - 3] = s;
      } else {
        spans.push(s, e, id[e] === this.unkId ? -1 : id[e]);
      }
      e = s;
    }
    const result: number[] = [];
    for (let k = spans.length - 3; k >= 0; k -= 3) {
      const s = spans[k];
      const e = spans[k + 1];
      let piece = spans[k + 2];
      if (piece === -1) {
        // A fused unknown string is looked up as a whole, then falls back to bytes or the unknown piece.
        const surface = text.slice(s, e);
        piece = this.ids.get(surface) ?? -1;
        if (piece < 0 && this.bytes) {
          for (const b of utf8.encode(surface)) result.push(this.bytes[b], s, e);
          continue;
        }
        if (piece < 0) piece = this.unkId;
      }
      result.push(piece, s, e);
    }
    return Int32Array.from(result);
  }
}
