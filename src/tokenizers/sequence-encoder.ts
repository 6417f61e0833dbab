import type { PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { aligned, buildNormalizer, type AlignedNormalizer } from './normalize.js';
import { byteLevelToText } from './byte-level.js';
import { emptyEncoding, type Encoding, type IdsOnly } from './encoding.js';
import { findComponent, type AddedTokenJson } from './tokenizer-json.js';
import type { TokenizerData } from './vocab-data.js';
import type { FastSectionPath } from './fast/index.js';

interface Section {
  text: string;
  start: number;
  added?: AddedTokenJson;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const utf8 = new TextEncoder();
const BYTE_FALLBACK = /^<0x[0-9A-Fa-f]{2}>$/;

/**
 * Encodes one text into tokens with offsets into the original text: added tokens are split out first,
 * each remaining section is normalized with alignment (normalize.ts), pre-tokenized and run through the
 * model by transformers.js, and each token is placed back on the text it covers.
 */
export class SequenceEncoder {
  private readonly addedRegex: RegExp | null;
  private readonly addedGroups: boolean;
  private readonly addedByContent: Map<string, AddedTokenJson>;
  private readonly normalizer: AlignedNormalizer | null;
  private readonly byteLevel: boolean;
  private readonly metaspace: string | null;
  private readonly modelType: string;
  private readonly subwordPrefix: string;
  private readonly wordSuffix: string;
  private readonly unkToken: string | null;
  private readonly byteFallback: boolean;
  private readonly fast: FastSectionPath | null;

  private readonly tj: PreTrainedTokenizer;

  /**
   * `fast`: the fast path built for `data` (fastSectionPath), null when it does not cover the
   * configuration; then `tj` (transformers.js) is needed.
   */
  constructor(data: TokenizerData, tj: PreTrainedTokenizer | null, fast: FastSectionPath | null) {
    const json = data.json;
    // Longest first: Hugging Face matches added tokens leftmost-longest.
    const added = [...json.added_tokens].sort((a, b) => b.content.length - a.content.length);
    this.addedByContent = new Map(added.map((t) => [t.content, t]));
    // Without lstrip/rstrip the match is the token itself: no capture groups (hundreds of them made each match slow).
    this.addedGroups = added.some((t) => t.lstrip || t.rstrip);
    this.addedRegex = !added.length ? null
      : this.addedGroups
        ? new RegExp(added.map((t) => `${t.lstrip ? '\\s*' : ''}(${escapeRegExp(t.content)})${t.rstrip ? '\\s*' : ''}`).join('|'), 'g')
        : new RegExp(added.map((t) => escapeRegExp(t.content)).join('|'), 'g');
    this.normalizer = buildNormalizer(json.normalizer);
    this.byteLevel = findComponent(json.pre_tokenizer, 'ByteLevel') !== null;
    const meta = findComponent(json.pre_tokenizer, 'Metaspace');
    this.metaspace = meta ? String(meta.replacement ?? '▁') : null;
    const model = json.model;
    this.modelType = model.type;
    this.subwordPrefix = 'continuing_subword_prefix' in model && typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
    this.wordSuffix = model.type === 'BPE' && typeof model.end_of_word_suffix === 'string' ? model.end_of_word_suffix : '';
    this.unkToken = model.type === 'Unigram' ? (typeof model.unk_id === 'number' ? (data.vocab[model.unk_id] ?? null) : null)
      : typeof model.unk_token === 'string' ? model.unk_token : null;
    this.byteFallback = 'byte_fallback' in model && model.byte_fallback === true;
    this.fast = fast;
    if (!this.fast && !tj) throw new Error('this tokenizer configuration needs transformers.js');
    this.tj = tj!;
  }

  /** Tokens of `text` without special tokens: type id 0, sequence id 0. */
  encode(text: string): Encoding {
    const out = emptyEncoding();
    let word = 0;
    const push = (id: number, token: string, start: number, end: number, w: number) => {
      out.ids.push(id); out.tokens.push(token); out.offsets.push([start, end]); out.specialMask.push(0);
      out.added.push(false); out.wordIds.push(w); out.typeIds.push(0); out.sequenceIds.push(0); out.attentionMask.push(1);
    };
    this.splitAdded(text).forEach((section, sectionIndex) => {
      if (section.added) {
        push(section.added.id, section.added.content, section.start, section.start + section.text.length, word++);
        return;
      }
      word = this.encodeSection(section, sectionIndex, word, out, push);
    });
    return out;
  }

  /** `encode(text).ids`, without the other arrays where the fast path covers the tokenizer. */
  encodeIds(text: string): number[] {
    if (!this.fast) return this.encode(text).ids;
    const out: IdsOnly = { idsOnly: true, ids: [] };
    let word = 0;
    for (const section of this.splitAdded(text)) {
      if (section.added) {
        out.ids.push(section.added.id);
        word++;
      } else {
        word = this.fast.encode(section.text, section.start, word, out);
      }
    }
    return out.ids;
  }

  private splitAdded(text: string): Section[] {
    if (!this.addedRegex) return [{ text, start: 0 }];
    const sections: Section[] = [];
    let last = 0;
    const regex = this.addedRegex;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text)) !== null) {
      let content = m[0];
      if (this.addedGroups) {
        let g = 1;
        while (m[g] === undefined) g++;
        content = m[g];
      }
      const start = m.index + m[0].indexOf(content);
      if (m.index > last) sections.push({ text: text.slice(last, m.index), start: last });
      sections.push({ text: content, start, added: this.addedByContent.get(content) });
      last = m.index + m[0].length;
    }
    if (last < text.length) sections.push({ text: text.slice(last), start: last });
    return sections;
  }

  private encodeSection(
    section: Section, sectionIndex: number, firstWord: number, out: Encoding,
    push: (id: number, token: string, start: number, end: number, w: number) => void,
  ): number {
    if (this.fast) return this.fast.encode(section.text, section.start, firstWord, out);
    // Normalized text, and for each of its UTF-16 units the original [start, end).
    let norm: string;
    let unitStart: Int32Array | null = null;
    let unitEnd: Int32Array | null = null;
    if (this.normalizer) {
      const a = this.normalizer(aligned(section.text, section.start));
      norm = a.chars.join('');
      unitStart = new Int32Array(norm.length);
      unitEnd = new Int32Array(norm.length);
      let u = 0;
      a.chars.forEach((ch, i) => {
        for (let k = 0; k < ch.length; k++, u++) { unitStart![u] = a.starts[i]; unitEnd![u] = a.ends[i]; }
      });
    } else {
      norm = section.text;
    }
    if (norm.length === 0) return firstWord;
    const toStart = (p: number): number => (p >= norm.length ? toEnd(norm.length) : unitStart ? unitStart[p] : section.start + p);
    const toEnd = (p: number): number => (p <= 0 ? toStart(0) : unitEnd ? unitEnd[p - 1] : section.start + p);

    const words: string[] = this.tj.pre_tokenizer ? this.tj.pre_tokenizer(norm, { section_index: sectionIndex }) : [norm];
    let cursor = 0;
    let word = firstWord;
    for (const w of words) {
      let surface = this.byteLevel ? byteLevelToText(w) : this.metaspace ? w.replaceAll(this.metaspace, ' ') : w;
      let pos = norm.indexOf(surface, cursor);
      let virtual = 0; // leading characters added by the pre-tokenizer (add_prefix_space), not in the text
      if (pos < 0 && surface.startsWith(' ')) {
        virtual = 1;
        pos = norm.indexOf(surface.slice(1), cursor);
      }
      if (pos < 0) throw new Error('pre-tokenizer output could not be aligned with the input');
      const tokens: string[] = this.tj.model([w]);
      const ids = this.tj.model.convert_tokens_to_ids(tokens);
      const spans = this.tokenSpans(surface, tokens);
      surface = surface.slice(virtual);
      tokens.forEach((token, i) => {
        const s = Math.max(0, spans[i][0] - virtual);
        const e = Math.max(0, spans[i][1] - virtual);
        const start = toStart(pos + s);
        push(ids[i], token, start, e > s ? toEnd(pos + e) : start, word);
      });
      cursor = pos + surface.length;
      word++;
    }
    return word;
  }

  /** [start, end) of each token inside the word's surface text, in UTF-16 units. */
  private tokenSpans(surface: string, tokens: string[]): [number, number][] {
    // Byte position → UTF-16 range of the character holding it.
    const bytes = utf8.encode(surface);
    const charStart = new Int32Array(bytes.length + 1);
    const charEnd = new Int32Array(bytes.length + 1);
    let b = 0;
    let u = 0;
    for (const ch of surface) {
      const n = utf8.encode(ch).length;
      for (let k = 0; k < n; k++, b++) { charStart[b] = u; charEnd[b] = u + ch.length; }
      u += ch.length;
    }
    charStart[b] = u; charEnd[b] = u;
    const total = bytes.length;
    // A byte-level token has one character per byte (all in the BMP, so one UTF-16 unit each).
    const lengths = this.byteLevel ? tokens.map((t) => t.length) : this.pieceLengths(surface, tokens);
    const spans: [number, number][] = [];
    let at = 0;
    for (const len of lengths) {
      const from = Math.min(at, total);
      const to = Math.min(at + len, total);
      spans.push(to > from ? [charStart[from], charEnd[to - 1]] : [charStart[from], charStart[from]]);
      at = to;
    }
    return spans;
  }

  /** UTF-8 byte lengths of non-byte-level tokens (WordPiece, SentencePiece BPE/Unigram). */
  private pieceLengths(surface: string, tokens: string[]): number[] {
    const bytes = utf8.encode(surface);
    const total = bytes.length;
    if (this.modelType === 'WordPiece' && tokens.length === 1 && tokens[0] === this.unkToken) return [total];
    let used = 0;
    return tokens.map((token, i) => {
      let len: number;
      if (token === this.unkToken) {
        // An unknown piece covers the rest of the word when last, else one character (its UTF-8 lead byte tells how long).
        const lead = bytes[used] ?? 0;
        len = i === tokens.length - 1 ? total - used : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      } else if (this.byteFallback && BYTE_FALLBACK.test(token)) {
        len = 1;
      } else {
        let piece = token;
        if (i > 0 && this.subwordPrefix && piece.startsWith(this.subwordPrefix)) piece = piece.slice(this.subwordPrefix.length);
        if (this.wordSuffix && piece.endsWith(this.wordSuffix)) piece = piece.slice(0, -this.wordSuffix.length);
        if (this.metaspace) piece = piece.replaceAll(this.metaspace, ' ');
        len = utf8.encode(piece).length;
      }
      used += len;
      return len;
    });
  }
}
