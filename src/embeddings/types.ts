import type { ServedModel } from '../models/types.js';
import type { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';

/** How token vectors become one vector: mean over the counted tokens, the first token, or none (per token). */
export type Pooling = 'mean' | 'cls' | 'none';

/** One input: a text, or token ids of the model's own vocabulary (TEI's and OpenAI's int[] input). */
export type EmbedInput = string | number[];

export type TruncationSide = 'left' | 'right';

export interface EmbedOptions {
  /** Cut inputs longer than the model's limit (TEI's `truncate`); otherwise they are a 413. */
  truncate: boolean;
  direction: TruncationSide;
}

/** The token vectors of one input. */
export interface TokenVectors {
  /** `count` rows of `dims` floats, row-major. */
  data: Float32Array;
  count: number;
  /** Rows that mean pooling averages (1) or skips (0, e.g. out-of-vocabulary words); null = all. */
  pooled: Uint8Array | null;
}

/** Milliseconds spent per stage (TEI's x-*-time headers). */
export interface Timing {
  tokenizationMs: number;
  queueMs: number;
  inferenceMs: number;
}

export interface EmbedRun {
  inputs: TokenVectors[];
  /** Tokens each input was embedded from (OpenAI usage, x-compute-tokens). */
  tokenCounts: number[];
  timing: Timing;
}

/** A model that turns inputs into token vectors; pooling, normalization and dimensions are done by the caller. */
export interface EmbeddingModel extends ServedModel {
  readonly kind: 'embedding';
  /** The subword tokenizer the model encodes with (so /tokenize, /encode, /decode accept it, as TEI's do). */
  readonly tokenizer?: SubwordTokenizer;
  readonly dimensions: number;
  /** Pooling used when a request names none. */
  readonly defaultPooling: Exclude<Pooling, 'none'>;
  /** Poolings this model supports. */
  readonly poolings: readonly Pooling[];
  run(inputs: EmbedInput[], options: EmbedOptions): Promise<EmbedRun>;
}
