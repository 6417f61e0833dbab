import type { TokenLookup } from '../token-index.js';
import type { TokenSink } from '../encoding.js';
import type { TokenizerJson } from '../tokenizer-json.js';
import { byteToChar } from '../byte-level.js';
import { BpeMerges, packByteTokens } from './bpe-merges.js';
import { pushTokens, type SectionModel, type UnitMap } from './section-model.js';
import { byteLevelSplitSteps, splitRange, type SplitStep } from './split-regex.js';
import { WordCache, type CachedTokens } from './word-cache.js';
import type { PairTable } from '../vocab-data.js';

const utf8 = new TextEncoder();
const NON_ASCII = /[\x80-\uffff]/;

/**
 * Byte-level BPE (GPT-2 family: GPT-4o, Llama 3, Qwen …) without transformers.js: the Split regexes
 * run once per section, each pre-token's UTF-8 bytes are merged by rank (bpe-merges.ts), and the
 * result (ids and offsets relative to the pre-token) is cached per pre-token string.
 */
export class ByteLevelBpe implements SectionModel {
  private readonly cache = new WordCache();
  private bytes = new Uint8Array(256);
  private sym = new Int32Array(256);
  private len = new Int32Array(256);
  private charStart = new Int32Array(256);
  private charEnd = new Int32Array(256);
  private pieces: number[] = [];
  /** Each ASCII character's token laid out as WordCache entries are (count 1, id, 0, 1), at 4 × its code. */
  private readonly asciiTokens = new Int32Array(4 * 128);
  /** The single Split step's regexes in sticky form: [Unicode, ASCII-only (or the Unicode one)]. */
  private readonly sticky: [RegExp, RegExp];

  private constructor(
    private readonly steps: SplitStep[],
    private readonly merges: BpeMerges,
    private readonly byteIds: Int32Array,
    private readonly vocab: readonly string[],
    private readonly wholeWords: TokenLookup | null,
  ) {
    for (let c = 0; c < 128; c++) this.asciiTokens.set([1, byteIds[c], 0, 1], 4 * c);
    const sticky = (r: RegExp) => new RegExp(r.source, r.flags.replace('g', 'y'));
    const unicode = sticky(steps[0].regex);
    this.sticky = [unicode, steps[0].ascii ? sticky(steps[0].ascii) : unicode];
  }

  /** The fast model for `json`, or null when it is not a byte-level BPE this class reproduces exactly. */
  static create(json: TokenizerJson, vocab: readonly string[], tokenToId: TokenLookup, pairs: PairTable | null): ByteLevelBpe | null {
    const model = json.model;
    if (model.type !== 'BPE' || model.dropout || model.continuing_subword_prefix || model.end_of_word_suffix) return null;
    const steps = byteLevelSplitSteps(json.pre_tokenizer);
    if (!steps || steps.length === 0) return null;
    const byteIds = new Int32Array(256);
    for (let b = 0; b < 256; b++) {
      const id = tokenToId.get(byteToChar[b]);
      if (id === undefined) return null; // would need unk / byte fallback handling
      byteIds[b] = id;
    }
    if (!pairs) return null;
    const merges = new BpeMerges(pairs, vocab, tokenToId);
    return new ByteLevelBpe(steps, merges, byteIds, vocab, model.ignore_merges === true ? tokenToId : null);
  }

  encode(norm: string, map: UnitMap, firstWord: number, out: TokenSink): number {
    const isAscii = !NON_ASCII.test(norm);
    if (this.steps.length === 1) return this.encodeOneStep(norm, map, firstWord, out, isAscii);
    const pieces = this.pieces;
    pieces.length = 0;
    splitRange(this.steps[0], norm, pieces, isAscii);
    for (let i = 1; i < this.steps.length; i++) {
      const coarse = pieces.slice();
      pieces.length = 0;
      const fine: number[] = [];
      for (let k = 0; k < coarse.length; k += 2) {
        fine.length = 0;
        splitRange(this.steps[i], norm.slice(coarse[k], coarse[k + 1]), fine, isAscii);
        for (const p of fine) pieces.push(coarse[k] + p);
      }
    }
    let word = firstWord;
    for (let k = 0; k < pieces.length; k += 2) this.pushPiece(norm, pieces[k], pieces[k + 1], map, word++, out);
    return word;
  }

