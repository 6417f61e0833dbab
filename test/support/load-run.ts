/**
 * Load and soak run against a real server process over loopback (used by `npm run load` and
 * test/load.test.ts): warm up, note the server's RSS, drive a mixed workload with autocannon for a
 * fixed time, note the RSS again. A leak shows as RSS growing past the warmed-up level.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server-process.js';

interface AutocannonRequest { method: string; path: string; headers?: Record<string, string>; body?: string }
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number; timeouts: number; non2xx: number; resets: number;
  '2xx': number;
}
/** The part of autocannon's API used here (the package ships no types). */
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: AutocannonRequest[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const json = (path: string, body: unknown): AutocannonRequest => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A normal mix: mostly tokenization on the shipped tokenizers, some decoding, word vectors and probes. */
export const WORKLOAD: AutocannonRequest[] = [
  json('/tokenize', { inputs: 'I love to eat pizza! The quick brown fox jumps over the lazy dog.' }),
  json('/tokenize', { inputs: ['我喜欢吃披萨！😀', 'Hello, world'], model: 'gpt-4o', offset_unit: 'utf16' }),
  json('/encode', { inputs: ['I love to eat pizza!', 'Hello'], model: 'llama-3', padding: 'longest', return_offsets: true, return_attention_mask: true }),
  json('/encode', { inputs: 'The quick brown fox jumps over the lazy dog', model: 'qwen3', truncation: 'longest_first', max_length: 4, stride: 1, return_overflowing: true }),
  json('/decode', { ids: [[101, 1045, 2293, 2000, 4521, 10733, 999, 102]] }),
  json('/embed', { inputs: ['the king and the queen', 'a yellow banana'], model: 'glove-100d' }),
  json('/v1/embeddings', { input: 'the king and the queen', model: 'glove-100d' }),
  { method: 'GET', path: '/health' },
];

export interface LoadOptions {
  /** Measured run, seconds. */
  duration: number;
  /** Least warm-up before the first RSS reading, seconds (it goes on while RSS still grows). */
  warmup: number;
  connections: number;
  /** Extra server environment (e.g. MODELS). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface LoadReport {
  requests: number; reqPerSec: number; p50Ms: number; p99Ms: number; maxMs: number;
  errors: number; timeouts: number; non2xx: number; resets: number;
  rssWarmMb: number; rssAfterMb: number; rssPeakMb: number; rssDriftPct: number;
}

/** Resident set size of a process, MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kb / 102.4) / 10;
}

/** Starts a server, warms it up, runs the workload for `duration` seconds, stops the server. */
export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const server = await startServer({ LOG_LEVEL: 'warn', ...opts.env });
  try {
    const pid = server.child.pid!;
    log(`server ${server.url} (pid ${pid}) ready, RSS ${rssMb(pid)} MB; warming up ${opts.warmup} s`);
    // Warm up at least `warmup` s, then on in 2 s steps until RSS moves by less than 2 % per step, up or
    // down (the worker threads load their tokenizers, caches fill, V8 sizes and collects its heaps), at most 60 s.
    // The warmed-up level is the highest RSS seen once warm: RSS swings by ±15 % with garbage collection,
    // so a single reading would make the drift check measure GC timing instead of growth.
    await autocannon({ url: server.url, connections: opts.connections, duration: opts.warmup, requests: WORKLOAD });
    let last = rssMb(pid);
    let rssHighMb = last;
    const warmSampler = setInterval(() => { rssHighMb = Math.max(rssHighMb, rssMb(pid)); }, 500);
    for (let extra = 0; extra < 60 - opts.warmup; extra += 2) {
      await autocannon({ url: server.url, connections: opts.connections, duration: 2, requests: WORKLOAD });
      const now = rssMb(pid);
      rssHighMb = Math.max(rssHighMb, now);
      const settled = Math.abs(now - last) < last * 0.02;
      last = now;
      if (settled) break;
    }
    clearInterval(warmSampler);
    await sleep(500); // let the last replies and timers settle before reading
    const rssWarmMb = Math.max(rssHighMb, rssMb(pid));
    log(`after warm-up: RSS ${rssWarmMb} MB; measuring ${opts.duration} s with ${opts.connections} connections`);
    let rssPeakMb = rssWarmMb;
    const sampler = setInterval(() => { rssPeakMb = Math.max(rssPeakMb, rssMb(pid)); }, 1_000);
    const r = await autocannon({ url: server.url, connections: opts.connections, duration: opts.duration, requests: WORKLOAD });
    clearInterval(sampler);
    await sleep(500);
    const rssAfterMb = rssMb(pid);
    if (server.child.exitCode !== null) throw new Error(`server exited during the run (${server.child.exitCode})`);
    return {
      requests: r.requests.total, reqPerSec: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
      errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, resets: r.resets,
      rssWarmMb, rssAfterMb, rssPeakMb: Math.max(rssPeakMb, rssAfterMb), rssDriftPct: Math.round(((rssAfterMb - rssWarmMb) / rssWarmMb) * 1000) / 10,
    };
  } finally {
    await server.stop();
  }
}
