import type { Normalizer } from '../tokenizer-json.js';
import { aligned, isBertControl, isChineseChar, WHITE_SPACE, type Aligned, type AlignedNormalizer } from '../normalize.js';
import { precompiledKeeps } from '../precompiled.js';
import type { UnitMap } from './section-model.js';

type NormalizerConfig = Normalizer | null | undefined;

/** A normalized section and where its units came from. */
export interface FastNormalized {
  text: string;
  map: UnitMap;
}

/**
 * Normalizes `text` (starting at `base` in the original) quickly, or returns null when this text needs
 * the general aligned normalizer (normalize.ts), whose results these must equal.
 */
export type FastNormalizer = (text: string, base: number) => FastNormalized | null;

const identity = (text: string, base: number): FastNormalized => ({ text, map: { base, starts: null, ends: null } });

/**
 * The fast normalizer for a tokenizer.json `normalizer`, or null when there is none for its type.
 * `general` is the aligned normalizer built from the same config (normalize.ts), for the pieces of text
 * the fast one hands over.
 */
export function fastNormalizer(cfg: NormalizerConfig, general: AlignedNormalizer | null): FastNormalizer | null {
  if (!cfg) return identity;
  switch (cfg.type) {
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': return general && unicodeForm(cfg.type, general);
    case 'BertNormalizer': return bertNormalizer(cfg);
    case 'Precompiled': {
      // Printable ASCII the charsmap keeps needs no work; anything else goes to the general normalizer.
      const keeps = precompiledKeeps(cfg.precompiled_charsmap);
      return keeps ? (text, base) => (keeps(text) ? identity(text, base) : null) : identity;
    }
    case 'Replace': return replaceChar(cfg, null);
    case 'Sequence': {
      const steps = cfg.normalizers;
      if (steps.length === 0) return identity;
      if (steps.length === 2 && steps[0].type === 'Prepend' && steps[1].type === 'Replace') return replaceChar(steps[1], steps[0].prepend);
      return null;
    }
    default: return null;
  }
}

const isBmpChar = (s: unknown): s is string => typeof s === 'string' && s.length === 1 && !(s >= '\ud800' && s <= '\udfff');

/**
 * Replace of one character by another (SentencePiece's " " → "▁"), optionally after a Prepend of one
 * character: every unit keeps its own alignment; the prepended one is aligned to the first character.
 */
function replaceChar(cfg: Extract<Normalizer, { type: 'Replace' }>, prefix: string | null): FastNormalizer | null {
  const pattern = cfg.pattern.String;
  if (!isBmpChar(pattern) || !isBmpChar(cfg.content) || (prefix !== null && !isBmpChar(prefix))) return null;
  const content = cfg.content;
  return (text, base) => {
    const replaced = text.replaceAll(pattern, content);
    if (prefix === null || text.length === 0) return identity(replaced, base);
    const starts = new Int32Array(text.length + 1);
    const ends = new Int32Array(text.length + 1);
    const first = text.codePointAt(0)! > 0xffff ? 2 : 1;
    starts[0] = base;
    ends[0] = base + first;
    for (let u = 0; u < text.length; u++) { starts[u + 1] = base + u; ends[u + 1] = base + u + 1; }
    return { text: prefix + replaced, map: { base, starts, ends } };
  };
}

/**
 * Writes where each UTF-16 unit of `a`'s text came from into `starts`/`ends` from unit `u` on (every
 * unit of a code point gets the code point's range, shifted by `shift`); returns the next unit.
 */
export function writeUnits(a: Aligned, starts: Int32Array, ends: Int32Array, u: number, shift = 0): number {
  a.chars.forEach((ch, i) => {
    for (let k = 0; k < ch.length; k++, u++) { starts[u] = shift + a.starts[i]; ends[u] = shift + a.ends[i]; }
  });
  return u;
}

/**
 * Text can be cut before any ASCII character without changing its normal form or its alignments: an
 * ASCII character has canonical combining class 0 (no mark reorders across it), is its own normal form
 * in all four forms, and is never the second character of a canonical composition (nothing before it
 * composes with it). At such a UAX #15 normalization boundary, normalizing the pieces apart and
 * concatenating equals normalizing the whole, and no output character draws on both sides, so the
 * alignments (the general normalizer's, like Hugging Face's) concatenate too. A piece is a run of
 * non-ASCII characters with the ASCII character before it (the base the run's marks may compose with).
 */
