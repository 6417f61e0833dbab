import type { ModelInfo } from '../generated/wire-types.js';

export type { ModelInfo };

/** The kinds of model the service can serve (schemas/ModelInfo.json `kind`). */
export type ModelKind = ModelInfo['kind'];

/** Totals of a model's calls through its queue (Prometheus counters). */
export interface BatchStats {
  batches: number;
  inputs: number;
  seconds: number;
}

/** What the registry and the metrics read of a model's own queue (src/embeddings/batcher.ts). */
interface ModelQueue {
  readonly depth: number;
  readonly stats: BatchStats;
}

/** A loaded model. Capabilities are discovered by kind; see registry.ts for typed accessors. */
export interface ServedModel {
  readonly name: string;
  readonly kind: ModelKind;
  info(): ModelInfo;
  /** The model's own queue (dynamic batching), if it has one: its depth and the totals of its model calls. */
  readonly batcher?: ModelQueue;
  /** Releases resources (worker threads, sessions) at shutdown. */
  close?(): Promise<void>;
}

/** A model that can be loaded: discovered at start (shipped or found in MODEL_DIR), loaded by the registry. */
export interface CatalogEntry {
  name: string;
  kind: ModelKind;
  /** Human description of where it comes from (npm package or folder), used in /info and load errors. */
  origin: string;
  /** The folder holding the model's files, when it has one. */
  dir?: string;
  load(): Promise<ServedModel>;
}
