import type { Config } from '../config.js';
import { errors } from '../errors.js';
import type { BatchStats, CatalogEntry, ModelInfo, ModelKind, ServedModel } from './types.js';
import { discoverCatalog } from './catalog.js';
import { LazyLoader } from './lazy-load.js';

/** Where loading the catalog stands: `loadAll` moves it from loading to loaded or failed. */
export type LoadStatus = 'loading' | 'loaded' | 'failed';

/**
 * The catalog: every model the service serves, by name (load, get, list). With MODELS set, all of them
 * load at start; without, only DEFAULT_MODEL does and every other installed model loads on its first
 * request (ensureLoaded). Readiness is src/readiness.ts; worker threads are src/workers/dispatch.ts.
 */
export class ModelRegistry {
  private loadStatus: LoadStatus = 'loading';
  private readonly models = new Map<string, ServedModel>();
  private readonly loadMs = new Map<string, number>();
  private entries: CatalogEntry[] | null = null;
  private readonly lazy = new LazyLoader((entry, model, ms) => {
    this.models.set(entry.name, model);
    this.loadMs.set(entry.name, ms);
  });

  constructor(private readonly config: Config) {}

  /** The catalog entries selected by MODELS (all when empty). Throws on an unknown name. */
  async selectedEntries(): Promise<CatalogEntry[]> {
    if (this.entries) return this.entries;
    const all = await discoverCatalog(this.config);
    const wanted = this.config.MODELS.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of wanted) {
      if (!all.some((s) => s.name === name)) throw new Error(`MODELS names '${name}', which is neither shipped nor a folder in MODEL_DIR (${this.config.MODEL_DIR}); known: ${all.map((s) => s.name).join(', ')}`);
    }
    this.entries = wanted.length ? all.filter((s) => wanted.includes(s.name)) : all;
    return this.entries;
  }

  /**
   * Loads the models served from the start (in parallel): every selected one when MODELS names them,
   * else DEFAULT_MODEL alone (the others load on first use). Rejects with a message naming the model,
   * its origin and the reason when one fails; the service then must not become ready.
   */
  async loadAll(): Promise<void> {
    try {
      const entries = await this.selectedEntries();
      if (!entries.some((e) => e.name === this.config.DEFAULT_MODEL)) {
        throw new Error(`DEFAULT_MODEL '${this.config.DEFAULT_MODEL}' is not among the loaded models (${entries.map((e) => e.name).join(', ')})`);
      }
      const pinned = this.config.MODELS.trim() !== '';
      await Promise.all(entries.filter((e) => pinned || e.name === this.config.DEFAULT_MODEL).map(async (entry) => {
        try {
          await this.lazy.load(entry);
        } catch (err) {
          throw new Error(`cannot load model '${entry.name}' from ${entry.origin}: ${(err as Error).message}`, { cause: err });
        }
      }));
      this.loadStatus = 'loaded';
    } catch (err) {
      this.loadStatus = 'failed';
      throw err;
    }
  }

  /** Whether loadAll is still running, has loaded the models served from the start, or failed. */
  get status(): LoadStatus {
    return this.loadStatus;
  }

  /** Models in memory. */
  get loadedCount(): number {
    return this.models.size;
  }

  /** Models this service serves (the entries MODELS selects), loaded or not; 0 until the catalog is read. */
  get availableCount(): number {
    return this.entries?.length ?? 0;
  }

  /** The selected catalog entries (what worker threads may load). */
  servedEntries(): CatalogEntry[] {
    return this.entries ?? [];
  }

  /** Whether the model called `name` is in memory. */
  isLoaded(name: string): boolean {
    return this.models.has(name);
  }

  /**
   * Loads those of `names` that are served but not loaded yet (the request hook calls it before a
   * route runs, so `get` stays synchronous). A model that fails to load answers NOT_READY.
   */
  async ensureLoaded(names: string[]): Promise<void> {
    for (const name of names) {
      if (this.models.has(name)) continue;
      const entry = this.entry(name);
      if (!entry) continue;
      try {
        await this.lazy.load(entry);
      } catch (err) {
        throw new errors.NOT_READY(`model '${name}' could not be loaded (${(err as Error).message})`);
      }
    }
  }

  /**
   * Loads one more entry after start (a model POST /train wrote) and serves it at once, replacing a
   * model of the same name. The catalog must have been read (loadAll).
   */
  async add(entry: CatalogEntry): Promise<void> {
    const started = performance.now();
    const model = await entry.load();
    const entries = this.entries ?? [];
    const old = this.models.get(entry.name);
    this.entries = [...entries.filter((e) => e.name !== entry.name), entry];
    this.models.set(entry.name, model);
    this.loadMs.set(entry.name, Math.round(performance.now() - started));
    await old?.close?.();
  }

  /** The catalog entry of a served model (undefined for an unknown name). */
  entry(name: string): CatalogEntry | undefined {
    return this.entries?.find((e) => e.name === name);
  }

  /** The model called `name` (DEFAULT_MODEL when undefined), or UNKNOWN_MODEL (NOT_READY if served but not loaded yet). */
  get(name: string | undefined): ServedModel {
    const key = name ?? this.config.DEFAULT_MODEL;
    const model = this.models.get(key);
    if (!model) {
      if (this.entry(key)) throw new errors.NOT_READY(`model '${key}' is not loaded yet`);
      throw new errors.UNKNOWN_MODEL(key);
    }
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

  /** Every served model in the catalog's order: loaded ones with their details, the others as available. */
  list(): ModelInfo[] {
    return this.servedEntries().map((e): ModelInfo => {
      const m = this.models.get(e.name);
      return m ? { ...m.info(), loaded: true, load_ms: this.loadMs.get(m.name) } : { name: e.name, kind: e.kind, source: e.origin, loaded: false };
    });
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

  /** Releases the models' resources (their own threads, sessions, processes). */
  async close(): Promise<void> {
    await Promise.all([...this.models.values()].map((m) => m.close?.()));
  }
}
