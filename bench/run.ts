/**
 * `npm run bench`: in-process throughput vs reference libraries (with id equality), HTTP vs a bare
 * route, worker scaling, cold start and memory. Writes bench/results/*.json, docs/BENCHMARKS.md and
 * docs/benchmarks.svg. Not run by CI.
 *
 * Usage: npm run bench [-- --quick] [-- --no-http]   (--quick: smaller corpus, shorter HTTP runs)
 *        npm run bench:rerank   (--rerank-only: reruns the rerank benchmark alone, replaces its figures in
 *        bench/results/http.json and renders the docs again from the stored results)
 *        npm run bench:chunk    (--chunking-only: the Markdown chunking figures alone, likewise)
 *        npm run bench -- --in-process-only   (the in-process section alone, likewise)
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCorpus } from './corpus.js';
import { runChatCount } from './chat-count.js';
import { runEmbedBatching, type EmbedBatchingResult } from './embed-batching.js';
import { runMarkdownChunking } from './markdown-chunking.js';
import { runRerankBatching, type RerankBatchingResult } from './rerank-batching.js';
import { runEntities } from './entities.js';
import { coldStart, runHttp, type HttpReport } from './http.js';
import { runInProcess } from './in-process.js';
import { runWorkerScaling, type PoolScaling } from './worker-scaling.js';
import { readResults, writeResults, type Machine } from './report.js';

const started = performance.now();
const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (s: string) => console.log(s);
// Markdown chunking: markdown ÷ paragraph in rounds on the small text, once on the large one (time per character).
const [chunkSmall, chunkLarge] = quick ? [20_000, 200_000] : [100_000, 1_000_000];

if (process.argv.includes('--chunking-only')) {
  const stored = readResults(root);
  stored.chunking = await runMarkdownChunking(chunkSmall, chunkLarge, 5, log);
  writeResults(root, stored);
  log('chunking figures stored in bench/results/markdown-chunking.json; docs/BENCHMARKS.md rendered from bench/results/*.json');
  process.exit(0);
}
if (process.argv.includes('--rerank-only')) {
  const stored = readResults(root);
  if (!stored.http) throw new Error('bench/results/http.json is missing: run npm run bench first');
  stored.http.rerankBatching = await runRerankBatching(5, log);
  writeResults(root, stored);
  log('rerank figures stored in bench/results/http.json; docs/BENCHMARKS.md rendered from bench/results/*.json');
  process.exit(0);
}
const machine: Machine = {
  cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.versions.node, os: `${type()} ${release()}`, loadAverage: loadavg(),
};
const corpusSize = quick ? 200_000 : 1_000_000;
const corpus = benchCorpus(corpusSize);
const corpusBytes = corpus.all.reduce((n, l) => n + Buffer.byteLength(l), 0);
const rounds = quick ? 2 : 3;
log(`corpus: ${corpus.all.length} lines, ${corpusBytes} bytes; load average ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);
// Each in-process pass gets a corpus of its own (another seed), so no line repeats across rounds.
const inProcessRun = () => runInProcess((pass) => (pass === 0 ? corpus : benchCorpus(corpusSize, 2026 + pass)), rounds, log);

if (process.argv.includes('--in-process-only')) {
  const stored = readResults(root);
  const results = await inProcessRun();
  const totalS = (performance.now() - started) / 1000;
  stored.inProcess = { ...stored.inProcess, machine, corpusBytes, lines: corpus.all.length, rounds, totalS, results, inProcessOnly: true };
  writeResults(root, stored);
  log('in-process figures stored in bench/results/in-process.json; docs/BENCHMARKS.md rendered from bench/results/*.json');
  process.exit(0);
}

const noHttp = process.argv.includes('--no-http');
// Cold start first, on a machine that the rest of the run has not warmed, filled or fragmented.
const coldStartMs = noHttp ? null : await coldStart(5, log);
const seconds = quick ? 2 : 3;
const long = corpus.segments.english.filter((l) => l.length >= 1500);
// Before the in-process part, whose large heap this process then collects alongside the pool's threads.
// Five rounds: their median holds against two rounds in which the machine's other work took a core from the 2-thread pool.
const poolScaling: PoolScaling[] = await runWorkerScaling(long, seconds, quick ? 3 : 5, log);
let http: HttpReport | null = null;
let batching: EmbedBatchingResult[] | null = null;
let rerank: RerankBatchingResult | null = null;
if (!noHttp) {
  const short = corpus.segments.english.filter((l) => l.length >= 150 && l.length <= 260);
  // Endpoints: back-to-back rounds for req/s, latency and CPU; the service ÷ bare ratio comes steadier from
  // rounds with both servers sharing one core (bench/http.ts, sharedCoreRatios). Before the in-process part
  // too: this process reads the servers' logs, and with that part's heap it cost the service more than
  // the bare routes (docs/MEASUREMENTS.md).
  http = await runHttp(short, long, { seconds: 1, rounds: 3, sharedRounds: quick ? 3 : 5, libraryRounds: quick ? 5 : 11 }, { seconds, rounds }, log);
  batching = await runEmbedBatching(quick ? 1 : 2, quick ? 3 : 5, log);
  rerank = await runRerankBatching(quick ? 3 : 5, log);
}
const inProcess = await inProcessRun();
const chat = await runChatCount(corpus.segments.english.filter((l) => l.length >= 150 && l.length <= 260), quick ? 3 : 5, log);
const entities = runEntities(corpus, rounds, log);
const markdownChunking = await runMarkdownChunking(chunkSmall, chunkLarge, 5, log);
const totalS = (performance.now() - started) / 1000;
mkdirSync(`${root}/bench/results`, { recursive: true });
mkdirSync(`${root}/docs`, { recursive: true });
writeResults(root, {
  inProcess: { machine, corpusBytes, lines: corpus.all.length, rounds, serviceRounds: rounds, seconds, totalS, results: inProcess, poolScaling },
  http: http && { machine, coldStartMs, ...http, embedBatching: batching, rerankBatching: rerank },
  chat,
  chunking: markdownChunking,
  entities: { corpusBytes, ...entities },
});
log(`done in ${totalS.toFixed(0)} s: docs/BENCHMARKS.md, docs/benchmarks.svg, bench/results/*.json`);
