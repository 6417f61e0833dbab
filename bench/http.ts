/**
 * HTTP benchmarks: the service (node dist/src/server.js) against a bare Fastify route making the same
 * service call (bench/bare-server.ts), each in its own process, loaded over loopback by autocannon in a
 * third process (bench/load-generator.ts). Also cold start to ready, RSS at rest and under load, and 1 vs
 * 2 worker threads.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import type { AutocannonResult, LoadJob } from './load-generator.js';

const root = fileURLToPath(new URL('../..', import.meta.url)); // dist/bench → project root
export const serverJs = fileURLToPath(new URL('../src/server.js', import.meta.url));
const bareJs = fileURLToPath(new URL('./bare-server.js', import.meta.url));
const libraryBareJs = fileURLToPath(new URL('./library-bare-server.js', import.meta.url));
const loadGeneratorJs = fileURLToPath(new URL('./load-generator.js', import.meta.url));

export interface HttpResult { endpoint: string; target: 'service' | 'bare'; rps: number; p50: number; p99: number; non2xx: number; cpuUsPerRequest: number }

/**
 * Service ÷ bare per endpoint: the median of the per-round ratios (req/s, and bare CPU ÷ service CPU), with
 * their range; `shared`: req/s with both servers sharing one core at the same moments (sharedCoreRatios).
 */
