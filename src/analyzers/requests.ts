import type { Token, TokenizeRequest } from '../generated/wire-types.js';
import { errors } from '../errors.js';
import { offsetConverter, type OffsetUnit } from '../tokenizers/offsets.js';
import { defaultPreprocessing, type AnalysisFlags, type Preprocessing } from './types.js';
import type { WordAnalyzer } from './word-analyzer.js';

/** The analysis fields of a /tokenize body; optional, so that other requests (count, chunk, vocab/build) pass only what they have. */
export type AnalysisRequest = Partial<Pick<TokenizeRequest, 'pos' | 'lemma' | 'stem' | 'entities' | 'merge_entities' | 'include_whitespace'>> & {
  preprocessing?: Partial<Preprocessing>;
};

const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Rejects texts holding a lone surrogate (INVALID_TEXT): they have no UTF-8 form and no code point offsets. */
/** The checks every analyzer request passes: well-formed UTF-16, and the MAX_ANALYZER_CHARS budget. */
export function checkAnalyzable(texts: string[], maxChars: number): void {
  checkWellFormed(texts);
  const total = texts.reduce((n, t) => n + t.length, 0);
  if (total > maxChars) throw new errors.ANALYSIS_TOO_LARGE(total, maxChars);
}

export function checkWellFormed(texts: string[]): void {
  texts.forEach((text, i) => {
    const m = LONE_SURROGATE.exec(text);
    if (m) throw new errors.INVALID_TEXT(i, `lone surrogate U+${m[0].charCodeAt(0).toString(16).toUpperCase()} at UTF-16 offset ${m.index}`);
  });
}

export function analysisFlags(r: AnalysisRequest): AnalysisFlags {
  return {
    pos: r.pos ?? false, lemma: r.lemma ?? false, stem: r.stem ?? false, entities: r.entities ?? false,
    mergeEntities: r.merge_entities ?? false, includeWhitespace: r.include_whitespace ?? false,
  };
}

export function preprocessing(r: AnalysisRequest): Preprocessing {
  return { ...defaultPreprocessing, ...r.preprocessing };
}

/** A subword tokenizer was asked for analysis options: INVALID_OPTION names them (defaults are fine). */
export function rejectAnalysisOptions(model: string, r: AnalysisRequest): void {
  const flags = Object.entries(analysisFlags(r)).filter(([, on]) => on).map(([k]) => k);
  const pre = preprocessing(r);
  const changed = Object.keys(pre).filter((k) => pre[k as keyof Preprocessing] !== defaultPreprocessing[k as keyof Preprocessing]);
  const named = [...flags, ...changed.map((k) => `preprocessing.${k}`)];
  if (named.length > 0) {
    throw new errors.INVALID_OPTION(`${named.join(', ')} only apply to word analyzers (words, words-en, words-zh); '${model}' is a subword tokenizer`);
  }
}

/** /tokenize with a word analyzer: one token list per text, offsets in `unit`, `id` null. */
export function analyzeTexts(model: WordAnalyzer, texts: string[], r: AnalysisRequest, unit: OffsetUnit, maxChars: number): Token[][] {
  checkAnalyzable(texts, maxChars);
  const flags = analysisFlags(r);
  const pre = preprocessing(r);
  return texts.map((text) => {
    const toUnit = offsetConverter(text, unit);
    return model.analyze(text, pre, flags).map(({ start, end, ...rest }) => ({
      id: null, text: text.slice(start, end), special: false, start: toUnit(start), stop: toUnit(end), ...rest,
    }));
  });
}
