import { defaultPreprocessing, noAnalysisFlags, type AnalyzerLanguage } from '../../analyzers/types.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import { defaultEncodeOptions, type SubwordTokenizer } from '../../tokenizers/subword-tokenizer.js';
import { markdownLevels } from './markdown-levels.js';
import { markdownOutline, type MarkdownOutline } from './markdown-outline.js';
import { after, BOUNDARIES, cutPositions, type Boundary, type CountedText } from './chunker.js';

/**
 * The word analyzers' boundary finders (analyzers/text-units.ts), handed in so that worker threads,
 * which chunk at token boundaries only, load no analyzer. Each returns sorted UTF-16 start offsets.
 */
export interface TextUnits {
  paragraphs(text: string): number[];
  sentences(text: string, language: AnalyzerLanguage): number[];
  words(text: string, language: AnalyzerLanguage): number[];
}

/** The levels of cut positions of a source (CountedText `levels`, `boundaryLevel`, `positions`). */
type Levels = Pick<CountedText, 'levels' | 'boundaryLevel' | 'positions'>;

/**
 * Cut positions by level, from the requested boundary down to tokens (paragraph, sentence, word, token),
 * each computed when first needed; each level also holds the coarser ones' positions, and sentences and
 * words also break at paragraphs. Markdown has levels of its own (features/chunking/markdown-levels.ts).
 */
function levels(text: string, boundary: Boundary, language: AnalyzerLanguage, units: TextUnits | null, words: () => Iterable<number>, tokens: () => Iterable<number>, structure: TextStructure, chunkCount: (s: number, e: number) => number): Levels {
  const paragraphs = () => need(units, boundary).paragraphs(text);
  const sentences = () => need(units, boundary).sentences(text, language);
  if (boundary === 'markdown') {
    const fits = (s: number, e: number) => chunkCount(s, e) <= structure.room;
    return markdownLevels(text, structure.outline ?? markdownOutline(text), { paragraphs, sentences, words, tokens }, fits);
  }
  const k = BOUNDARIES.indexOf(boundary);
  const cache: Int32Array[] = [];
  const own: (() => Iterable<number>[])[] = [
    () => [paragraphs()],
    () => [sentences(), paragraphs()],
    () => [words(), paragraphs()],
    () => [tokens()],
  ];
  const get = (level: number): Int32Array => (cache[level] ??= cutPositions(text, ...own[level](), level > k ? get(level - 1) : []));
  return { levels: BOUNDARIES.length - k, boundaryLevel: 0, positions: (level) => get(k + level) };
}

function need(units: TextUnits | null, boundary: Boundary): TextUnits {
  if (!units) throw new Error(`${boundary} boundaries need the word analyzers`);
  return units;
}

/** Tokens whose start lies in [s, e), from the sorted token starts of the whole text. */
function estimator(starts: Int32Array): (s: number, e: number) => number {
  return (s, e) => after(starts, e - 1) - after(starts, s - 1);
}

/**
 * A text's Markdown structure: its outline (parsed for the markdown boundary) and the heading prefix of
 * a chunk starting at an offset (null without include_headings).
 */
export interface TextStructure {
  outline: MarkdownOutline | null;
  prefix: ((at: number) => string) | null;
  /** Content tokens a chunk may hold (max_tokens minus the special tokens). */
  room: number;
}

/** Content tokens of a text alone with a subword tokenizer (special tokens not counted), or words of a word analyzer. */
export function textCounter(model: SubwordTokenizer | WordAnalyzer): (text: string) => number {
  if (model.kind === 'analyzer') return (t) => model.analyze(t, defaultPreprocessing, noAnalysisFlags).length;
  return (t) => model.count(t, false);
}

/** A text to chunk with a subword tokenizer: counts are ids of the slice (after its prefix) encoded on its own. */
export function subwordCountedText(text: string, boundary: Boundary, model: SubwordTokenizer, addSpecialTokens: boolean, units: TextUnits | null, structure: TextStructure): CountedText {
  const whole = model.encode(text, null, { ...defaultEncodeOptions, addSpecialTokens: false });
  const starts = Int32Array.from(whole.offsets, ([s]) => s).sort();
  const counter = textCounter(model);
  const count = (s: number, e: number) => counter(text.slice(s, e));
  const { prefix } = structure;
  const chunkCount = prefix ? (s: number, e: number) => counter(prefix(s) + text.slice(s, e)) : count;
  return {
    text,
    specials: addSpecialTokens ? model.specialTokenCount() : 0,
    count,
    chunkCount,
    estimate: estimator(starts),
    ...levels(text, boundary, 'multi', units, () => need(units, boundary).words(text, 'multi'), () => starts, structure, chunkCount),
  };
}

/** A text to chunk with a word analyzer: counts are its word tokens (no special tokens). */
export function analyzerCountedText(text: string, boundary: Boundary, model: WordAnalyzer, units: TextUnits | null, structure: TextStructure): CountedText {
  const starts = Int32Array.from(model.analyze(text, defaultPreprocessing, noAnalysisFlags), (t) => t.start);
  const counter = textCounter(model);
  const count = (s: number, e: number) => counter(text.slice(s, e));
  const { prefix } = structure;
  const chunkCount = prefix ? (s: number, e: number) => counter(prefix(s) + text.slice(s, e)) : count;
  return {
    text,
    specials: 0,
    count,
    chunkCount,
    estimate: estimator(starts),
    ...levels(text, boundary, model.language, units, () => starts, () => starts, structure, chunkCount),
  };
}
