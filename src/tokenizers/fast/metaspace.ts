import type { Decoder, PreTokenizer } from '../tokenizer-json.js';

/** When Metaspace puts its replacement in front of a piece. */
type PrependScheme = 'always' | 'first' | 'never';

/** A Metaspace pre-tokenizer or decoder as Hugging Face reads it. */
export interface MetaspaceConfig {
  replacement: string;
  prepend: PrependScheme;
  split: boolean;
}

/**
 * Reads a Metaspace config, older files included: without `prepend_scheme`, `add_prefix_space: false`
 * means never and anything else always; `split` defaults to true. Null for an invalid replacement.
 */
export function metaspaceConfig(cfg: Extract<PreTokenizer | Decoder, { type: 'Metaspace' }>): MetaspaceConfig | null {
  const replacement = typeof cfg.replacement === 'string' ? cfg.replacement : '▁';
  if ([...replacement].length !== 1) return null;
  const scheme = cfg.prepend_scheme;
  const prepend: PrependScheme = scheme === 'always' || scheme === 'first' || scheme === 'never' ? scheme
    : cfg.add_prefix_space === false ? 'never' : 'always';
  return { replacement, prepend, split: cfg.split !== false };
}

/** The pre-tokenizers the SentencePiece-style fast paths reproduce: optional WhitespaceSplit, optional Metaspace. */
export interface SpmPreTokenizer {
  whitespaceSplit: boolean;
  metaspace: MetaspaceConfig | null;
}

/** Recognises null, Metaspace, WhitespaceSplit, or a Sequence of WhitespaceSplit then Metaspace; null for anything else. */
export function spmPreTokenizer(cfg: PreTokenizer | null): SpmPreTokenizer | null {
  const parts = !cfg ? [] : cfg.type === 'Sequence' ? cfg.pretokenizers : [cfg];
  const out: SpmPreTokenizer = { whitespaceSplit: false, metaspace: null };
  for (const [i, part] of parts.entries()) {
    if (part.type === 'WhitespaceSplit' && i === 0) out.whitespaceSplit = true;
    else if (part.type === 'Metaspace' && i === parts.length - 1) {
      out.metaspace = metaspaceConfig(part);
      if (!out.metaspace) return null;
    } else return null;
  }
  return out;
}

// Rust's char::is_whitespace (what WhitespaceSplit splits on).
const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** [start, end) pairs of the runs of non-whitespace in `text` (WhitespaceSplit). */
export function whitespaceSplit(text: string, out: number[]): void {
  WHITE_SPACE.lastIndex = 0;
  let last = 0;
  for (let m; (m = WHITE_SPACE.exec(text)) !== null;) {
    if (m.index > last) out.push(last, m.index);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(last, text.length);
}
