/**
 * Dynamic batching benchmark (not run by CI): throughput of POST /embed on the generated tiny-bert
 * model under 32 concurrent HTTP callers (autocannon, mixed input lengths), with batching off
 * (MAX_BATCH_REQUESTS=1) and on (default limits).
 *
 * Usage: npm run build && node dist/bench/embed-batching.js [seconds=10] [tiny|mini]
 * `mini` generates a MiniLM-shaped variant (hidden 384, 6 layers, 12 heads) of the same architecture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { makeTestModel, TEST_MODEL } from '../scripts/make-test-model.js';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number }
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: object[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 10);
const size = process.argv[3] === 'mini' ? { ...TEST_MODEL, hidden: 384, heads: 12, layers: 6, intermediate: 1536 } : TEST_MODEL;
const words = 'the quick brown fox jumps over a lazy dog while kings and queens eat pizza in the market'.split(' ');
const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify({
  model: 'tiny-bert',
  inputs: Array.from({ length: 4 + ((i * 37) % 100) }, (_, j) => words[(i + j) % words.length]).join(' '),
}));

async function run(label: string, overrides: Partial<Config>, modelDir: string): Promise<number> {
  const config = loadConfig(process.env, { LOG_LEVEL: 'silent', MODELS: 'bert-base-uncased,tiny-bert', MODEL_DIR: modelDir, RATE_LIMIT_MAX: 0, ...overrides });
  const app = await buildApp(config);
  await app.registry.loadAll();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const requests = bodies.map((body) => ({ method: 'POST' as const, path: '/embed', headers: { 'content-type': 'application/json' }, body }));
  await autocannon({ url, connections: 32, duration: 2, requests }); // warm-up
  const result = await autocannon({ url, connections: 32, duration: seconds, requests });
  await app.close();
  const rps = result.requests.average;
  console.log(`${label.padEnd(10)} ${rps.toFixed(1).padStart(8)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`);
  return rps;
}

const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-bench-'));
try {
  makeTestModel(join(modelDir, 'tiny-bert'), loadConfig().CACHE_DIR, size);
  const unbatched = await run('unbatched', { MAX_BATCH_REQUESTS: 1 }, modelDir);
  const batched = await run('batched', {}, modelDir);
  console.log(`batched / unbatched throughput: ${(batched / unbatched).toFixed(2)}x (${process.argv[3] ?? 'tiny'} model, 32 concurrent callers, ${seconds} s each)`);
} finally {
  rmSync(modelDir, { recursive: true, force: true });
}
