import type { Preprocessing } from '../generated/wire-types.js';
/** Token types of the word analyzers (schemas/Token.json `type`). */
export type TokenType =
  | 'word' | 'number' | 'ordinal' | 'time' | 'currency' | 'punctuation' | 'symbol'
  | 'url' | 'email' | 'mention' | 'hashtag' | 'emoji' | 'emoticon' | 'whitespace' | 'entity';

/** Universal POS tags (universaldependencies.org/u/pos). */
export type UPos =
  | 'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART'
  | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SPACE' | 'SYM' | 'VERB' | 'X';

/**
 * One token found by a segmenter, with [start, end) in UTF-16 units of the text the segmenter saw.
 * `entity` marks every token of a named entity; `entityId` groups the tokens of one entity mention.
 */
export interface RawToken {
  start: number;
  end: number;
  type: TokenType;
  pos?: UPos;
  tag?: string;
  lemma?: string;
  stem?: string;
  entity?: string;
  entityId?: number;
}

/** An analyzed token: offsets point into the ORIGINAL input (UTF-16), `normalized` is the preprocessed form. */
export interface AnalyzedToken extends Omit<RawToken, 'entityId'> {
  normalized: string;
}

/** What to compute, besides text, offsets and type. */
export interface AnalysisFlags {
  pos: boolean;
  lemma: boolean;
  stem: boolean;
  entities: boolean;
  mergeEntities: boolean;
  includeWhitespace: boolean;
}

/** Nothing besides text, offsets and type (what counting and chunking need). */
export const noAnalysisFlags: AnalysisFlags = {
  pos: false, lemma: false, stem: false, entities: false, mergeEntities: false, includeWhitespace: false,
};

/** Preprocessing (schemas/Preprocessing.json), applied before segmentation; offsets still point into the input. */
export type { Preprocessing };

export const defaultPreprocessing: Preprocessing = {
  normalization: 'none', full_width_to_half_width: false, strip_accents: false, lowercase: false,
  remove_punctuation: false, remove_stop_words: false, urls_emails: 'keep',
};

/** Which segmenters an analyzer uses: `words` picks one per script run. */
export type AnalyzerLanguage = 'multi' | 'en' | 'zh';
