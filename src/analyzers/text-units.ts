import type { Jieba } from '@node-rs/jieba';
import { englishSentenceStarts } from './english.js';
import { icuSentenceStarts } from './icu-sentences.js';
import { scriptRuns } from './script-runs.js';
import { chineseEngine } from './chinese.js';
import { segment } from './segment.js';
import { noAnalysisFlags, type AnalyzerLanguage } from './types.js';

/**
 * Where paragraphs start: at the first non-space character after a blank line (a line break, optional
 * spaces or tabs, another line break). Empty paragraphs (several blank lines) make one break.
 */
function paragraphStarts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\r?\n[^\S\r\n]*\r?\n\s*/gu)) {
    const at = m.index + m[0].length;
    if (at < text.length && m.index > 0) out.push(at);
  }
  return out;
}

/**
 * Where sentences start (UTF-16 offsets, 0 left out). Latin-script text is split by wink-nlp's sentence
 * detection (it knows abbreviations), Chinese, Japanese and other scripts by ICU's sentence rules
 * (Intl.Segmenter: 。！？ and their closing quotes end a sentence), as the analyzers split their words.
 */
function sentenceStarts(text: string, language: AnalyzerLanguage): number[] {
  const runs = language === 'multi' ? scriptRuns(text) : [{ kind: language === 'en' ? 'latin' : 'han', start: 0, end: text.length }];
  const starts = new Set<number>();
  const nonLatin = new Uint8Array(text.length + 1);
  for (const run of runs) {
    if (run.kind === 'latin') {
      for (const p of englishSentenceStarts(text.slice(run.start, run.end))) starts.add(firstNonSpace(text, run.start + p));
    } else nonLatin.fill(1, run.start, run.end);
  }
  if (runs.some((r) => r.kind !== 'latin')) {
    // ICU over the whole text, so that a break between two runs is seen; kept next to non-Latin text only.
    const icu = new Intl.Segmenter(language === 'en' ? 'en' : 'zh', { granularity: 'sentence' });
    for (const p of icuSentenceStarts(text, icu)) {
      if (nonLatin[p - 1] || nonLatin[p]) starts.add(firstNonSpace(text, p));
    }
  }
  return [...starts].filter((p) => p > 0 && p < text.length).sort((a, b) => a - b);
}

/** A sentence starts at its first non-space character (ICU ends a sentence after a line break, wink may start one with it). */
function firstNonSpace(text: string, at: number): number {
  while (at < text.length && /\s/u.test(text[at])) at++;
  return at;
}

/**
 * Where words start (UTF-16 offsets): the tokens of the word analyzer of `language` (jieba for Chinese,
 * wink-nlp for Latin text, Intl.Segmenter for other scripts; URLs and e-mails are one word).
 */
function wordStarts(text: string, language: AnalyzerLanguage, jieba: Jieba): number[] {
  return segment(text, language, jieba, noAnalysisFlags).map((t) => t.start).filter((p) => p > 0);
}

/** The boundary finders /chunk uses on the main thread (jieba with JIEBA_USER_DICT for Chinese words). */
export function analyzerTextUnits(userDict: string) {
  return {
    paragraphs: paragraphStarts,
    sentences: sentenceStarts,
    words: (text: string, language: AnalyzerLanguage) => wordStarts(text, language, chineseEngine(userDict)),
  };
}
