import { isBertControl, isChineseChar, WHITE_SPACE } from '../normalize.js';
import type { UnitMap } from './section-model.js';

type NormalizerConfig = { type: string; [k: string]: unknown } | null | undefined;

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

/** The fast normalizer for a tokenizer.json `normalizer`, or null when there is none for its type. */
export function fastNormalizer(cfg: NormalizerConfig): FastNormalizer | null {
  if (!cfg) return identity;
  switch (cfg.type) {
    // Text already in the normal form is left as is, with identity alignment.
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': {
      const form = cfg.type;
      return (text, base) => (text.normalize(form) === text ? identity(text, base) : null);
    }
    case 'BertNormalizer': return bertNormalizer(cfg);
    default: return null;
  }
}

const NONSPACING_MARK = /\p{Mn}/gu;
const MARK = /\p{M}/u;
const PLAIN_ASCII = /^[\x20-\x7e\t\n\r]*$/;

/**
 * BertNormalizer. Without combining marks in the input every step acts on one code point at a time
 * (the NFD clusters of normalize.ts are single characters), so each code point maps to a cached string
 * aligned to it. Text with marks goes to the general path.
 */
function bertNormalizer(cfg: { [k: string]: unknown }): FastNormalizer {
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
