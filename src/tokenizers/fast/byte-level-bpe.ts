import type { TokenLookup } from '../token-index.js';
import type { Encoding } from '../encoding.js';
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
  private readonly cache = new WordCache<CachedTokens>();
  private bytes = new Uint8Array(256);
  private sym = new Int32Array(256);
  private len = new Int32Array(256);
  private charStart = new Int32Array(256);
  private charEnd = new Int32Array(256);
  private pieces: number[] = [];

  private constructor(
    private readonly steps: SplitStep[],
    private readonly merges: BpeMerges,
    private readonly byteIds: Int32Array,
    private readonly vocab: readonly string[],
    private readonly wholeWords: TokenLookup | null,
  ) {}

  /** The fast model for `json`, or null when it is not a byte-level BPE this class reproduces exactly. */
  static create(json: TokenizerJson, vocab: readonly string[], tokenToId: TokenLookup, pairs: PairTable | null): ByteLevelBpe | null {
    const model = json.model;
    if (model.type !== 'BPE' || model.dropout || model.continuing_subword_prefix || model.end_of_word_suffix) return null;
        const steps = byteLevelSplitSteps(json.pre_tokenizer);
    if (!steps) return null;
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

  encode(norm: string, map: UnitMap, firstWord: number, out: Encoding): number {
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
    for (let k = 0; k < pieces.length; k += 2) this.pushPiece(norm.slice(pieces[k], pieces[k + 1]), pieces[k], norm.length, map, word++, out);
    return word;
  }

  /** The common case of one Split: the regex loop inline, each match string used as the cache key. */
  private encodeOneStep(norm: string, map: UnitMap, firstWord: number, out: Encoding, isAscii: boolean): number {
    const step = this.steps[0];
    const regex = isAscii && step.ascii ? step.ascii : step.regex;
    regex.lastIndex = 0;
    let word = firstWord;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(norm)) !== null) {
      if (!step.matchesOnly && m.index > last) this.pushPiece(norm.slice(last, m.index), last, norm.length, map, word++, out);
      this.pushPiece(m[0], m.index, norm.length, map, word++, out);
      last = m.index + m[0].length;
    }
    if (!step.matchesOnly && last < norm.length) this.pushPiece(norm.slice(last), last, norm.length, map, word++, out);
    return word;
  }

  private pushPiece(piece: string, pos: number, normLength: number, map: UnitMap, word: number, out: Encoding): void {
    let tokens = this.cache.get(piece);
    if (tokens === undefined) {
      tokens = this.tokenize(piece);
      this.cache.set(piece, tokens);
    }
    pushTokens(out, tokens, pos, normLength, map, this.vocab, word);
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
