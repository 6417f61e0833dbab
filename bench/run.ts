/**
 * `npm run bench`: in-process throughput vs reference libraries (with id equality), HTTP vs a bare
 * route, worker scaling, cold start and memory. Writes bench/results/*.json, docs/BENCHMARKS.md and
 * docs/benchmarks.svg. Not run by CI.
 *
 * Usage: npm run bench [-- --quick] [-- --no-http] [-- --in-process-only]
 * (--quick: smaller corpus, shorter HTTP runs; --in-process-only: re-measures the in-process section alone
 * and keeps the other sections' figures from bench/results/*.json, the last full run)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCorpus } from './corpus.js';
import { runEmbedBatching, type EmbedBatchingResult } from './embed-batching.js';
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
const corpusSize = quick ? 200_000 : 1_000_000;
const corpus = benchCorpus(corpusSize);
const corpusBytes = corpus.all.reduce((n, l) => n + Buffer.byteLength(l), 0);
const rounds = quick ? 2 : 3;
log(`corpus: ${corpus.all.length} lines, ${corpusBytes} bytes; load average ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);

const noHttp = process.argv.includes('--no-http');
const inProcessOnly = process.argv.includes('--in-process-only');
const results = `${root}/bench/results`;
const readJson = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const stored = inProcessOnly ? { inProcess: readJson(`${results}/in-process.json`), http: readJson(`${results}/http.json`) } : null;
// The worker and HTTP sections' settings (kept from the last full run with --in-process-only).
const seconds: number = stored ? stored.inProcess?.seconds ?? 3 : quick ? 2 : 3;
const serviceRounds: number = stored ? stored.inProcess?.serviceRounds ?? stored.inProcess?.rounds ?? 3 : rounds;
// Cold start first, on a machine that the rest of the run has not warmed, filled or fragmented.
const coldStartMs: number[] | null = stored ? stored.http?.coldStartMs ?? null : noHttp ? null : await coldStart(5, log);
const long = corpus.segments.english.filter((l) => l.length >= 1500);
// Before the in-process part, whose large heap this process then collects alongside the pool's threads.
// Five rounds: their median holds against two rounds in which the machine's other work took a core from the 2-thread pool.
const poolScaling: PoolScaling[] = stored ? stored.inProcess?.poolScaling ?? [] : await runWorkerScaling(long, seconds, quick ? 3 : 5, log);
// Each in-process pass gets a corpus of its own (another seed), so no line repeats across rounds.
const inProcess = await runInProcess((pass) => (pass === 0 ? corpus : benchCorpus(corpusSize, 2026 + pass)), rounds, log);
let http: HttpReport | null = null;
let batching: EmbedBatchingResult[] | null = null;
if (stored) {
  http = stored.http;
  batching = stored.http?.embedBatching ?? null;
} else if (!noHttp) {
  const short = corpus.segments.english.filter((l) => l.length >= 150 && l.length <= 260);
  // Endpoints: back-to-back rounds for req/s, latency and CPU; the service ÷ bare ratio comes steadier from
  // rounds with both servers sharing one core (bench/http.ts, sharedCoreRatios).
  http = await runHttp(short, long, { seconds: 1, rounds: 3, sharedRounds: quick ? 3 : 5 }, { seconds, rounds }, log);
  batching = await runEmbedBatching(quick ? 1 : 2, quick ? 3 : 5, log);
}
const totalS = (performance.now() - started) / 1000;
mkdirSync(results, { recursive: true });
mkdirSync(`${root}/docs`, { recursive: true });
writeFileSync(`${results}/in-process.json`, JSON.stringify({ machine, corpusBytes, rounds, serviceRounds, seconds, results: inProcess, poolScaling }, null, 2));
if (http && !stored) writeFileSync(`${results}/http.json`, JSON.stringify({ machine, coldStartMs, ...http, embedBatching: batching }, null, 2));
writeFileSync(`${root}/docs/benchmarks.svg`, chartSvg(inProcess));
writeFileSync(`${root}/docs/BENCHMARKS.md`, markdown(machine, inProcess, poolScaling, http, coldStartMs, batching, { corpusBytes, lines: corpus.all.length, rounds, serviceRounds, seconds, totalS, inProcessOnly }));
log(`done in ${totalS.toFixed(0)} s: docs/BENCHMARKS.md, docs/benchmarks.svg, bench/results/*.json`);
