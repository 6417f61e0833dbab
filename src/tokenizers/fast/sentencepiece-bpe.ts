import type { TokenLookup } from '../token-index.js';
import type { TokenSink } from '../encoding.js';
import type { Normalizer, PreTokenizer, TokenizerJson } from '../tokenizer-json.js';
import { PAIR_SHIFT, type PairTable } from '../vocab-data.js';
import { BpeMerges, packByteTokens } from './bpe-merges.js';
import { pushTokens, type SectionModel, type UnitMap } from './section-model.js';
import { WordCache, type CachedTokens } from './word-cache.js';

const utf8 = new TextEncoder();

/**
 * SentencePiece-style BPE (Llama 2, Gemma): the normalizer has already turned spaces into `▁`; the model
 * splits the text into characters, maps a character missing from the vocabulary to its UTF-8 byte pieces
 * `<0xXX>` (byte fallback) or to the unknown piece (fused when `fuse_unk`), and merges by rank exactly as
 * Hugging Face's BPE does over the whole pre-token.
 *
 * A pre-token is often a whole section (these tokenizers have no pre-tokenizer that splits on spaces).
 * To cache and to keep merging short, it is cut before each `▁` that no merge can join to what precedes
 * it: a merge (L, R) crosses such a cut only if R starts with `▁` and L ends with the preceding
 * character, and the merges tell which characters those are. With no merge across a cut the pieces
 * merge independently, so the result equals merging the whole.
 */
export class SentencePieceBpe implements SectionModel {
  private readonly cache = new WordCache();
  private bytes = new Uint8Array(256);
  private sym = new Int32Array(256);
  private len = new Int32Array(256);

  private constructor(
    private readonly merges: BpeMerges,
    private readonly vocab: readonly string[],
    private readonly tokenToId: TokenLookup,
    private readonly byteIds: Int32Array | null,
    private readonly unkId: number,
    private readonly fuseUnk: boolean,
    private readonly ignoreMerges: boolean,
    /** Characters after which a `▁` may be joined by a merge (no cut there). */
    private readonly joinsSpace: Set<string>,
    /** The pre-tokenizer's Split string (MergedWithPrevious), or null for none. */
    private readonly splitAfter: string | null,
  ) {}

  /** The fast model for a SentencePiece-style BPE tokenizer.json, or null when it is something else. */
  static create(json: TokenizerJson, vocab: readonly string[], tokenToId: TokenLookup, pairs: PairTable | null): SentencePieceBpe | null {
    const model = json.model;
    if (model.type !== 'BPE' || model.dropout || model.continuing_subword_prefix || model.end_of_word_suffix || !pairs) return null;
    const splitAfter = splitString(json.pre_tokenizer);
    if (splitAfter === undefined) return null;
    if (!replacesSpaces(json.normalizer)) return null;
    const unkId = typeof model.unk_token === 'string' ? tokenToId.get(model.unk_token) ?? -1 : -1;
    let byteIds: Int32Array | null = null;
    if (model.byte_fallback === true) {
      byteIds = new Int32Array(256);
      for (let b = 0; b < 256; b++) {
        const id = tokenToId.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        if (id === undefined) { byteIds = null; break; }
        byteIds[b] = id;
      }
    }
    if (!byteIds && unkId < 0) return null;
    const joinsSpace = spaceJoiners(pairs, vocab, unkId);
    if (!joinsSpace) return null;
    return new SentencePieceBpe(new BpeMerges(pairs, vocab, tokenToId), vocab, tokenToId, byteIds, unkId, model.fuse_unk === true,
      model.ignore_merges === true, joinsSpace, splitAfter);
  }

  encode(norm: string, map: UnitMap, firstWord: number, out: TokenSink): number {
    let word = firstWord;
    if (this.splitAfter === null) {
      this.encodeWord(norm, 0, norm.length, map, word++, out);
      return word;
    }
    let from = 0;
    for (let at = norm.indexOf(this.splitAfter); at >= 0; at = norm.indexOf(this.splitAfter, at + this.splitAfter.length)) {
      this.encodeWord(norm, from, at + this.splitAfter.length, map, word++, out);
      from = at + this.splitAfter.length;
    }
    if (from < norm.length) this.encodeWord(norm, from, norm.length, map, word++, out);
    return word;
  }

  private encodeWord(norm: string, from: number, to: number, map: UnitMap, word: number, out: TokenSink): void {
    if (this.ignoreMerges) {
      const id = this.tokenToId.get(norm.slice(from, to));
      if (id !== undefined) {
        pushTokens(out, Int32Array.of(1, id, 0, to - from), 0, from, norm.length, map, this.vocab, word);
        return;
      }
    }
    let start = from;
    for (let at = norm.indexOf('▁', from + 1); at >= 0 && at < to; at = norm.indexOf('▁', at + 1)) {
      if (at > start && !this.joinsSpace.has(charBefore(norm, at))) {
        this.pushPiece(norm, start, at, map, word, out);
        start = at;
      }
    }
    this.pushPiece(norm, start, to, map, word, out);
  }

