import type { Config } from '../config.js';
import type { CatalogEntry } from '../models/types.js';
import { chineseEngine } from './chinese.js';
import { englishEngine } from './english.js';
import type { AnalyzerLanguage } from './types.js';
import { WordAnalyzer } from './word-analyzer.js';

const ORIGIN = 'npm:wink-nlp + wink-eng-lite-web-model, npm:@node-rs/jieba, Intl.Segmenter';

/** The word analyzers `words`, `words-en` and `words-zh` (they share one wink-nlp and one jieba). */
export function analyzerEntries(config: Config): CatalogEntry[] {
  const source = (name: string, language: AnalyzerLanguage): CatalogEntry => ({
    name,
    kind: 'analyzer',
    origin: config.JIEBA_USER_DICT ? `${ORIGIN}; user dictionary ${config.JIEBA_USER_DICT}` : ORIGIN,
    load: async () => {
      if (language !== 'zh') englishEngine();
      return new WordAnalyzer(name, ORIGIN, language, chineseEngine(config.JIEBA_USER_DICT));
    },
  });
  return [source('words', 'multi'), source('words-en', 'en'), source('words-zh', 'zh')];
}
