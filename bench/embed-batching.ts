/**
 * Dynamic batching benchmark: throughput of POST /embed on the generated tiny-bert model under 32
 * concurrent HTTP callers, with batching off (MAX_BATCH_REQUESTS=1) and on (default limits). Both
 * services run at once, each in its own process, and are loaded in alternating rounds (the median round
 * counts) by the load-generator process. Three workloads: queries (4–9 words, ~6–12 tokens), sentences
 * (4–23 words, ~6–30 tokens) and passages (4–103 words, up to ~110 tokens). Part of `npm run bench`;
 * also runs alone.
 *
 * Usage: npm run bench:embed [-- seconds=2] [-- mini]
 * `mini` generates a MiniLM-shaped variant (hidden 384, 6 layers, 12 heads) of the same architecture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { makeTestModel, TEST_MODEL, type ModelSize } from '../test/support/make-test-model.js';
import { measure, medianBy, medianRatio, serverJs, start, stop } from './http.js';
import { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { loadOnnxModel, type OnnxModel } from '../src/embeddings/onnx-model.js';
import type { BatchItem } from '../src/embeddings/batcher.js';

export interface EmbedBatchingResult {
  model: string; workload: string; unbatchedRps: number; batchedRps: number; batchedP99: number; unbatchedP99: number;
  /** Batched ÷ unbatched: the median of the per-round ratios, and their range. */
  ratio: number; ratioRange: [number, number];
  /** CPU time of the server and its inference process (all threads) per request in the median runs, µs. */
  unbatchedCpuUs: number; batchedCpuUs: number;
  /** Rounds of `seconds` per server. */
  rounds: number; seconds: number;
  /** The model calls alone, back to back from this process (to an inference process of its own): µs per input one at a time and in batches of 32. */
  modelUsPerInput: { single: number; batch32: number };
}

/**
 * Seconds of load before the first two rounds of each workload. An unbatched server takes 3–6 s of load
 * to reach its steady speed here (queries: 1.2–1.8k → 3–4k req/s; with a young generation grown in
 * advance, --max-semi-space-size=32, it took about 2 s, so V8's heap sizing is part of it); a batched
 * one about 1 s. Shorter warm-ups flatter batching.
 */
export const WARM_UP_S = [6, 1];

const words = 'the quick brown fox jumps over a lazy dog while kings and queens eat pizza in the market'.split(' ');
const workloads = { queries: 6, sentences: 20, passages: 100 };

/** 64 rotating bodies of 4 … 3 + `spread` words. */
function bodies(spread: number): { model: string; inputs: string }[] {
  return Array.from({ length: 64 }, (_, i) => ({
    model: 'tiny-bert',
    inputs: Array.from({ length: 4 + ((i * 37) % spread) }, (_, j) => words[(i + j) % words.length]).join(' '),
  }));
}

/**
 * What batching saves in the model calls alone: the same inputs (tokenized as the service does, same
 * model code, settings and inference process) back to back, µs per input one at a time vs in batches
 * of 32. HTTP, JSON and pooling are not shared by a batch.
 */
async function modelCallsAlone(tokenizer: SubwordTokenizer, onnx: OnnxModel, texts: string[]): Promise<EmbedBatchingResult['modelUsPerInput']> {
  const items = texts.map((text) => tokenizer.encode(text, null));
  const time = async (calls: BatchItem[][]): Promise<number> => {
    const t0 = performance.now();
    for (const batch of calls) await onnx.forward(batch);
    return ((performance.now() - t0) * 1000) / items.length;
  };
  const single = items.map((it) => [it]);
  const batch32 = [items.slice(0, 32), items.slice(32)];
  const runs = { single: [] as number[], batch32: [] as number[] };
  for (let round = 0; round < 7; round++) {
    runs.single.push(await time(single));
    runs.batch32.push(await time(batch32));
  }
  const median = (xs: number[]) => medianBy(xs.slice(2), (x) => x); // the first rounds warm up
  return { single: median(runs.single), batch32: median(runs.batch32) };
}

