import type { Config } from '../config.js';
import type { BatchStats } from '../embeddings/batcher.js';
import { errors } from '../errors.js';
import type { ModelInfo, ModelKind, ModelSource, ServedModel } from './types.js';
import { discoverSources } from './sources.js';
import { LazyLoader } from './lazy-load.js';
import type { TokenizationPool } from '../workers/pool.js';

export type RegistryState = 'loading' | 'ok' | 'failed' | 'draining';

/**
 * Every model the service serves, by name. With MODELS set, all of them load at start; without, only
 * DEFAULT_MODEL does and every other installed model loads on its first request (ensureLoaded).
 */
export class ModelRegistry {
  state: RegistryState = 'loading';
  private readonly models = new Map<string, ServedModel>();
  private readonly loadMs = new Map<string, number>();
  private sources: ModelSource[] | null = null;
  /** Installed models not loaded yet, by name. */
  private readonly available = new Map<string, ModelSource>();
  private readonly lazy = new LazyLoader((source, model, ms) => {
    this.models.set(source.name, model);
    this.loadMs.set(source.name, ms);
    this.available.delete(source.name);
  });
  private pool: TokenizationPool | null = null;
  private readyPool: TokenizationPool | null = null;
  private poolStart: Promise<void> | null = null;

  constructor(private readonly config: Config) {}

  /** The sources selected by MODELS (all when empty). Throws on an unknown name. */
  async selectedSources(): Promise<ModelSource[]> {
    if (this.sources) return this.sources;
    const all = await discoverSources(this.config);
    const wanted = this.config.MODELS.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of wanted) {
      if (!all.some((s) => s.name === name)) throw new Error(`MODELS names '${name}', which is neither shipped nor a folder in MODEL_DIR (${this.config.MODEL_DIR}); known: ${all.map((s) => s.name).join(', ')}`);
    }
    this.sources = wanted.length ? all.filter((s) => wanted.includes(s.name)) : all;
    return this.sources;
  }

  /**
   * Loads the models served from the start (in parallel): every selected one when MODELS names them,
   * else DEFAULT_MODEL alone (the others load on first use). Rejects with a message naming the model,
   * its origin and the reason when one fails; the service then must not become ready.
   */
  async loadAll(): Promise<void> {
    try {
      const sources = await this.selectedSources();
      if (!sources.some((s) => s.name === this.config.DEFAULT_MODEL)) {
        throw new Error(`DEFAULT_MODEL '${this.config.DEFAULT_MODEL}' is not among the loaded models (${sources.map((s) => s.name).join(', ')})`);
      }
      const pinned = this.config.MODELS.trim() !== '';
      for (const source of sources) if (!this.models.has(source.name)) this.available.set(source.name, source);
      await Promise.all(sources.filter((s) => pinned || s.name === this.config.DEFAULT_MODEL).map(async (source) => {
        try {
          await this.lazy.load(source);
        } catch (err) {
          throw new Error(`cannot load model '${source.name}' from ${source.origin}: ${(err as Error).message}`);
        }
      }));
      this.state = 'ok';
    } catch (err) {
      this.state = 'failed';
      throw err;
    }
  }

  get loadedCount(): number {
    return this.models.size;
  }

  /** Models served: loaded plus installed-but-not-yet-loaded. */
  get totalCount(): number {
    return this.models.size + this.available.size;
  }

  /**
   * Loads those of `names` that are installed but not loaded yet (the request hook calls it before a
   * route runs, so `get` stays synchronous). A model that fails to load answers NOT_READY.
   */
  async ensureLoaded(names: string[]): Promise<void> {
    for (const name of names) {
      const source = this.available.get(name);
      if (!source) continue;
      try {
        await this.lazy.load(source);
      } catch (err) {
        throw new errors.NOT_READY(`model '${name}' could not be loaded (${(err as Error).message})`);
      }
    }
  }

  /** The model called `name` (DEFAULT_MODEL when undefined), or UNKNOWN_MODEL. */
  get(name: string | undefined): ServedModel {
    const key = name ?? this.config.DEFAULT_MODEL;
    const model = this.models.get(key);
    if (!model) {
      if (this.available.has(key)) throw new errors.NOT_READY(`model '${key}' is not loaded yet`);
      throw new errors.UNKNOWN_MODEL(key);
    }
    return model;
  }

  /** The model called `name`, checked to be of `kind` (WRONG_MODEL_KIND otherwise). */
  getKind<T extends ServedModel>(name: string | undefined, kind: ModelKind, what: string): T {
    const model = this.get(name);
    if (model.kind !== kind) throw new errors.WRONG_MODEL_KIND(model.name, `it is a ${model.kind}, ${what} needs a ${kind}`);
    return model as T;
  }

  /** Every served model in the sources' order: loaded ones with their details, the others as available. */
  list(): ModelInfo[] {
    return (this.sources ?? []).flatMap((s): ModelInfo[] => {
      const m = this.models.get(s.name);
      if (m) return [{ ...m.info(), loaded: true, load_ms: this.loadMs.get(m.name) }];
      return this.available.has(s.name) ? [{ name: s.name, kind: s.kind, source: s.origin, loaded: false }] : [];
    });
  }

  /**
   * Starts the worker threads for large tokenization requests. The first large request calls it (and runs
   * on the main thread meanwhile), so a service that never gets one keeps neither threads nor their memory. Resolves when the
   * threads have loaded the tokenizers; a pool that fails to start stays unused.
   */
  startWorkers(): Promise<void> {
    if (!this.poolStart) {
      // Every served tokenizer: the threads load each on its first task, as the main thread does.
      const models = (this.sources ?? []).filter((s) => s.kind === 'tokenizer' && s.dir && (this.models.has(s.name) || this.available.has(s.name)))
        .map((s) => ({ name: s.name, dir: s.dir!, origin: s.origin, preload: this.models.has(s.name) }));
      this.poolStart = models.length === 0 ? Promise.resolve() : (async () => {
        // Imported lazily: piscina is not needed to start serving.
        const { TokenizationPool } = await import('../workers/pool.js');
        this.pool = new TokenizationPool(this.config, models);
        await this.pool.started;
        this.readyPool = this.pool;
      })().catch(() => { this.readyPool = null; });
    }
    return this.poolStart;
  }

  /** The worker pool once its threads are ready, else null (and starting it): callers then work in-thread. */
  workers(): TokenizationPool | null {
    if (!this.readyPool && this.state === 'ok') void this.startWorkers();
    return this.readyPool;
  }

  /** Stops the worker threads (idempotent; the app calls it when it closes). */
  async closeWorkers(): Promise<void> {
    await this.poolStart;
    const pool = this.pool;
    this.pool = this.readyPool = null;
    this.poolStart = Promise.resolve(); // never start again after closing
    await pool?.close();
  }

  /** Jobs waiting for a worker thread. */
  workerQueueDepth(): number {
    return this.pool?.queueSize ?? 0;
  }

  /** Inputs waiting or running in the models' own queues (embedding batchers). */
  modelQueueDepth(): number {
    let n = 0;
    for (const m of this.models.values()) n += m.batcher?.depth ?? 0;
    return n;
  }

  /** Per model with its own queue: the totals of its model calls. */
  batchStats(): { model: string; stats: BatchStats }[] {
    return [...this.models.values()].flatMap((m) => (m.batcher ? [{ model: m.name, stats: m.batcher.stats }] : []));
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.models.values()].map((m) => m.close?.()), this.closeWorkers()]);
  }
}
