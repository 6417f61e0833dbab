import type { CatalogEntry, ServedModel } from './types.js';

/**
 * Loads installed models on first use: each model at most once, concurrent first requests sharing the
 * one load (a failed load is forgotten, so a later request tries again).
 */
export class LazyLoader {
  private readonly pending = new Map<string, Promise<ServedModel>>();

  /** `onLoaded` stores a finished load (with its duration in ms). */
  constructor(private readonly onLoaded: (entry: CatalogEntry, model: ServedModel, ms: number) => void) {}

  /** Loads `entry` unless a load of it is under way, in which case that load is shared. */
  load(entry: CatalogEntry): Promise<ServedModel> {
    let loading = this.pending.get(entry.name);
    if (!loading) {
      const started = performance.now();
      loading = entry.load().then((model) => {
        this.onLoaded(entry, model, Math.round(performance.now() - started));
        return model;
      }).finally(() => this.pending.delete(entry.name));
      this.pending.set(entry.name, loading);
    }
    return loading;
  }
}

/** The model a request names (`model` in its body or query), if any: what a first request must load. */
export function requestedModels(body: unknown, query: unknown): string[] {
  const names: string[] = [];
  for (const part of [body, query]) {
    if (typeof part !== 'object' || part === null) continue;
    for (const key of ['model', 'embedding_model']) {
      const value = (part as Record<string, unknown>)[key];
      if (typeof value === 'string') names.push(value);
    }
  }
  return names;
}
