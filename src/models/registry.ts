import type { Config } from '../config.js';
import { errors } from '../errors.js';
import type { BatchStats, CatalogEntry, ModelInfo, ModelKind, ServedModel } from './types.js';
import { discoverCatalog } from './catalog.js';

/** Where loading the catalog stands: `loadAll` moves it from loading to loaded or failed. */
export type LoadStatus = 'loading' | 'loaded' | 'failed';

/**
 * The catalog: every model the service serves, by name (load, get, list). Loaded once at start;
 * read-only afterwards. Readiness is src/readiness.ts; worker threads are src/workers/dispatch.ts.
 */
export class ModelRegistry {
  private loadStatus: LoadStatus = 'loading';
  private readonly models = new Map<string, ServedModel>();
  private readonly loadMs = new Map<string, number>();
  private entries: CatalogEntry[] | null = null;

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
   * Loads every selected model (in parallel). Rejects with a message naming the model, its origin and
   * the reason when one fails; the service then must not become ready.
   */
  async loadAll(): Promise<void> {
    try {
      const entries = await this.selectedEntries();
      if (!entries.some((e) => e.name === this.config.DEFAULT_MODEL)) {
        throw new Error(`DEFAULT_MODEL '${this.config.DEFAULT_MODEL}' is not among the loaded models (${entries.map((e) => e.name).join(', ')})`);
      }
      await Promise.all(entries.map(async (entry) => {
        const started = performance.now();
        try {
          this.models.set(entry.name, await entry.load());
        } catch (err) {
          throw new Error(`cannot load model '${entry.name}' from ${entry.origin}: ${(err as Error).message}`);
        }
        this.loadMs.set(entry.name, Math.round(performance.now() - started));
      }));
      // In the catalog's order, not the order loads happened to finish: /info lists models the same way every start.
      const loaded = new Map(this.models);
      this.models.clear();
      for (const entry of entries) this.models.set(entry.name, loaded.get(entry.name)!);
      this.loadStatus = 'loaded';
    } catch (err) {
      this.loadStatus = 'failed';
      throw err;
    }
  }

  /** Whether loadAll is still running, has loaded every selected model, or failed. */
  get status(): LoadStatus {
    return this.loadStatus;
  }

  get loadedCount(): number {
    return this.models.size;
  }

  /** Models this service serves (the entries MODELS selects), loaded or not; 0 until the catalog is read. */
  get availableCount(): number {
    return this.entries?.length ?? 0;
  }

  /** The selected catalog entries whose models are loaded (what worker threads load again). */
  loadedEntries(): CatalogEntry[] {
    return (this.entries ?? []).filter((e) => this.models.has(e.name));
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
    if (model.kind !== kind) throw new errors.WRONG_MODEL_KIND(model.name, `it is a ${model.kind}, ${what} needs a ${kind}`);
    return model as T;
  }

  list(): ModelInfo[] {
    return [...this.models.values()].map((m) => ({ ...m.info(), load_ms: this.loadMs.get(m.name) }));
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
