import type { Config } from '../config.js';
import type { ModelRegistry } from '../models/registry.js';
import type { CatalogEntry } from '../models/types.js';
import type { ReadinessState } from '../readiness.js';
import type { TokenizationPool } from './pool.js';

/** The size of a request that decides where it runs: its texts (inputs and text_pair) or its ids. */
export interface SizedRequest {
  model?: string;
  inputs?: string | string[];
  text_pair?: string | string[];
  ids?: number[] | number[][];
}

/** Characters of a request's texts (or its ids, for decode). */
function requestSize(body: SizedRequest): number {
  const count = (x: unknown): number => (typeof x === 'string' ? x.length : Array.isArray(x) ? x.reduce((n: number, y) => n + count(y), 0) : 1);
  return count(body.inputs ?? body.ids ?? []) + (body.text_pair ? count(body.text_pair) : 0);
}

/**
 * Where tokenization requests run: the worker threads (TOKENIZATION_WORKERS, started on the first
 * large request, so a service that never gets one keeps neither threads nor their memory) or this
 * thread. Owns the pool's lifecycle and reports its queue depth.
 */
export class WorkerDispatch {
  private pool: TokenizationPool | null = null;
  private readyPool: TokenizationPool | null = null;
  private poolStart: Promise<void> | null = null;
  /** The entries the threads serve: a model added or replaced later (POST /train) runs on this thread. */
  private poolEntries = new Set<CatalogEntry>();

  constructor(private readonly config: Config, private readonly registry: ModelRegistry, private readonly readiness: { readonly state: ReadinessState }) {}

  /**
   * The pool a tokenizer request should run in: when it is large (WORKER_MIN_CHARS) and the pool is
   * ready. Null for small requests, and for everything while the pool starts: they run here (faster:
   * no hand-over cost). Word analyzers always run here (workers load only subword tokenizers). A
   * worker's answer comes back serialized (src/serializers.ts), ready to send.
   */
  poolFor(body: SizedRequest): TokenizationPool | null {
    if (requestSize(body) < this.config.WORKER_MIN_CHARS) return null;
    const model = this.registry.get(body.model);
    if (model.kind !== 'tokenizer') return null;
    const pool = this.workers();
    return pool && this.poolEntries.has(this.registry.entry(model.name)!) ? pool : null;
  }

  /**
   * Starts the worker threads. Resolves when the threads have loaded the tokenizers; a pool that
   * fails to start stays unused.
   */
  start(): Promise<void> {
    if (!this.poolStart) {
      // Every served tokenizer: the threads load each on its first task, as this thread does; those
      // loaded here already, the threads load before they count as started.
      const entries = this.registry.servedEntries().filter((e) => e.kind === 'tokenizer' && e.dir);
      this.poolEntries = new Set(entries);
      const models = entries.map((e) => ({ name: e.name, dir: e.dir!, origin: e.origin, preload: this.registry.isLoaded(e.name) }));
      this.poolStart = models.length === 0 ? Promise.resolve() : (async () => {
        // Imported lazily: piscina is not needed to start serving.
        const { TokenizationPool } = await import('./pool.js');
        this.pool = new TokenizationPool(this.config, models);
        await this.pool.started;
        this.readyPool = this.pool;
      })().catch(() => { this.readyPool = null; });
    }
    return this.poolStart;
  }

  /** The pool once its threads are ready, else null (and starting it while the service is ready: not while loading or draining). */
  workers(): TokenizationPool | null {
    if (!this.readyPool && this.readiness.state === 'ok') void this.start();
    return this.readyPool;
  }

  /** Jobs waiting for a worker thread. */
  get queueDepth(): number {
    return this.pool?.queueSize ?? 0;
  }

  /** Stops the worker threads (idempotent; never starts them again). */
  async close(): Promise<void> {
    await this.poolStart;
    const pool = this.pool;
    this.pool = this.readyPool = null;
    this.poolStart = Promise.resolve();
    await pool?.close();
  }
}