  /**
   * The common case of one Split. Pre-tokens usually follow each other without a gap, so the sticky form of
   * the regex is tried first at the end of the previous one: RegExp.test builds no match array or
   * substring. Where it fails, the searching form finds the next match (what precedes it is a piece of
   * its own, or dropped when only matches are kept).
   */
  private encodeOneStep(norm: string, map: UnitMap, firstWord: number, out: TokenSink, isAscii: boolean): number {
    const step = this.steps[0];
    const useAscii = isAscii && step.ascii !== null;
    const sticky = useAscii ? this.sticky[1] : this.sticky[0];
    const search = useAscii ? step.ascii! : step.regex;
    const n = norm.length;
    let word = firstWord;
    let pos = 0;
    while (pos < n) {
      sticky.lastIndex = pos;
      if (sticky.test(norm)) {
        const end = sticky.lastIndex;
        this.pushPiece(norm, pos, end, map, word++, out);
        pos = end;
        continue;
      }
      search.lastIndex = pos;
      const m = search.exec(norm);
      const next = m === null ? n : m.index;
      if (!step.matchesOnly && next > pos) this.pushPiece(norm, pos, next, map, word++, out);
      if (m === null) break;
      pos = next + m[0].length;
      this.pushPiece(norm, next, pos, map, word++, out);
    }
    return word;
  }

  /** Appends the tokens of the pre-token norm[from, to). */
  private pushPiece(norm: string, from: number, to: number, map: UnitMap, word: number, out: TokenSink): void {
    const c = norm.charCodeAt(from);
    if (to - from === 1 && c < 0x80) {
      // One ASCII character is one byte, its own token.
      pushTokens(out, this.asciiTokens, 4 * c, from, norm.length, map, this.vocab, word);
      return;
    }
    let at = this.cache.find(norm, from, to);
    if (at < 0) at = this.cache.add(norm, from, to, this.tokenize(norm.slice(from, to)));
    pushTokens(out, this.cache.data, at, from, norm.length, map, this.vocab, word);
  }

  /** BPE of one pre-token, with each token's [start, end) in UTF-16 units of the pre-token. */
  private tokenize(piece: string): CachedTokens {
    if (this.bytes.length < piece.length * 3) this.grow(piece.length * 3);
    const n = utf8.encodeInto(piece, this.bytes).written;
    const { bytes, sym, len } = this;
    if (this.wholeWords) {
      // ignore_merges: a pre-token that is itself in the vocabulary is one token.
      const id = this.wholeWords.get(byteLevelString(piece, bytes, n));
      if (id !== undefined) return Int32Array.of(id, 0, piece.length);
    }
    for (let i = 0; i < n; i++) { sym[i] = this.byteIds[bytes[i]]; len[i] = 1; }
    const count = this.merges.merge(sym, len, n);
    if (n === piece.length) {
      // ASCII: byte i is UTF-16 unit i.
      const result = new Int32Array(count * 3);
      for (let t = 0, at = 0; t < count; t++) {
        result[t * 3] = sym[t];
        result[t * 3 + 1] = at;
        at += len[t];
        result[t * 3 + 2] = at;
      }
      return result;
    }
    return packByteTokens(piece, sym, len, count, this.charStart, this.charEnd);
  }

  private grow(size: number): void {
    this.bytes = new Uint8Array(size);
    this.sym = new Int32Array(size);
    this.len = new Int32Array(size);
    this.charStart = new Int32Array(size);
    this.charEnd = new Int32Array(size);
  }
}

/**
 * The byte-level spelling of `piece`, whose UTF-8 bytes are `bytes[0..n)`: printable ASCII stands for
 * itself, so an ASCII piece needs at most its first character (a space, as Ġ) spelled.
 */
function byteLevelString(piece: string, bytes: Uint8Array, n: number): string {
  if (n === piece.length) {
    let i = n;
    while (i > 0 && bytes[i - 1] >= 0x21 && bytes[i - 1] <= 0x7e) i--;
    if (i === 0) return piece;
    if (i === 1) return byteToChar[bytes[0]] + piece.slice(1);
  }
  let s = '';
  for (let i = 0; i < n; i++) s += byteToChar[bytes[i]];
  return s;
}
