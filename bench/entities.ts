/**
 * The cost of names in the word analyzers: throughput of each analyzer with `entities: true` against the
 * same analyzer without it, on the English and Chinese lines of the bench corpus (interleaved: a mixed
 * corpus), and the resident memory the tagger weights and word lists add. Rounds interleave the two
 * settings (the median round counts), so a busy machine slows both alike.
 *
 * Standalone: npm run bench:entities (stores bench/results/entities.json and renders docs/BENCHMARKS.md
 * through bench/report.ts); npm run bench runs it too.
 */
import { fileURLToPath } from 'node:url';
import { chineseEngine } from '../src/analyzers/chinese.js';
import { englishEngine } from '../src/analyzers/english.js';
import { chineseNameDictionary, englishClusters, englishGazetteer, model } from '../src/analyzers/ner/names.js';
import { defaultPreprocessing, noAnalysisFlags, type AnalyzerLanguage } from '../src/analyzers/types.js';
import { WordAnalyzer } from '../src/analyzers/word-analyzer.js';
import { benchCorpus, type BenchCorpus } from './corpus.js';
import { readResults, writeResults, type EntitiesReport, type EntitiesRow } from './report.js';

const collect = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** CPU seconds of `fn` (user + system): steadier than wall time on a machine other work shares. */
function time(fn: () => void): number {
  collect?.();
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** Runs the three analyzers with and without entities, `rounds` timed rounds after a warm-up. */
export function runEntities(corpus: BenchCorpus, rounds: number, log: (s: string) => void): EntitiesReport {
  const jieba = chineseEngine('');
  englishEngine();
  const { english, chinese } = corpus.segments;
  const mixed = english.flatMap((line, i) => (i < chinese.length ? [line, chinese[i]] : [line]));
  const sets: [AnalyzerLanguage, string, string[]][] = [['multi', 'english + chinese', mixed], ['en', 'english', english], ['zh', 'chinese', chinese]];
  // Memory first: the analyzers are warm without names, then the weights are loaded.
  for (const [language, , lines] of sets) {
    const a = new WordAnalyzer('bench', '', language, jieba);
    for (const line of lines.slice(0, 50)) a.analyze(line, defaultPreprocessing, noAnalysisFlags);
  }
  const held = () => {
    collect?.();
    const m = process.memoryUsage();
    return { held: m.heapUsed + m.arrayBuffers, rss: m.rss };
  };
  const before = held();
  model('en'); model('zh'); model('zhPos'); englishGazetteer(); englishClusters(); chineseNameDictionary();
  const after = held();
  const heldMB = (after.held - before.held) / 1e6;
  const rssAddedMB = (after.rss - before.rss) / 1e6;
  log(`names: weights and word lists hold ${heldMB.toFixed(1)} MB (heap + array buffers); RSS +${rssAddedMB.toFixed(1)} MB`);
  const rows: EntitiesRow[] = [];
  const withNames = { ...noAnalysisFlags, entities: true };
  for (const [language, label, lines] of sets) {
    const a = new WordAnalyzer('bench', '', language, jieba);
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    const run = (flags: typeof noAnalysisFlags) => () => { for (const line of lines) a.analyze(line, defaultPreprocessing, flags); };
    run(noAnalysisFlags)();
    run(withNames)();
    const plain: number[] = [];
    const named: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p = time(run(noAnalysisFlags));
      const n = time(run(withNames));
      plain.push(p);
      named.push(n);
      ratios.push(n / p);
    }
    const name = language === 'multi' ? 'words' : `words-${language}`;
    const row = { analyzer: name, corpus: label, plainMBs: bytes / 1e6 / median(plain), entitiesMBs: bytes / 1e6 / median(named), ratio: median(ratios) };
    rows.push(row);
    log(`${name.padEnd(9)} ${label.padEnd(18)} plain ${row.plainMBs.toFixed(3)} MB/s  entities ${row.entitiesMBs.toFixed(3)} MB/s  ${row.ratio.toFixed(2)}×`);
  }
  return { rows, rounds, heldMB, rssAddedMB };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = benchCorpus(300_000);
  const bytes = corpus.all.reduce((n, l) => n + Buffer.byteLength(l), 0);
  const report = runEntities(corpus, 5, (s) => console.log(s));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  writeResults(root, { ...readResults(root), entities: { corpusBytes: bytes, ...report } });
}
