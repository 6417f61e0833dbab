import type { TokenLookup } from '../token-index.js';
import type { TokenSink } from '../encoding.js';
import type { TokenizerJson } from '../tokenizer-json.js';
import { pushTokens, type SectionModel, type UnitMap } from './section-model.js';
import { WordCache, type CachedTokens } from './word-cache.js';

const OTHER = 0;
const SPACE = 1;
const PUNCT = 2;
// tokenizers' BertPreTokenizer: char::is_whitespace splits (removed), ASCII or Unicode punctuation is isolated.
const WHITE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const PUNCTUATION = /^[!-/:-@[-`{-~\p{P}]$/u;

function classify(ch: string): number {
  return WHITE_SPACE.test(ch) ? SPACE : PUNCTUATION.test(ch) ? PUNCT : OTHER;
}

/**
 * BertPreTokenizer + WordPiece (tokenizers' greedy longest-match-first) without transformers.js, with
 * a per-word cache of ids and offsets.
 */
export class WordPieceBert implements SectionModel {
  private readonly cache = new WordCache();
  private readonly ascii = new Uint8Array(128);
  private readonly classes = new Map<number, number>();

  private constructor(
    private readonly vocab: readonly string[],
    private readonly tokenToId: TokenLookup,
    private readonly unkId: number,
    private readonly prefix: string,
    private readonly maxChars: number,
  ) {
    for (let c = 0; c < 128; c++) this.ascii[c] = classify(String.fromCharCode(c));
  }

  /** The fast model for a BertPreTokenizer + WordPiece tokenizer.json, or null for anything else. */
  static create(json: TokenizerJson, vocab: readonly string[], tokenToId: TokenLookup): WordPieceBert | null {
    const model = json.model;
    if (model.type !== 'WordPiece' || json.pre_tokenizer?.type !== 'BertPreTokenizer') return null;
    const unkId = tokenToId.get(String(model.unk_token));
    if (unkId === undefined) return null;
    const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##';
    const maxChars = typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : 100;
    return new WordPieceBert(vocab, tokenToId, unkId, prefix, maxChars);
  }

  private classOf(cp: number): number {
    if (cp < 128) return this.ascii[cp];
    let c = this.classes.get(cp);
    if (c === undefined) {
      c = classify(String.fromCodePoint(cp));
      if (this.classes.size < 65536) this.classes.set(cp, c);
    }
    return c;
  }

  encode(norm: string, map: UnitMap, firstWord: number, out: TokenSink): number {
    let word = firstWord;
    let start = -1;
    const flush = (end: number) => {
      if (start < 0) return;
      let at = this.cache.find(norm, start, end);
      if (at < 0) at = this.cache.add(norm, start, end, this.tokenize(norm.slice(start, end)));
      pushTokens(out, this.cache.data, at, start, norm.length, map, this.vocab, word++);
      start = -1;
    };
    for (let u = 0; u < norm.length;) {
      const cp = norm.codePointAt(u)!;
      const units = cp > 0xffff ? 2 : 1;
      const cls = this.classOf(cp);
      if (cls === OTHER) {
        if (start < 0) start = u;
      } else {
        flush(u);
        if (cls === PUNCT) { start = u; flush(u + units); }
      }
      u += units;
    }
    flush(norm.length);
    return word;
  }

  /** Greedy longest-match-first over code points; a word with an unmatched rest is one unknown token. */
  private tokenize(word: string): CachedTokens {
    const bounds: number[] = [];
    for (let u = 0; u < word.length; u += word.codePointAt(u)! > 0xffff ? 2 : 1) bounds.push(u);
    bounds.push(word.length);
    const chars = bounds.length - 1;
    if (chars > this.maxChars) return Int32Array.of(this.unkId, 0, word.length);
    const out: number[] = [];
    for (let from = 0; from < chars;) {
      let found = -1;
      let to = chars;
      for (; to > from; to--) {
        const sub = word.slice(bounds[from], bounds[to]);
        const id = this.tokenToId.get(from > 0 ? this.prefix + sub : sub);
        if (id !== undefined) { found = id; break; }
      }
      if (found < 0) return Int32Array.of(this.unkId, 0, word.length);
      out.push(found, bounds[from], bounds[to]);
      from = to;
    }
    return Int32Array.from(out);
  }
}
