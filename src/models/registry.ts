import type { Config } from '../config.js';
import type { BatchStats } from '../embeddings/batcher.js';
import { errors } from '../errors.js';
import type { ModelInfo, ModelKind, ModelSource, ServedModel } from './types.js';
import { discoverSources } from './sources.js';
import type { TokenizationPool } from '../workers/pool.js';

export type RegistryState = 'loading' | 'ok' | 'failed' | 'draining';

/** Every model the service serves, by name. Loaded once at start; read-only afterwards. */
export class ModelRegistry {
  state: RegistryState = 'loading';
  private readonly models = new Map<string, ServedModel>();
  private readonly loadMs = new Map<string, number>();
  private sources: ModelSource[] | null = null;
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
   * Loads every selected model (in parallel). Rejects with a message naming the model, its origin and
   * the reason when one fails; the service then must not become ready.
   */
  async loadAll(): Promise<void> {
    try {
      const sources = await this.selectedSources();
      if (!sources.some((s) => s.name === this.config.DEFAULT_MODEL)) {
        throw new Error(`DEFAULT_MODEL '${this.config.DEFAULT_MODEL}' is not among the loaded models (${sources.map((s) => s.name).join(', ')})`);
      }
      await Promise.all(sources.map(async (source) => {
        const started = performance.now();
        try {
          this.models.set(source.name, await source.load());
        } catch (err) {
          throw new Error(`cannot load model '${source.name}' from ${source.origin}: ${(err as Error).message}`);
        }
        this.loadMs.set(source.name, Math.round(performance.now() - started));
      }));
      // In the sources' order, not the order loads happened to finish: /info lists models the same way every start.
      const loaded = new Map(this.models);
      this.models.clear();
      for (const source of sources) this.models.set(source.name, loaded.get(source.name)!);
      this.state = 'ok';
    } catch (err) {
      this.state = 'failed';
      throw err;
    }
  }

  get loadedCount(): number {
    return this.models.size;
  }

  /** The model called `name` (DEFAULT_MODEL when undefined), or UNKNOWN_MODEL. */
  get(name: string | undefined): ServedModel {
    const key = name ?? this.config.DEFAULT_MODEL;
    const model = this.models.get(key);
    if (!model) throw new errors.UNKNOWN_MODEL(key);
    return model;
  }

  /** The model called `name`, checked to be of `kind` (WRONG_MODEL_KIND otherwise). */
  getKind<T extends ServedModel>(name: string | undefined, kind: ModelKind, what: string): T {
    const model = this.get(name);
    if (model.kind !== kind) {
      const serves = model.info().serves;
      throw new errors.WRONG_MODEL_KIND(model.name, `it is a ${model.kind}, ${what} needs a ${kind}${serves?.length ? `; use ${serves.join(' or ')}` : ''}`);
    }
    return model as T;
  }

  list(): ModelInfo[] {
    return [...this.models.values()].map((m) => ({ ...m.info(), load_ms: this.loadMs.get(m.name) }));
  }

  /**
   * Starts the worker threads for large tokenization requests. The first large request calls it (and runs
   * on the main thread meanwhile), so a service that never gets one keeps neither threads nor their memory. Resolves when the
   * threads have loaded the tokenizers; a pool that fails to start stays unused.
   */
  startWorkers(): Promise<void> {
    if (!this.poolStart) {
      const models = (this.sources ?? []).filter((s) => s.kind === 'tokenizer' && s.dir && this.models.has(s.name))
        .map((s) => ({ name: s.name, dir: s.dir!, origin: s.origin }));
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
