/**
 * Dynamic batching benchmark: throughput of POST /embed on the generated tiny-bert model under 32
 * concurrent HTTP callers, with batching off (MAX_BATCH_REQUESTS=1) and on (default limits). The
 * service runs in its own process (as in production), autocannon in this one. Two workloads:
 * sentences (4–23 words, ~6–30 tokens: queries and sentences) and passages (4–103 words, up to ~110
 * tokens). Part of `npm run bench`; also runs alone.
 *
 * Usage: npm run bench:embed [-- seconds=5] [-- mini]
 * `mini` generates a MiniLM-shaped variant (hidden 384, 6 layers, 12 heads) of the same architecture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { makeTestModel, TEST_MODEL, type ModelSize } from '../scripts/make-test-model.js';
import { load, serverJs, start, stop } from './http.js';

export interface EmbedBatchingResult { model: string; workload: string; unbatchedRps: number; batchedRps: number; batchedP99: number; unbatchedP99: number }

const words = 'the quick brown fox jumps over a lazy dog while kings and queens eat pizza in the market'.split(' ');
const workloads = { sentences: 20, passages: 100 };

/** 64 rotating bodies of 4 … 3 + `spread` words. */
function bodies(spread: number): object[] {
  return Array.from({ length: 64 }, (_, i) => ({
    model: 'tiny-bert',
    inputs: Array.from({ length: 4 + ((i * 37) % spread) }, (_, j) => words[(i + j) % words.length]).join(' '),
  }));
}

export async function runEmbedBatching(seconds: number, log: (s: string) => void, size: ModelSize = TEST_MODEL, label = 'tiny-bert'): Promise<EmbedBatchingResult[]> {
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-bench-'));
  const results: EmbedBatchingResult[] = [];
  try {
    makeTestModel(join(modelDir, 'tiny-bert'), loadConfig().CACHE_DIR, size);
    const env = { LOG_LEVEL: 'warn', MODELS: 'tiny-bert', DEFAULT_MODEL: 'tiny-bert', DEFAULT_EMBEDDING_MODEL: 'tiny-bert', MODEL_DIR: modelDir };
    for (const [workload, spread] of Object.entries(workloads)) {
      const rps: Record<string, { rps: number; p99: number }> = {};
      for (const [mode, batch] of [['unbatched', '1'], ['batched', '64']]) {
        const p = await start(serverJs, { ...env, MAX_BATCH_REQUESTS: batch });
        const r = await load(p.url, '/embed', bodies(spread), 32, seconds);
        await stop(p);
        rps[mode] = { rps: r.requests.average, p99: r.latency.p99 };
        log(`embed ${label} ${workload.padEnd(9)} ${mode.padEnd(9)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}`);
      }
      results.push({ model: label, workload, unbatchedRps: rps.unbatched.rps, batchedRps: rps.batched.rps, unbatchedP99: rps.unbatched.p99, batchedP99: rps.batched.p99 });
      log(`embed ${label} ${workload}: batched / unbatched ${(rps.batched.rps / rps.unbatched.rps).toFixed(2)}×`);
    }
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mini = process.argv.includes('mini');
  const seconds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
  const size = mini ? { ...TEST_MODEL, hidden: 384, heads: 12, layers: 6, intermediate: 1536 } : TEST_MODEL;
  await runEmbedBatching(seconds, (s) => console.log(s), size, mini ? 'mini (MiniLM-shaped)' : 'tiny-bert');
}
