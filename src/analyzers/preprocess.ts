import type { Preprocessing } from './types.js';

/**
 * A preprocessed text and where each of its UTF-16 units comes from in the original input.
 * Character transformations are applied one grapheme cluster at a time, so every output unit maps back
 * to the whole cluster it came from and offsets never point inside a cluster of the input.
 */
export interface AlignedText {
  text: string;
  /** For each unit of `text` (and one past the end): the original [start, end) of the cluster it comes from. */
  from: Uint32Array;
  to: Uint32Array;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const COMBINING = /\p{Mn}/gu;

/** True when the options change characters (otherwise the text is used as is). */
function changesCharacters(p: Preprocessing): boolean {
  return p.normalization !== 'none' || p.full_width_to_half_width || p.strip_accents || p.lowercase;
}

/** Full-width ASCII variants (U+FF01–FF5E) and the ideographic space → their ASCII forms. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function transform(cluster: string, p: Preprocessing): string {
  let s = cluster;
  if (p.normalization !== 'none') s = s.normalize(p.normalization === 'nfc' ? 'NFC' : 'NFKC');
  if (p.full_width_to_half_width) s = toHalfWidth(s);
  if (p.strip_accents) s = s.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  if (p.lowercase) s = s.toLowerCase();
  return s;
}

/** Applies the character options of `p` to `input`, keeping the way back to the input's offsets. */
export function preprocess(input: string, p: Preprocessing): AlignedText {
  if (!changesCharacters(p)) {
    const from = new Uint32Array(input.length + 1);
    const to = new Uint32Array(input.length + 1);
    for (let i = 0; i <= input.length; i++) {
      from[i] = i;
      to[i] = Math.min(i + 1, input.length);
    }
    return { text: input, from, to };
  }
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const { segment, index } of graphemes.segment(input)) {
    const out = transform(segment, p);
    parts.push(out);
    for (let k = 0; k < out.length; k++) {
      from.push(index);
      to.push(index + segment.length);
    }
  }
  from.push(input.length);
  to.push(input.length);
  return { text: parts.join(''), from: Uint32Array.from(from), to: Uint32Array.from(to) };
}