export interface HttpRatio {
  endpoint: string; rps: number; cpu: number; rpsRange: [number, number]; cpuRange: [number, number];
  shared: number | null; sharedRange: [number, number] | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Proc { child: ChildProcess; url: string; readyMs: number; output: () => string }

/** Starts a server process and waits until GET /health answers (the service) or it prints "ready" (a bare server). */
export async function start(file: string, env: Record<string, string>, waitFor?: RegExp): Promise<Proc> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${file} exited: ${out.slice(-500)}`);
    const ok = file === serverJs ? await fetch(`${url}/health`).then((r) => r.status === 200, () => false) : out.includes('ready');
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - t0;
  if (waitFor) while (!waitFor.test(out)) await new Promise((r) => setTimeout(r, 50));
  return { child, url, readyMs, output: () => out };
}

export function stop(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
  });
}

/** Resident set size of a process in MB (Linux /proc). */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * CPU time (user + system, all threads) a process and its child processes (a transformer model's
 * inference process) have used so far, in µs (Linux /proc; 100 ticks/s).
 */
function cpuUs(pid: number): number {
  let us = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(entry) === pid || Number(fields[1]) === pid) us += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // ended meanwhile
    }
  }
  return us;
}

/** Restricts a process, all its threads, to `cpus` (a taskset CPU list such as "0" or "1-3"). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Loads `path` with rotating JSON bodies for `seconds`, from the load-generator process (on `cpus` when given). */
export async function load(url: string, path: string, bodies: object[], connections: number, seconds: number, cpus?: string): Promise<AutocannonResult> {
  const command = cpus ? ['taskset', '-c', cpus, process.execPath, loadGeneratorJs] : [process.execPath, loadGeneratorJs];
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const job: LoadJob = { url, path, bodies, connections, seconds };
  child.stdin.end(JSON.stringify(job));
  const out = await text(child.stdout);
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  if (child.exitCode !== 0) throw new Error(`load generator exited with ${child.exitCode}`);
  return JSON.parse(out) as AutocannonResult;
}

/** One load run against a server process, with the server's CPU time per answered request. */
export async function measure(proc: Proc, path: string, bodies: object[], connections: number, seconds: number, warmUpSeconds: number): Promise<AutocannonResult & { cpuUsPerRequest: number }> {
  const pid = proc.child.pid!;
  if (warmUpSeconds > 0) await load(proc.url, path, bodies, connections, warmUpSeconds);
  const before = cpuUs(pid);
  const r = await load(proc.url, path, bodies, connections, seconds);
  return { ...r, cpuUsPerRequest: (cpuUs(pid) - before) / Math.max(1, r.requests.total) };
}

/** The median of the runs, by `key`. */
export function medianBy<T>(runs: T[], key: (r: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[runs.length >> 1];
}

/** Per-round ratios summed up as the bench reports them: their median, and their range. */
export function medianRatio(perRound: number[]): { median: number; range: [number, number] } {
  return { median: medianBy(perRound, (x) => x), range: [Math.min(...perRound), Math.max(...perRound)] };
}

/**
 * Service ÷ bare req/s per round, with both servers pinned to CPU 0 and loaded at the same moments, each by
 * its own load generator on the other CPUs. The scheduler shares the core fairly between the two busy
 * servers, so each round's ratio is their relative cost per request under the same machine conditions.
 * Back-to-back runs see a machine whose speed swings by ±40 % from one second to the next here; these
 * rounds stay within about ±5 % (bare against bare: 0.99). Needs Linux's taskset and 2 or more CPUs.
 */
async function sharedCoreRatios(service: Proc, bare: Proc, path: string, bodies: object[], rounds: number): Promise<number[]> {
  const cpus = availableParallelism();
  if (cpus < 2) return [];
  for (const p of [service, bare]) pin(p.child.pid!, '0');
  try {
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [s, b] = await Promise.all([service, bare].map((p) => load(p.url, path, bodies, 10, 1, `1-${cpus - 1}`)));
      ratios.push(s.requests.average / b.requests.average);
    }
    return ratios;
  } finally {
    for (const p of [service, bare]) pin(p.child.pid!, `0-${cpus - 1}`);
  }
}

/** Cold start with the default models (every shipped one): process spawn to GET /health 200, `runs` times. */
export async function coldStart(runs: number, log: (s: string) => void): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await start(serverJs, { LOG_LEVEL: 'warn' });
    ms.push(Math.round(p.readyMs));
    await stop(p);
  }
  log(`cold start to ready (default models): ${ms.join(', ')} ms`);
  return ms;
}

/** /encode at default settings ÷ a bare Fastify route calling a tokenizer library (runLibraryBaseline). */
export interface LibraryBaseline { model: string; library: string; rps: number; range: [number, number]; rounds: number }

/**
 * The per-request cost the issue of record measures: the service at its default settings (LOG_LEVEL=info,
 * metrics, security headers, validation) against a bare Fastify route that calls the tokenizer library
 * users would otherwise call (bench/library-bare-server.ts), the same ~200-character /encode bodies,
 * both sharing one core (sharedCoreRatios).
 */
export async function runLibraryBaseline(lines: string[], rounds: number, log: (s: string) => void): Promise<LibraryBaseline[]> {
  const out: LibraryBaseline[] = [];
  for (const [model, library, folder] of [['gpt-4o', 'gpt-tokenizer', ''], ['bert-base-uncased', 'transformers.js', `${root}/.cache/models/bert-base-uncased`]] as const) {
    const bodies = lines.slice(0, 64).map((inputs) => ({ inputs, model }));
    const service = await start(serverJs, {});
    const bare = await start(libraryBareJs, { LIBRARY_MODEL: `${model}:${folder}` });
    for (const p of [service, bare]) await load(p.url, '/encode', bodies, 10, 2);
    const ratios = await sharedCoreRatios(service, bare, '/encode', bodies, rounds);
    await stop(service);
    await stop(bare);
    if (ratios.length === 0) continue;
    const r = medianRatio(ratios);
    out.push({ model, library, rps: r.median, range: r.range, rounds });
    log(`/encode ${model} at default settings ÷ bare ${library}: ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${r.median.toFixed(2)})`);
  }
  return out;
}

export interface HttpReport {
  /** /encode at default settings against bare routes calling tokenizer libraries. */
  libraryBaseline: LibraryBaseline[];
  endpoints: HttpResult[];
  ratios: HttpRatio[];
  /** Rounds per endpoint: service and bare back to back (alternating which goes first); the medians are reported. */
  rounds: number;
  /** Seconds per run. */
  seconds: number;
  /** Rounds of 1 s per endpoint with both servers sharing one core (sharedCoreRatios). */
  sharedRounds: number;
  rss: { atRestMB: number; underLoadMB: number };
  /**
   * cpuMsPerRequest: the server process's CPU time (main thread and workers) per request; vsOne: ÷ 1
   * worker, the median of the per-round ratios, and vsOneRange their range.
   */
  scaling: { workers: number; rps: number; p50: number; p99: number; cpuMsPerRequest: number; vsOne: number; vsOneRange: [number, number] }[];
}

/**
 * `lines`: ~200-character inputs; `long`: ~2,000-character inputs for the worker scaling run. Each
 * endpoint runs `endpoint.rounds` rounds of `endpoint.seconds` on the service and the bare server,
 * back to back, alternating which goes first; the median run of each is reported, with the server's
 * CPU time per request (a figure the load generator's share of the two cores does not move). Their
 * ratio is the median of the per-round ratios: this machine's speed drifts over minutes, and the two
 * runs of a round see nearly the same machine. Then `endpoint.sharedRounds` rounds with both servers on
 * one core at the same moments give the steadier ratio (sharedCoreRatios); `endpoint.libraryRounds` such
 * rounds for the library baselines (runLibraryBaseline).
 */
export async function runHttp(lines: string[], long: string[], endpoint: { seconds: number; rounds: number; sharedRounds: number; libraryRounds: number }, scaling: { seconds: number; rounds: number }, log: (s: string) => void): Promise<HttpReport> {
  const env = { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' };
  const models = 'bert-base-uncased,glove-100d';
  const bodies = lines.slice(0, 64);
  const cases: [string, string, object[]][] = [
    ['/tokenize', '/tokenize', bodies.map((inputs) => ({ inputs }))],
    ['/count', '/count', bodies.map((inputs) => ({ inputs }))],
    ['/encode', '/encode', bodies.map((inputs) => ({ inputs }))],
    ['/encode (batch of 32)', '/encode', Array.from({ length: 16 }, (_, i) => ({ inputs: Array.from({ length: 32 }, (_, k) => lines[(i * 32 + k) % lines.length]) }))],
    ['/decode', '/decode', bodies.map((_, i) => ({ ids: [101, ...Array.from({ length: 40 }, (_, k) => 1996 + ((i * 7 + k * 13) % 5000)), 102] }))],
    ['/embed (glove-100d)', '/embed', bodies.map((inputs) => ({ inputs, model: 'glove-100d' }))],
  ];
  const endpoints: HttpResult[] = [];
  const service = await start(serverJs, { ...env, MODELS: models, DEFAULT_MODEL: 'bert-base-uncased' });
  const bare = await start(bareJs, { ...env, MODELS: models, DEFAULT_MODEL: 'bert-base-uncased' });
  const atRestMB = rssMB(service.child.pid!);
  let underLoadMB = 0;
  const sampler = setInterval(() => { underLoadMB = Math.max(underLoadMB, rssMB(service.child.pid!)); }, 200);
  const ratios: HttpRatio[] = [];
  for (const [label, path, reqs] of cases) {
    const runs = { service: [] as Awaited<ReturnType<typeof measure>>[], bare: [] as Awaited<ReturnType<typeof measure>>[] };
    for (let round = 0; round < endpoint.rounds; round++) {
      const order = [['service', service], ['bare', bare]] as const;
      for (const [target, proc] of round % 2 === 0 ? order : [...order].reverse()) runs[target].push(await measure(proc, path, reqs, 10, endpoint.seconds, round < 2 ? 1 : 0));
    }
    for (const target of ['service', 'bare'] as const) {
      const r = medianBy(runs[target], (x) => x.requests.average);
      const cpu = medianBy(runs[target], (x) => x.cpuUsPerRequest).cpuUsPerRequest;
      const non2xx = runs[target].reduce((n, x) => n + x.non2xx, 0);
      endpoints.push({ endpoint: label, target, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx, cpuUsPerRequest: cpu });
      log(`${label.padEnd(24)} ${target.padEnd(8)} ${r.requests.average.toFixed(0).padStart(7)} req/s (runs: ${runs[target].map((x) => x.requests.average.toFixed(0)).join(', ')})  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  ${cpu.toFixed(0)} µs CPU/req  non-2xx ${non2xx}`);
    }
    const perRound = (f: (s: (typeof runs.service)[number], b: (typeof runs.bare)[number]) => number) => runs.service.map((s, i) => f(s, runs.bare[i]));
    const rps = perRound((s, b) => s.requests.average / b.requests.average);
    const cpu = perRound((s, b) => b.cpuUsPerRequest / s.cpuUsPerRequest);
    const shared = await sharedCoreRatios(service, bare, path, reqs, endpoint.sharedRounds);
    const [r, c, sh] = [medianRatio(rps), medianRatio(cpu), shared.length ? medianRatio(shared) : null];
    ratios.push({
      endpoint: label, rps: r.median, cpu: c.median, rpsRange: r.range, cpuRange: c.range, shared: sh?.median ?? null, sharedRange: sh?.range ?? null,
    });
    log(`${label.padEnd(24)} service / bare per round: req/s ${rps.map((x) => x.toFixed(2)).join(', ')}; CPU ${cpu.map((x) => x.toFixed(2)).join(', ')}; sharing one core ${shared.map((x) => x.toFixed(2)).join(', ')}`);
  }
  clearInterval(sampler);
  await stop(service);
  await stop(bare);

  // Worker scaling: batches of 32 long texts (all in worker threads), 1 vs 2 threads. Both servers stay
  // up (idle worker threads wait without using CPU) and are loaded in alternating rounds.
  const batches = Array.from({ length: 8 }, (_, i) => ({ inputs: Array.from({ length: 32 }, (_, k) => long[(i * 32 + k) % long.length]), model: 'gpt-4o' }));
  const servers = await Promise.all([1, 2].map(async (workers) => {
    const p = await start(serverJs, { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', MODELS: 'bert-base-uncased,gpt-4o', TOKENIZATION_WORKERS: String(workers), WORKER_MIN_CHARS: '1' });
    return { workers, p, runs: [] as Awaited<ReturnType<typeof measure>>[] };
  }));
  for (const s of servers) await load(s.p.url, '/encode', batches, 1, 5); // the first request starts the threads; wait for them to load
  for (let round = 0; round < scaling.rounds; round++) for (const s of servers) s.runs.push(await measure(s.p, '/encode', batches, 4, scaling.seconds, 0));
  const scalingResults: HttpReport['scaling'] = [];
  for (const { workers, p, runs } of servers) {
    const r = medianBy(runs, (x) => x.requests.average);
    const cpuMsPerRequest = medianBy(runs, (x) => x.cpuUsPerRequest).cpuUsPerRequest / 1000;
    const vsOne = medianRatio(runs.map((x, round) => x.requests.average / servers[0].runs[round].requests.average));
    scalingResults.push({ workers, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMsPerRequest, vsOne: vsOne.median, vsOneRange: vsOne.range });
    log(`workers ${workers}: ${r.requests.average.toFixed(1)} req/s median (runs: ${runs.map((x) => x.requests.average.toFixed(1)).join(', ')}; 32 × ~2,000 chars), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${cpuMsPerRequest.toFixed(2)} ms CPU/req, non-2xx ${runs.reduce((n, x) => n + x.non2xx, 0)}`);
    await stop(p);
  }
  const libraryBaseline = await runLibraryBaseline(lines, endpoint.libraryRounds, log);
  return { libraryBaseline, endpoints, ratios, rounds: endpoint.rounds, seconds: endpoint.seconds, sharedRounds: endpoint.sharedRounds, rss: { atRestMB, underLoadMB }, scaling: scalingResults };
}