export async function runEmbedBatching(seconds: number, rounds: number, log: (s: string) => void, size: ModelSize = TEST_MODEL, label = 'tiny-bert'): Promise<EmbedBatchingResult[]> {
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-bench-'));
  const results: EmbedBatchingResult[] = [];
  const modes = [['unbatched', '1'], ['batched', '64']] as const;
  try {
    const config = loadConfig();
    makeTestModel(join(modelDir, 'tiny-bert'), config.CACHE_DIR, size);
    // The same model loaded here too, for the model-only figures (same code and settings as the service).
    const tokenizer = await SubwordTokenizer.load('tiny-bert', join(modelDir, 'tiny-bert'), 'bench', { cacheDir: config.CACHE_DIR });
    const onnx = await loadOnnxModel(modelDir, 'tiny-bert', {
      allowRemote: false, cacheDir: join(config.CACHE_DIR, 'transformers'), threads: config.INFERENCE_THREADS, callTokens: config.INFERENCE_CALL_TOKENS, head: 'hidden',
    });
    const env = { LOG_LEVEL: 'warn', MODELS: 'tiny-bert', DEFAULT_MODEL: 'tiny-bert', DEFAULT_EMBEDDING_MODEL: 'tiny-bert', MODEL_DIR: modelDir };
    const servers = await Promise.all(modes.map(([, batch]) => start(serverJs, { ...env, MAX_BATCH_REQUESTS: batch })));
    try {
      for (const [workload, spread] of Object.entries(workloads)) {
        const requests = bodies(spread);
        const runs = modes.map(() => [] as Awaited<ReturnType<typeof measure>>[]);
        // Each round runs both servers back to back, alternating which goes first: the machine's speed drifts.
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? [0, 1] : [1, 0];
          for (const m of order) runs[m].push(await measure(servers[m], '/embed', requests, 32, seconds, WARM_UP_S[round] ?? 0));
        }
        const [unbatched, batched] = runs.map((r) => medianBy(r, (x) => x.requests.average));
        const ratios = runs[1].map((b, i) => b.requests.average / runs[0][i].requests.average);
        modes.forEach(([mode], m) => log(`embed ${label} ${workload.padEnd(9)} ${mode.padEnd(9)} ${runs[m].map((x) => x.requests.average.toFixed(0).padStart(6)).join(' ')} req/s  CPU µs/req ${runs[m].map((x) => x.cpuUsPerRequest.toFixed(0)).join(' ')}  median p99 ${[unbatched, batched][m].latency.p99} ms  non-2xx ${runs[m].reduce((n, x) => n + x.non2xx, 0)}`));
        const modelUsPerInput = await modelCallsAlone(tokenizer, onnx, requests.map((b) => b.inputs));
        const ratio = medianRatio(ratios);
        results.push({
          model: label, workload, unbatchedRps: unbatched.requests.average, batchedRps: batched.requests.average, unbatchedP99: unbatched.latency.p99, batchedP99: batched.latency.p99,
          ratio: ratio.median, ratioRange: ratio.range, rounds, seconds, modelUsPerInput,
          unbatchedCpuUs: unbatched.cpuUsPerRequest, batchedCpuUs: batched.cpuUsPerRequest,
        });
        log(`embed ${label} ${workload}: batched / unbatched ${ratio.median.toFixed(2)}× (median of rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')}); model calls alone ${modelUsPerInput.single.toFixed(0)} → ${modelUsPerInput.batch32.toFixed(0)} µs per input (${(modelUsPerInput.single / modelUsPerInput.batch32).toFixed(2)}×)`);
      }
    } finally {
      await Promise.all([...servers.map(stop), onnx.dispose()]);
    }
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mini = process.argv.includes('mini');
  const seconds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 2);
  const size = mini ? { ...TEST_MODEL, hidden: 384, heads: 12, layers: 6, intermediate: 1536 } : TEST_MODEL;
  await runEmbedBatching(seconds, 5, (s) => console.log(s), size, mini ? 'mini (MiniLM-shaped)' : 'tiny-bert');
}
