/**
 * `npm run bench`: in-process throughput vs reference libraries (with id equality), HTTP vs a bare
 * route, worker scaling, cold start and memory. Writes bench/results/*.json, docs/BENCHMARKS.md and
 * docs/benchmarks.svg. Not run by CI.
 *
 * Usage: npm run bench [-- --quick] [-- --no-http]   (--quick: smaller corpus, shorter HTTP runs)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCorpus } from './corpus.js';
import { runEmbedBatching, type EmbedBatchingResult } from './embed-batching.js';
import { runEntities } from './entities.js';
import { coldStart, runHttp, type HttpReport } from './http.js';
import { runInProcess } from './in-process.js';
import { runWorkerScaling, type PoolScaling } from './worker-scaling.js';
import { chartSvg, markdown, type Machine } from './report.js';

const started = performance.now();
const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (s: string) => console.log(s);
const machine: Machine = {
  cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.versions.node, os: `${type()} ${release()}`, loadAverage: loadavg(),
};
const corpus = benchCorpus(quick ? 200_000 : 1_000_000);
const corpusBytes = corpus.all.reduce((n, l) => n + Buffer.byteLength(l), 0);
const rounds = quick ? 2 : 3;
log(`corpus: ${corpus.all.length} lines, ${corpusBytes} bytes; load average ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);

const noHttp = process.argv.includes('--no-http');
// Cold start first, on a machine that the rest of the run has not warmed, filled or fragmented.
const coldStartMs = noHttp ? null : await coldStart(5, log);
const seconds = quick ? 2 : 3;
const long = corpus.segments.english.filter((l) => l.length >= 1500);
// Before the in-process part, whose large heap this process then collects alongside the pool's threads.
// Five rounds: their median holds against two rounds in which the machine's other work took a core from the 2-thread pool.
const poolScaling: PoolScaling[] = await runWorkerScaling(long, seconds, quick ? 3 : 5, log);
const inProcess = await runInProcess(corpus, rounds, log);
let http: HttpReport | null = null;
let batching: EmbedBatchingResult[] | null = null;
if (!noHttp) {
  const short = corpus.segments.english.filter((l) => l.length >= 150 && l.length <= 260);
  // Endpoints: back-to-back rounds for req/s, latency and CPU; the service ÷ bare ratio comes steadier from
  // rounds with both servers sharing one core (bench/http.ts, sharedCoreRatios).
  http = await runHttp(short, long, { seconds: 1, rounds: 3, sharedRounds: quick ? 3 : 5 }, { seconds, rounds }, log);
  batching = await runEmbedBatching(quick ? 1 : 2, quick ? 3 : 5, log);
}
const entities = runEntities(corpus, rounds, log);
const totalS = (performance.now() - started) / 1000;
mkdirSync(`${root}/bench/results`, { recursive: true });
mkdirSync(`${root}/docs`, { recursive: true });
writeFileSync(`${root}/bench/results/in-process.json`, JSON.stringify({ machine, corpusBytes, rounds, results: inProcess, poolScaling }, null, 2));
if (http) writeFileSync(`${root}/bench/results/http.json`, JSON.stringify({ machine, coldStartMs, ...http, embedBatching: batching }, null, 2));
writeFileSync(`${root}/docs/benchmarks.svg`, chartSvg(inProcess));
writeFileSync(`${root}/bench/results/entities.json`, JSON.stringify({ corpusBytes, ...entities }, null, 2));
writeFileSync(`${root}/docs/BENCHMARKS.md`, markdown(machine, inProcess, poolScaling, http, coldStartMs, batching, { corpusBytes, lines: corpus.all.length, rounds, seconds, totalS }, entities));
log(`done in ${totalS.toFixed(0)} s: docs/BENCHMARKS.md, docs/benchmarks.svg, bench/results/*.json`);
