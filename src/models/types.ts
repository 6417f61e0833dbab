import type { Batcher } from '../embeddings/batcher.js';
import type { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';

/** The kinds of model the service can serve (schemas/ModelInfo.json `kind`). */
export type ModelKind = 'tokenizer' | 'analyzer' | 'embedding';

/** What /info says about a model (schemas/ModelInfo.json). */
export interface ModelInfo {
  name: string;
  kind: ModelKind;
  source: string;
  algorithm?: string;
  vocab_size?: number;
  max_length?: number | null;
  special_tokens?: string[];
  dimensions?: number;
  pooling?: string;
  /** False for an installed model that loads on its first request. */
  loaded?: boolean;
  load_ms?: number;
}

/** A loaded model. Capabilities are discovered by kind; see registry.ts for typed accessors. */
export interface ServedModel {
  readonly name: string;
  readonly kind: ModelKind;
  info(): ModelInfo;
  /** The subword tokenizer an embedding model encodes with (so /tokenize, /encode, /decode accept it, as TEI's do). */
  readonly tokenizer?: SubwordTokenizer;
  /** The model's own queue (dynamic batching), if it has one: its depth and the totals of its model calls. */
  readonly batcher?: Batcher;
  /** Releases resources (worker threads, sessions) at shutdown. */
  close?(): Promise<void>;
}

/** A model that can be loaded: discovered at start (shipped or found in MODEL_DIR), loaded by the registry. */
export interface ModelSource {
  name: string;
  kind: ModelKind;
  /** Human description of where it comes from (npm package or folder), used in /info and load errors. */
  origin: string;
  /** The folder holding the model's files, when it has one. */
  dir?: string;
  load(): Promise<ServedModel>;
}
