/**
 * Normalizers of tokenizer.json, re-implemented with alignment: every normalized code point remembers
 * the [start, end) range (UTF-16 units) of the original text it came from, as Hugging Face's
 * NormalizedString does. Offsets are then mapped back through these alignments.
 */
import { compileSplitRegex } from './fast/split-regex.js';
import { precompiledCharsmap } from './precompiled.js';
import { unsupported, type Normalizer } from './tokenizer-json.js';

export interface Aligned {
  /** Normalized code points. */
  chars: string[];
  /** Original [start, end) in UTF-16 units, per normalized code point. */
  starts: number[];
  ends: number[];
}

export type AlignedNormalizer = (input: Aligned) => Aligned;

/** Splits `text` into code points aligned to themselves; `base` shifts all offsets. */
export function aligned(text: string, base = 0): Aligned {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = base;
  for (const ch of text) {
    chars.push(ch);
    starts.push(pos);
    pos += ch.length;
    ends.push(pos);
  }
  return { chars, starts, ends };
}

/** Replaces each code point by 0..n code points, all aligned to the original one. */
function mapChars(f: (ch: string) => string): AlignedNormalizer {
  return (input) => {
    const out: Aligned = { chars: [], starts: [], ends: [] };
    input.chars.forEach((ch, i) => {
      const mapped = f(ch);
      if (mapped === ch) {
        out.chars.push(ch); out.starts.push(input.starts[i]); out.ends.push(input.ends[i]);
        return;
      }
      for (const m of mapped) {
        out.chars.push(m); out.starts.push(input.starts[i]); out.ends.push(input.ends[i]);
      }
    });
    return out;
  };
}

const MARK = /\p{M}/u;

/**
 * Unicode normalization forms, applied cluster by cluster so each output code point can be aligned.
 * A cluster is a character with the marks after it, extended by any character whose normalization with
 * the cluster differs from normalizing them apart (Hangul jamo that compose into a syllable). Within a
 * changed cluster the first output code point is aligned to the first original one and the rest to the
 * last ones (composition merges characters into the first; expansion repeats the last), as Hugging
 * Face's alignments do: "e\u0301" → "é" keeps only the e's range, "a\u0316\u0301" → "á\u0316" aligns
 * the U+0316 to the last mark, "ﬁ" → "fi" aligns both letters to the ligature.
 */
function unicodeForm(form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD'): AlignedNormalizer {
  return (input) => {
    const out: Aligned = { chars: [], starts: [], ends: [] };
    const n = input.chars.length;
    const emit = (i: number, j: number) => {
      const cluster = input.chars.slice(i, j).join('');
      const normalized = cluster.normalize(form);
      const chars = normalized === cluster ? input.chars.slice(i, j) : [...normalized];
      const shrink = (j - i) - chars.length; // original code points merged away by composition
      chars.forEach((m, k) => {
        const from = k === 0 ? i : Math.min(i + k + Math.max(0, shrink), j - 1);
        out.chars.push(m); out.starts.push(input.starts[from]); out.ends.push(input.ends[from]);
      });
    };
    let i = 0;
    let cluster = '';
    for (let j = 0; j < n; j++) {
      const ch = input.chars[j];
      // Marks always join (a mark can compose with a base across other marks); other characters join
      // when they interact with the cluster (Hangul jamo).
      if (j > i && !MARK.test(ch) && (cluster + ch).normalize(form) === cluster.normalize(form) + ch.normalize(form)) {
        emit(i, j);
        i = j;
        cluster = '';
      }
      cluster += ch;
    }
    if (n > i) emit(i, n);
    return out;
  };
}

function filterChars(keep: (ch: string) => boolean): AlignedNormalizer {
  return (input) => {
    const out: Aligned = { chars: [], starts: [], ends: [] };
    input.chars.forEach((ch, i) => {
      if (keep(ch)) { out.chars.push(ch); out.starts.push(input.starts[i]); out.ends.push(input.ends[i]); }
    });
    return out;
  };
}

const lowercase = mapChars((ch) => ch.toLowerCase());
const NONSPACING_MARK = /\p{Mn}/u;
const stripAccents = filterChars((ch) => !NONSPACING_MARK.test(ch));
const nfd = unicodeForm('NFD');

// Hugging Face's definitions (tokenizers/src/normalizers/bert.rs): whitespace is Rust's
// char::is_whitespace plus \t \n \r; control is any "other" category (C*) except \t \n \r.
export const WHITE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const OTHER = /^\p{C}$/u;
export function isBertControl(ch: string): boolean {
  return ch !== '\t' && ch !== '\n' && ch !== '\r' && OTHER.test(ch);
}
export function isChineseChar(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df)
    || (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b920 && cp <= 0x2ceaf)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

