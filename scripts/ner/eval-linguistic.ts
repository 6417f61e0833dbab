/**
 * npm run eval:linguistic — scores the word analyzers on the held-out data (never trained on; see
 * scripts/ner/corpora.ts): names (PER, LOC, ORG) entity by entity, exact span and type, as conlleval
 * does, through `words-en` / `words-zh` with merge_entities; and words-zh UPOS on the UD words whose span
 * the analyzer reproduces. `--errors` prints the wrong and missed names.
 */
import { chineseEngine, taggedWords } from '../../src/analyzers/chinese.js';
import { defaultPreprocessing, type AnalysisFlags, type AnalyzerLanguage } from '../../src/analyzers/types.js';
import { WordAnalyzer } from '../../src/analyzers/word-analyzer.js';
import { chineseData, chinesePosData, englishData, type NerSentence } from './corpora.js';
import { goldSpans } from './examples.js';
import { EntityScore } from './score.js';

const TYPES: Record<string, string> = { PERSON: 'PER', LOCATION: 'LOC', ORGANIZATION: 'ORG' };
const showErrors = process.argv.includes('--errors');
const jieba = chineseEngine('');
const flags: AnalysisFlags = { pos: false, lemma: false, stem: false, entities: true, mergeEntities: true, includeWhitespace: false };

function evalNames(title: string, language: AnalyzerLanguage, sentences: NerSentence[]): EntityScore {
  const analyzer = new WordAnalyzer(`words-${language}`, '', language, jieba);
  const score = new EntityScore();
  for (const s of sentences) {
    const { text, spans } = goldSpans(s, language === 'en' ? ' ' : '');
    const pred = analyzer.analyze(text, defaultPreprocessing, flags)
      .filter((t) => t.entity && TYPES[t.entity])
      .map((t) => ({ start: t.start, end: t.end, type: TYPES[t.entity!] }));
    score.add(spans, pred);
    if (showErrors) {
      const k = (x: { start: number; end: number; type: string }) => `${text.slice(x.start, x.end)}/${x.type}`;
      const g = new Set(spans.map(k));
      const p = new Set(pred.map(k));
      const wrong = [...p].filter((x) => !g.has(x));
      const missed = [...g].filter((x) => !p.has(x));
      if (wrong.length || missed.length) console.log(`  ${text}\n    wrong: ${wrong.join(', ')}\n    missed: ${missed.join(', ')}`);
    }
  }
  console.log(`${title} (${sentences.length} sentences)\n${score.table(['PER', 'LOC', 'ORG'])}\n`);
  return score;
}

/** The analyzer before the name tagger, for comparison: one name per jieba word tagged nr/nrfg/nrt, ns or nt. */
function evalJiebaBaseline(sentences: NerSentence[]): void {
  const types: Record<string, string> = { nr: 'PER', nrfg: 'PER', nrt: 'PER', ns: 'LOC', nt: 'ORG' };
  const score = new EntityScore();
  for (const s of sentences) {
    const { text, spans } = goldSpans(s, '');
    const pred = taggedWords(jieba, text).filter((w) => types[w.tag]).map((w) => ({ start: w.start, end: w.end, type: types[w.tag] }));
    score.add(spans, pred);
  }
  console.log(`baseline: jieba's tags, same sentences\n${score.table(['PER', 'LOC', 'ORG'])}\n`);
}

function evalChinesePos(): void {
  const analyzer = new WordAnalyzer('words-zh', '', 'zh', jieba);
  let right = 0;
  let reproduced = 0;
  let all = 0;
  for (const s of chinesePosData().heldOut) {
    const text = s.words.join('');
    const tokens = analyzer.analyze(text, defaultPreprocessing, { ...flags, pos: true, entities: false, mergeEntities: false });
    const byStart = new Map(tokens.map((t) => [t.start, t]));
    let at = 0;
    s.words.forEach((w, i) => {
      const t = byStart.get(at);
      if (t && t.end === at + w.length) {
        reproduced++;
        if (t.pos === s.upos[i]) right++;
      }
      at += w.length;
      all++;
    });
  }
  console.log(`words-zh UPOS, UD Chinese-GSDSimp dev (held-out half): ${(100 * right / reproduced).toFixed(1)} % of the ${reproduced} words segmented as UD does (${(100 * reproduced / all).toFixed(1)} % of ${all})\n`);
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (!only || only === 'en') {
  const en = englishData();
  evalNames('words-en names, UNER English-EWT dev (held-out documents)', 'en', en.heldOut);
  evalNames('words-en names, GUM dev (news, interviews, academic, bio, voyage)', 'en', en.heldOutGum);
}
if (!only || only === 'zh') {
  const held = chineseData().heldOut;
  evalNames('words-zh names, UNER Chinese-GSDSimp dev (held-out half)', 'zh', held);
  evalJiebaBaseline(held);
}
if (!only || only === 'pos') evalChinesePos();
