import type { EncodeRequest } from '../src/generated/wire-types.js';
/**
 * Worker-pool scaling without HTTP: /encode tasks (batches of 32 long texts, gpt-4o) submitted straight
 * to the tokenization pool, 4 in flight, with 1 and 2 threads. The HTTP run (bench/http.ts) measures
 * the same through the service, where the main thread's share (JSON parsing, validation, serializing
 * ~100 KB answers, socket writes) and the load generator compete for the same two cores.
 */
import { Ajv } from 'ajv';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { WorkerDispatch } from '../src/workers/dispatch.js';
import { Readiness } from '../src/readiness.js';
import { ajvOptions, schemas } from '../src/schemas.js';
import { medianBy, medianRatio } from './http.js';

export interface PoolScaling {
  workers: number;
  tasksPerS: number;
  /** ÷ the 1-thread pool: the median of the per-round ratios (the two runs of a round see nearly the same machine), and their range. */
  vsOne: number;
  vsOneRange: [number, number];
  /** Rounds of `seconds` per pool. */
  rounds: number;
}

/** /encode bodies with the schema's defaults filled in, as the route receives them. */
function encodeBodies(batches: string[][]): EncodeRequest[] {
  const ajv = new Ajv({ ...ajvOptions, strict: false });
  for (const s of schemas) ajv.addSchema(s);
  const validate = ajv.compile({ $ref: 'EncodeRequest#' });
  return batches.map((inputs) => {
    const body = { inputs, model: 'gpt-4o' };
    if (!validate(body)) throw new Error(ajv.errorsText(validate.errors));
    return body as EncodeRequest;
  });
}

export async function runWorkerScaling(long: string[], seconds: number, rounds: number, log: (s: string) => void): Promise<PoolScaling[]> {
  const bodies = encodeBodies(Array.from({ length: 8 }, (_, i) => Array.from({ length: 32 }, (_, k) => long[(i * 32 + k) % long.length])));
  // Both pools stay up and run in alternating rounds (an idle pool's threads wait without using CPU).
  const pools = await Promise.all([1, 2].map(async (workers) => {
    const config = loadConfig({}, { MODELS: 'bert-base-uncased,gpt-4o', TOKENIZATION_WORKERS: workers, LOG_LEVEL: 'silent' });
    const registry = new ModelRegistry(config);
    await registry.loadAll();
    const dispatch = new WorkerDispatch(config, registry, new Readiness(registry));
    await dispatch.start();
    const pool = dispatch.workers();
    if (!pool) throw new Error('the worker pool did not start');
    return { workers, dispatch, pool, rates: [] as number[] };
  }));
  const runFor = async (pool: (typeof pools)[number]['pool'], ms: number): Promise<number> => {
    const t0 = performance.now();
    let done = 0;
    await Promise.all(Array.from({ length: 4 }, async (_, lane) => {
      for (let i = lane; performance.now() < t0 + ms; i += 4, done++) await pool.run({ op: 'encode', body: bodies[i % bodies.length] });
    }));
    return done / ((performance.now() - t0) / 1000);
  };
  for (const p of pools) await runFor(p.pool, 1000); // warm-up: caches and JIT in every thread
  // Alternating which pool goes first: the machine's speed drifts.
  for (let round = 0; round < rounds; round++) for (const p of round % 2 ? [...pools].reverse() : pools) p.rates.push(await runFor(p.pool, seconds * 1000));
  const results: PoolScaling[] = [];
  for (const p of pools) {
    const tasksPerS = medianBy(p.rates, (r) => r);
    const vsOne = medianRatio(p.rates.map((r, round) => r / pools[0].rates[round]));
    results.push({ workers: p.workers, tasksPerS, vsOne: vsOne.median, vsOneRange: vsOne.range, rounds });
    log(`worker pool, ${p.workers} thread(s): ${tasksPerS.toFixed(1)} tasks/s median (runs: ${p.rates.map((r) => r.toFixed(1)).join(', ')}; 32 × ~2,000 chars, gpt-4o, no HTTP)`);
    await p.dispatch.close();
  }
  return results;
}