function bertNormalizer(cfg: Extract<Normalizer, { type: 'BertNormalizer' }>): AlignedNormalizer {
  const steps: AlignedNormalizer[] = [];
  if (cfg.clean_text !== false) {
    steps.push(filterChars((ch) => ch !== '\0' && ch !== '\ufffd' && !isBertControl(ch)));
    steps.push(mapChars((ch) => (WHITE_SPACE.test(ch) ? ' ' : ch)));
  }
  if (cfg.handle_chinese_chars !== false) steps.push(mapChars((ch) => (isChineseChar(ch.codePointAt(0)!) ? ` ${ch} ` : ch)));
  const lower = cfg.lowercase !== false;
  if ((cfg.strip_accents ?? lower) === true) steps.push(nfd, stripAccents);
  if (lower) steps.push(lowercase);
  return sequence(steps);
}

function sequence(steps: AlignedNormalizer[]): AlignedNormalizer {
  return (input) => steps.reduce((acc, step) => step(acc), input);
}

/** Prepends `prefix` to non-empty text, aligned (as Hugging Face's NormalizedString::prepend) to the first character. */
function prepend(prefix: string): AlignedNormalizer {
  return (input) => {
    if (input.chars.length === 0) return input;
    const pre = [...prefix];
    return {
      chars: [...pre, ...input.chars],
      starts: [...pre.map(() => input.starts[0]), ...input.starts],
      ends: [...pre.map(() => input.ends[0]), ...input.ends],
    };
  };
}

/**
 * Replaces every match of `regex` (global) with `content`, as Hugging Face's NormalizedString::replace:
 * the content's characters are aligned to the last character of the match.
 */
function replacePattern(regex: RegExp, content: string): AlignedNormalizer {
  return (input) => {
    const text = input.chars.join('');
    const charAt = new Int32Array(text.length + 1); // UTF-16 position → code point index
    let u = 0;
    input.chars.forEach((ch, i) => { for (let k = 0; k < ch.length; k++) charAt[u++] = i; });
    charAt[text.length] = input.chars.length;
    const out: Aligned = { chars: [], starts: [], ends: [] };
    const keep = (from: number, to: number) => {
      for (let i = from; i < to; i++) { out.chars.push(input.chars[i]); out.starts.push(input.starts[i]); out.ends.push(input.ends[i]); }
    };
    let last = 0;
    regex.lastIndex = 0;
    for (let m; (m = regex.exec(text)) !== null;) {
      if (m[0].length === 0) { regex.lastIndex++; continue; }
      const a = charAt[m.index];
      const b = charAt[m.index + m[0].length];
      keep(last, a);
      for (const c of content) { out.chars.push(c); out.starts.push(input.starts[b - 1]); out.ends.push(input.ends[b - 1]); }
      last = b;
    }
    keep(last, input.chars.length);
    return out;
  };
}

/** SentencePiece's charsmap (precompiled.ts); a character aligned to the text's start gets an empty range there. */
function precompiled(charsmap: string | null | undefined): AlignedNormalizer | null {
  const transform = precompiledCharsmap(charsmap);
  return transform && ((input) => {
    const done = transform(input.chars);
    if (!done) return input;
    const at = Array.from(done.from);
    return {
      chars: done.chars,
      starts: at.map((i) => input.starts[Math.max(i, 0)]),
      ends: at.map((i) => (i < 0 ? input.starts[0] : input.ends[i])),
    };
  });
}

function strip(left: boolean, right: boolean): AlignedNormalizer {
  return (input) => {
    let a = 0;
    let b = input.chars.length;
    while (left && a < b && /\s/u.test(input.chars[a])) a++;
    while (right && b > a && /\s/u.test(input.chars[b - 1])) b--;
    return { chars: input.chars.slice(a, b), starts: input.starts.slice(a, b), ends: input.ends.slice(a, b) };
  };
}

/**
 * Builds the aligned normalizer for a tokenizer.json `normalizer` entry. Throws on a type we cannot
 * align, so a model that would get wrong offsets fails at load with a clear reason.
 */
export function buildNormalizer(cfg: Normalizer | null | undefined): AlignedNormalizer | null {
  if (!cfg) return null;
  switch (cfg.type) {
    case 'BertNormalizer': return bertNormalizer(cfg);
    case 'Lowercase': return lowercase;
    case 'StripAccents': return stripAccents;
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': return unicodeForm(cfg.type);
    case 'Precompiled': return precompiled(cfg.precompiled_charsmap);
    case 'Prepend': return prepend(cfg.prepend);
    case 'Strip': return strip(cfg.strip_left !== false, cfg.strip_right !== false);
    case 'Replace': {
      const { String: literal, Regex: source } = cfg.pattern;
      const regex = typeof literal === 'string' ? (literal === '' ? null : new RegExp(literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu'))
        : typeof source === 'string' ? compileSplitRegex(source) : null;
      if (!regex) throw new Error('Replace normalizer with an empty or unsupported pattern');
      return replacePattern(regex, cfg.content);
    }
    case 'Sequence': return sequence(cfg.normalizers.map((n) => buildNormalizer(n)!).filter(Boolean));
    default: throw unsupported('normalizer', cfg);
  }
}