  private pushPiece(norm: string, from: number, to: number, map: UnitMap, word: number, out: TokenSink): void {
    let at = this.cache.find(norm, from, to);
    if (at < 0) at = this.cache.add(norm, from, to, this.tokenize(norm.slice(from, to)));
    pushTokens(out, this.cache.data, at, from, norm.length, map, this.vocab, word);
  }

  /** BPE of one piece, with each token's [start, end) in UTF-16 units of the piece. */
  private tokenize(piece: string): CachedTokens {
    if (this.sym.length < piece.length * 4) this.grow(piece.length * 4);
    const { sym, len } = this;
    // Initial symbols: one per character, or its bytes, or the unknown piece (fused runs when fuse_unk).
    let n = 0;
    let pendingUnk = 0; // bytes of a pending unknown symbol
    for (let u = 0; u < piece.length;) {
      const cp = piece.codePointAt(u)!;
      const units = cp > 0xffff ? 2 : 1;
      const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      const id = this.tokenToId.get(piece.slice(u, u + units));
      if (id !== undefined) {
        if (pendingUnk) { sym[n] = this.unkId; len[n++] = pendingUnk; pendingUnk = 0; }
        sym[n] = id; len[n++] = width;
      } else if (this.byteIds) {
        const written = utf8.encodeInto(piece.slice(u, u + units), this.bytes).written;
        for (let b = 0; b < written; b++) { sym[n] = this.byteIds[this.bytes[b]]; len[n++] = 1; }
      } else {
        if (pendingUnk && !this.fuseUnk) { sym[n] = this.unkId; len[n++] = pendingUnk; pendingUnk = 0; }
        pendingUnk += width;
      }
      u += units;
    }
    if (pendingUnk) { sym[n] = this.unkId; len[n++] = pendingUnk; }
    const count = this.merges.merge(sym, len, n);
    // A byte piece covers its whole character.
    const total = len.subarray(0, count).reduce((a, b) => a + b, 0);
    return packByteTokens(piece, sym, len, count, new Int32Array(total), new Int32Array(total));
  }

  private grow(size: number): void {
    this.bytes = new Uint8Array(size);
    this.sym = new Int32Array(size);
    this.len = new Int32Array(size);
  }
}

function charBefore(text: string, at: number): string {
  const c = text.charCodeAt(at - 1);
  return c >= 0xdc00 && c < 0xe000 && at >= 2 ? text.slice(at - 2, at) : text[at - 1];
}

/**
 * The pre-tokenizer: none (null), or a Split on a literal string with MergedWithPrevious (Gemma's, on " ",
 * which its normalizer has already replaced); undefined for anything else.
 */
function splitString(cfg: PreTokenizer | null): string | null | undefined {
  if (!cfg) return null;
  if (cfg.type === 'Split' && cfg.behavior === 'MergedWithPrevious' && cfg.invert !== true && typeof cfg.pattern.String === 'string' && cfg.pattern.String !== '') return cfg.pattern.String;
  return undefined;
}

/** The normalizer turns spaces into `▁` (Replace " " → "▁", alone or after a Prepend "▁"). */
function replacesSpaces(cfg: Normalizer | null): boolean {
  if (!cfg) return false;
  const steps = cfg.type === 'Sequence' ? cfg.normalizers : [cfg];
  const last = steps[steps.length - 1];
  if (last?.type !== 'Replace' || last.pattern.String !== ' ' || last.content !== '▁') return false;
  return steps.slice(0, -1).every((s) => s.type === 'Prepend' && s.prepend === '▁');
}

/**
 * The characters a merge may join to a following `▁`: last characters of every merge's left side whose
 * right side starts with `▁`. Null when a merge involves byte or unknown pieces (whose text is not the
 * text they stand for): then no cut is known to be safe.
 */
function spaceJoiners(pairs: PairTable, vocab: readonly string[], unkId: number): Set<string> | null {
  // Per id: 1 = byte or unknown piece, 2 = starts with ▁ (typed arrays: the loop below sees every merge).
  const kind = new Uint8Array(vocab.length);
  vocab.forEach((token, id) => {
    if (token === undefined) return;
    if (id === unkId || (token.length === 6 && BYTE_PIECE.test(token))) kind[id] = 1;
    else if (token.charCodeAt(0) === SPACE_MARK) kind[id] = 2;
  });
  const out = new Set<string>();
  const seen = new Uint8Array(vocab.length);
  for (const key of pairs.keys) {
    const left = Math.floor(key / PAIR_SHIFT);
    const right = key - left * PAIR_SHIFT;
    if (kind[left] === 1 || kind[right] === 1) return null;
    if (kind[right] === 2 && !seen[left]) {
      seen[left] = 1;
      const l = vocab[left];
      if (l) out.add(charBefore(l, l.length));
    }
  }
  return out;
}

const SPACE_MARK = 0x2581; // ▁
const BYTE_PIECE = /^<0x[0-9A-Fa-f]{2}>$/;
