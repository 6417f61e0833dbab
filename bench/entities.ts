/**
 * The cost of names in the word analyzers: throughput of each analyzer with `entities: true` against the
 * same analyzer without it, on the English and Chinese lines of the bench corpus (interleaved: a mixed
 * corpus), and the resident memory the tagger weights and word lists add. Rounds interleave the two
 * settings (the median round counts), so a busy machine slows both alike.
 *
 * Standalone: npm run build && node --expose-gc dist/bench/entities.js (updates its section of
 * docs/BENCHMARKS.md and bench/results/entities.json); npm run bench runs it too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chineseEngine } from '../src/analyzers/chinese.js';
import { englishEngine } from '../src/analyzers/english.js';
import { chineseNameDictionary, englishClusters, englishGazetteer, model } from '../src/analyzers/ner/names.js';
import { defaultPreprocessing, noAnalysisFlags, type AnalyzerLanguage } from '../src/analyzers/types.js';
import { WordAnalyzer } from '../src/analyzers/word-analyzer.js';
import { benchCorpus, type BenchCorpus } from './corpus.js';

export interface EntitiesRow {
  analyzer: string;
  corpus: string;
  plainMBs: number;
  entitiesMBs: number;
  /** Time with entities ÷ time without. */
  ratio: number;
}

export interface EntitiesReport {
  rows: EntitiesRow[];
  rounds: number;
  /** Memory the loaded weights and word lists hold (MB): V8 heap used plus array buffers, after a full GC. */
  heldMB: number;
  /** Resident memory added by loading them (MB; RSS also moves with heap growth and release). */
  rssAddedMB: number;
}

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

const HEADING = '## Word analyzers: the cost of names';

/** The BENCHMARKS.md section of a report. */
export function entitiesMarkdown(r: EntitiesReport, corpusBytes: number): string {
  return [
    HEADING, '',
    `\`entities: true\` (the learned name taggers: English per wink-nlp token, Chinese per character) against the same analyzer without it (bench/entities.ts), on the English and Chinese lines of the ${(corpusBytes / 1e6).toFixed(2)} MB bench corpus ("english + chinese" interleaves them). One call per line, MB per CPU second of the process (user + system: steadier than wall time on a shared machine); ${r.rounds} rounds alternating the two settings, the median round shown; the ratio is the median of the per-round ratios. Loaded on first use, the weights and word lists hold ${r.heldMB.toFixed(1)} MB (V8 heap plus array buffers after a full GC; resident memory moved by ${r.rssAddedMB.toFixed(1)} MB in this run).`, '',
    '| analyzer | corpus | without entities MB/CPU-s | with entities MB/CPU-s | time ratio |',
    '|---|---|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.analyzer} | ${x.corpus} | ${x.plainMBs.toFixed(3)} | ${x.entitiesMBs.toFixed(3)} | ${x.ratio.toFixed(2)}× |`),
    '',
  ].join('\n');
}

/** Writes the report's JSON and puts its section into docs/BENCHMARKS.md (replacing an older one). */
export function writeEntitiesReport(root: string, r: EntitiesReport, corpusBytes: number): void {
  writeFileSync(`${root}/bench/results/entities.json`, JSON.stringify({ corpusBytes, ...r }, null, 2));
  const file = `${root}/docs/BENCHMARKS.md`;
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf(HEADING);
  const section = entitiesMarkdown(r, corpusBytes);
  if (start < 0) writeFileSync(file, `${doc.trimEnd()}\n\n${section}`);
  else {
    const next = doc.indexOf('\n## ', start + HEADING.length);
    writeFileSync(file, doc.slice(0, start) + section + (next < 0 ? '' : doc.slice(next + 1)));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = benchCorpus(300_000);
  const bytes = corpus.all.reduce((n, l) => n + Buffer.byteLength(l), 0);
  const report = runEntities(corpus, 5, (s) => console.log(s));
  writeEntitiesReport(fileURLToPath(new URL('../..', import.meta.url)), report, bytes);
}
