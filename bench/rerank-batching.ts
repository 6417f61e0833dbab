/**
 * Rerank batching benchmark: POST /rerank of one query against 32 passages on the generated
 * tiny-reranker, over real HTTP to a service process, three ways: the 32 texts in one request (one model
 * call), the 32 pairs as 32 requests sent at once (dynamic batching may merge them), and the 32 pairs as
 * 32 requests one after another (one model call each, as a client that scores pair by pair). Rounds
 * alternate the order of the three; the ratio is the median of the per-round ratios. Part of
 * `npm run bench`; `npm run bench:rerank` runs it alone (bench/run.ts --rerank-only).
 *
 * Usage: npm run bench:rerank
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { makeTestModel, TEST_HEADS } from '../test/support/make-test-model.js';
import { medianBy, medianRatio, serverJs, start, stop } from './http.js';

export interface RerankBatchingResult {
  model: string; passages: number; rounds: number; reranksPerRound: number;
  /** The machine's 1-minute load average at the start (other work shares its cores). */
  loadAverage: number;
  /** Median milliseconds per rerank of all passages. */
  oneRequestMs: number; concurrentMs: number; sequentialMs: number;
  /** Sequential ÷ one request, and concurrent ÷ one request: medians of the per-round ratios, with their range. */
  sequentialRatio: { median: number; range: [number, number] };
  concurrentRatio: { median: number; range: [number, number] };
}

const words = 'the quick brown fox jumps over a lazy dog while kings and queens eat pizza in the market near deep neural networks'.split(' ');
/** 32 passages of 12 … 72 words. */
const passages = Array.from({ length: 32 }, (_, i) => Array.from({ length: 12 + ((i * 37) % 61) }, (_, j) => words[(i + j) % words.length]).join(' '));
const query = 'what do kings and queens eat';

export async function runRerankBatching(rounds: number, log: (s: string) => void): Promise<RerankBatchingResult> {
  const loadAverage = loadavg()[0];
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-bench-rerank-'));
  const { size, head } = TEST_HEADS['tiny-reranker'];
  makeTestModel(join(modelDir, 'tiny-reranker'), loadConfig().CACHE_DIR, size, head);
  const server = await start(serverJs, { LOG_LEVEL: 'warn', MODELS: 'tiny-reranker', DEFAULT_MODEL: 'tiny-reranker', MODEL_DIR: modelDir });
  try {
    const rerank = async (texts: string[]) => {
      const res = await fetch(`${server.url}/rerank`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, texts }) });
      if (res.status !== 200) throw new Error(`rerank answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    const ways = {
      oneRequest: () => rerank(passages),
      concurrent: () => Promise.all(passages.map((p) => rerank([p]))),
      sequential: async () => { for (const p of passages) await rerank([p]); },
    };
    const reranksPerRound = 20;
    const timeOf = async (way: () => Promise<unknown>) => {
      const t0 = performance.now();
      for (let i = 0; i < reranksPerRound; i++) await way();
      return (performance.now() - t0) / reranksPerRound;
    };
    for (const way of Object.values(ways)) await timeOf(way); // warm-up
    const runs: Record<keyof typeof ways, number[]> = { oneRequest: [], concurrent: [], sequential: [] };
    const names = Object.keys(ways) as (keyof typeof ways)[];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) runs[name].push(await timeOf(ways[name]));
      log(`rerank round ${round + 1}: ${names.map((n) => `${n} ${runs[n][round].toFixed(2)} ms`).join(', ')}`);
    }
    const med = (xs: number[]) => medianBy(xs, (x) => x);
    return {
      model: 'tiny-reranker', passages: passages.length, rounds, reranksPerRound, loadAverage,
      oneRequestMs: med(runs.oneRequest), concurrentMs: med(runs.concurrent), sequentialMs: med(runs.sequential),
      sequentialRatio: medianRatio(runs.sequential.map((s, i) => s / runs.oneRequest[i])),
      concurrentRatio: medianRatio(runs.concurrent.map((s, i) => s / runs.oneRequest[i])),
    };
  } finally {
    await stop(server);
    rmSync(modelDir, { recursive: true, force: true });
  }
}
