import { defaultPreprocessing, noAnalysisFlags, type AnalyzerLanguage } from '../../analyzers/types.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import { defaultEncodeOptions, type SubwordTokenizer } from '../../tokenizers/subword-tokenizer.js';
import { after, BOUNDARIES, type Boundary, type CountedText } from './chunker.js';

/** Sorted, distinct, > 0, never between the two halves of a surrogate pair, ending with text.length. */
function cutPositions(text: string, ...lists: Iterable<number>[]): Int32Array {
  const set = new Set<number>([text.length]);
  for (const list of lists) {
    for (const p of list) {
      const insidePair = (text.charCodeAt(p) & 0xfc00) === 0xdc00 && (text.charCodeAt(p - 1) & 0xfc00) === 0xd800;
      if (p > 0 && p < text.length && !insidePair) set.add(p);
    }
  }
  return Int32Array.from(set).sort();
}

/**
 * The word analyzers' boundary finders (analyzers/text-units.ts), handed in so that worker threads,
 * which chunk at token boundaries only, load no analyzer. Each returns sorted UTF-16 start offsets.
 */
export interface TextUnits {
  paragraphs(text: string): number[];
  sentences(text: string, language: AnalyzerLanguage): number[];
  words(text: string, language: AnalyzerLanguage): number[];
}

/**
 * Cut positions by level (paragraph, sentence, word, token), each computed when first needed. A level
 * finer than the requested one holds that one's positions too; sentences and words also break at
 * paragraphs.
 */
function levels(text: string, boundary: Boundary, language: AnalyzerLanguage, units: TextUnits | null, words: () => Iterable<number>, tokens: () => Iterable<number>): (level: number) => Int32Array {
  const k = BOUNDARIES.indexOf(boundary);
  const cache: Int32Array[] = [];
  const paragraphs = () => need(units, boundary).paragraphs(text);
  const own: (() => Iterable<number>[])[] = [
    () => [paragraphs()],
    () => [need(units, boundary).sentences(text, language), paragraphs()],
    () => [words(), paragraphs()],
    () => [tokens()],
  ];
  const get = (level: number): Int32Array => (cache[level] ??= cutPositions(text, ...own[level](), level > k ? get(level - 1) : []));
  return get;
}

function need(units: TextUnits | null, boundary: Boundary): TextUnits {
  if (!units) throw new Error(`${boundary} boundaries need the word analyzers`);
  return units;
}

/** Tokens whose start lies in [s, e), from the sorted token starts of the whole text. */
function estimator(starts: Int32Array): (s: number, e: number) => number {
  return (s, e) => after(starts, e - 1) - after(starts, s - 1);
}

/** A text to chunk with a subword tokenizer: counts are ids of the slice encoded on its own. */
export function subwordCountedText(text: string, boundary: Boundary, model: SubwordTokenizer, addSpecialTokens: boolean, units: TextUnits | null): CountedText {
  const whole = model.encode(text, null, { ...defaultEncodeOptions, addSpecialTokens: false });
  const starts = Int32Array.from(whole.offsets, ([s]) => s).sort();
  return {
    text,
    specials: addSpecialTokens ? model.specialTokenCount() : 0,
    count: (s, e) => model.count(text.slice(s, e), false),
    estimate: estimator(starts),
    positions: levels(text, boundary, 'multi', units, () => need(units, boundary).words(text, 'multi'), () => starts),
  };
}

/** A text to chunk with a word analyzer: counts are its word tokens (no special tokens). */
export function analyzerCountedText(text: string, boundary: Boundary, model: WordAnalyzer, units: TextUnits | null): CountedText {
  const analyze = (t: string) => model.analyze(t, defaultPreprocessing, noAnalysisFlags);
  const starts = Int32Array.from(analyze(text), (t) => t.start);
  return {
    text,
    specials: 0,
    count: (s, e) => analyze(text.slice(s, e)).length,
    estimate: estimator(starts),
    positions: levels(text, boundary, model.language, units, () => starts, () => starts),
  };
}
