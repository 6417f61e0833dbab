import { classify, posOfType } from './token-type.js';
import type { AnalysisFlags, RawToken } from './types.js';

// ICU's word break uses dictionaries for Japanese, Thai, Lao, Khmer and Myanmar whatever the locale.
const words = new Intl.Segmenter('und', { granularity: 'word' });

/** Word segmentation with Intl.Segmenter (scripts without spaces other than Chinese). */
export function segmentOther(text: string, flags: AnalysisFlags): RawToken[] {
  const out: RawToken[] = [];
  for (const s of words.segment(text)) {
    const type = s.isWordLike && classify(s.segment) !== 'number' ? 'word' : classify(s.segment);
    const token: RawToken = { start: s.index, end: s.index + s.segment.length, type };
    if (flags.pos) token.pos = posOfType(type);
    out.push(token);
  }
  return out;
}