const NON_ASCII_RUN = /[^\0-\x7f]+/g;

/**
 * Unicode normal forms. Text already in the form keeps identity alignment; otherwise only the pieces
 * (see NON_ASCII_RUN) that change go through the general aligned normalizer, and the rest is aligned
 * code point by code point, as the general normalizer would align it.
 */
function unicodeForm(form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD', general: AlignedNormalizer): FastNormalizer {
  const changed = new Map<string, Aligned>(); // changed pieces (words recur), aligned from offset 0
  return (text, base) => {
    const whole = text.normalize(form);
    if (whole === text) return identity(text, base);
    const starts = new Int32Array(whole.length);
    const ends = new Int32Array(whole.length);
    let u = 0; // units of `whole` aligned so far
    let done = 0; // units of `text` aligned so far
    const keep = (to: number) => {
      while (done < to) {
        const c = text.charCodeAt(done);
        const w = c >= 0xd800 && c < 0xdc00 && done + 1 < to && (text.charCodeAt(done + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        for (let k = 0; k < w; k++, u++) { starts[u] = base + done; ends[u] = base + done + w; }
        done += w;
      }
    };
    NON_ASCII_RUN.lastIndex = 0;
    for (let m; (m = NON_ASCII_RUN.exec(text)) !== null;) {
      const from = Math.max(0, m.index - 1);
      const to = m.index + m[0].length;
      const piece = text.slice(from, to);
      if (piece.normalize(form) === piece) continue;
      keep(from);
      let a = changed.get(piece);
      if (a === undefined) {
        a = general(aligned(piece));
        if (changed.size < 4096) changed.set(piece, a);
      }
      u = writeUnits(a, starts, ends, u, base + from);
      done = to;
    }
    keep(text.length);
    // The pieces' forms add up to the whole's (see NON_ASCII_RUN); should they not, the caller falls back.
    return u === whole.length ? { text: whole, map: { base, starts, ends } } : null;
  };
}

const NONSPACING_MARK = /\p{Mn}/gu;
const MARK = /\p{M}/u;
const PLAIN_ASCII = /^[\x20-\x7e\t\n\r]*$/;

/**
 * BertNormalizer. Without combining marks in the input every step acts on one code point at a time
 * (the NFD clusters of normalize.ts are single characters), so each code point maps to a cached string
 * aligned to it. Text with marks goes to the general path.
 */
function bertNormalizer(cfg: Extract<Normalizer, { type: 'BertNormalizer' }>): FastNormalizer {
  const clean = cfg.clean_text !== false;
  const chinese = cfg.handle_chinese_chars !== false;
  const lower = cfg.lowercase !== false;
  const strip = (cfg.strip_accents ?? lower) === true;
  const mapped = new Map<number, string>();
  const mapChar = (ch: string): string => {
    if (clean) {
      if (ch === '\0' || ch === '\ufffd' || isBertControl(ch)) return '';
      if (WHITE_SPACE.test(ch)) return ' ';
    }
    let s = chinese && isChineseChar(ch.codePointAt(0)!) ? ` ${ch} ` : ch;
    if (strip) s = s.normalize('NFD').replace(NONSPACING_MARK, '');
    if (lower) s = [...s].map((c) => c.toLowerCase()).join('');
    return s;
  };
  return (text, base) => {
    if (PLAIN_ASCII.test(text)) {
      let out = lower ? text.toLowerCase() : text;
      if (clean) out = out.replace(/[\t\n\r]/g, ' ');
      return identity(out, base);
    }
    if (MARK.test(text)) return null;
    let out = '';
    const starts: number[] = [];
    const ends: number[] = [];
    let changed = false;
    for (let u = 0; u < text.length;) {
      const cp = text.codePointAt(u)!;
      const units = cp > 0xffff ? 2 : 1;
      let m = mapped.get(cp);
      if (m === undefined) {
        m = mapChar(String.fromCodePoint(cp));
        if (mapped.size < 65536) mapped.set(cp, m);
      }
      if (m.length !== units) changed = true;
      out += m;
      for (let k = 0; k < m.length; k++) { starts.push(base + u); ends.push(base + u + units); }
      u += units;
    }
    if (!changed) return identity(out, base);
    return { text: out, map: { base, starts: Int32Array.from(starts), ends: Int32Array.from(ends) } };
  };
}
