import type { Jieba } from '@node-rs/jieba';
import type { ModelInfo, ServedModel } from '../models/types.js';
import { applyFilters, mergeEntities } from './filters.js';
import { preprocess } from './preprocess.js';
import { segment } from './segment.js';
import type { AnalysisFlags, AnalyzedToken, AnalyzerLanguage, Preprocessing } from './types.js';

const DESCRIPTIONS: Record<AnalyzerLanguage, string> = {
  multi: 'words: jieba for Han, Intl.Segmenter for Japanese/Thai/other unspaced scripts, wink-nlp for the rest',
  en: 'words-en: wink-nlp English rule tokenizer (types, POS, lemma, stem, entities)',
  zh: 'words-zh: jieba dictionary segmentation with HMM (POS mapped to Universal POS)',
};

/**
 * A word-level analyzer (model kind `analyzer`): rule and dictionary tokenization with token types,
 * optional POS, lemma, stem and entities, and preprocessing whose offsets still point into the input.
 * It has no vocabulary, so its tokens have no ids.
 */
export class WordAnalyzer implements ServedModel {
  readonly kind = 'analyzer' as const;

  constructor(readonly name: string, readonly source: string, readonly language: AnalyzerLanguage, private readonly jieba: Jieba) {}

  info(): ModelInfo {
    return { name: this.name, kind: this.kind, source: this.source, algorithm: DESCRIPTIONS[this.language] };
  }

  /** Analyzes one text. Offsets of the result are UTF-16 [start, end) into `input`. */
  analyze(input: string, p: Preprocessing, flags: AnalysisFlags): AnalyzedToken[] {
    const aligned = preprocess(input, p);
    let raw = segment(aligned.text, this.language, this.jieba, flags);
    if (flags.mergeEntities) raw = mergeEntities(raw, aligned.text);
    const tokens: AnalyzedToken[] = [];
    let lastRawStart = 0;
    for (const { entityId, ...t } of raw) {
      const start = aligned.from[t.start];
      const end = aligned.to[t.end - 1];
      const last = tokens[tokens.length - 1];
      if (last && start < last.end) {
        // Two tokens from one input cluster (e.g. NFKC turned "½" into "1⁄2"): they are one token of the input.
        last.end = Math.max(last.end, end);
        last.normalized = aligned.text.slice(lastRawStart, t.end);
        continue;
      }
      lastRawStart = t.start;
      const token: AnalyzedToken = { ...t, start, end, normalized: aligned.text.slice(t.start, t.end) };
      if (!flags.entities && !flags.mergeEntities) delete token.entity;
      else if (entityId === undefined) delete token.entity;
      tokens.push(token);
    }
    return applyFilters(tokens, p);
  }
}
