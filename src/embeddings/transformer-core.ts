import { basename, dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { errors } from '../errors.js';
import { SubwordTokenizer, defaultEncodeOptions } from '../tokenizers/subword-tokenizer.js';
import { Batcher, type BatchItem } from './batcher.js';
import type { Head } from './heads.js';
import { loadOnnxModel, type OnnxModel } from './onnx-model.js';
import type { EmbedInput, EmbedOptions, Timing } from './types.js';

/** One model input: a text, token ids, or a text pair (query and passage for a cross-encoder). */
export type ModelInput = EmbedInput | readonly [string, string];

/** The outputs of one request's inputs, in order, with what TEI's headers report. */
export interface CoreRun {
  /** Per input, what the model's head gives (inference-process.ts). */
  outputs: Float32Array[];
  /** Tokens each input was run with (special tokens included). */
  tokenCounts: number[];
  timing: Timing;
}

/**
 * What every ONNX transformer model shares, whatever its head: the project's SubwordTokenizer
 * (Hugging Face semantics: special tokens, pairs with token type ids, left/right truncation), the
 * model's inference process and its dynamic batcher. The embedding, reranker, classifier and sparse
 * models are thin layers over it.
 */
export class TransformerCore {
  /** Tokens per input the model accepts (min of tokenizer model_max_length and max_position_embeddings). */
  readonly maxLength: number | null;
  readonly batcher: Batcher;

  private constructor(readonly name: string, readonly tokenizer: SubwordTokenizer, readonly onnx: OnnxModel, config: Config) {
    const limits = [tokenizer.maxLength, onnx.maxPositions].filter((x): x is number => typeof x === 'number');
    this.maxLength = limits.length ? Math.min(...limits) : null;
    this.batcher = new Batcher(name, (items) => onnx.forward(items), {
      maxTokens: config.MAX_BATCH_TOKENS, maxItems: config.MAX_BATCH_REQUESTS, maxQueued: config.MAX_QUEUED_INPUTS,
      maxWaitMs: config.HANDLER_TIMEOUT_MS,
    });
  }

  /** Loads the folder's tokenizer and starts its model, read through `head`. */
  static async load(name: string, dir: string, source: string, config: Config, head: Head): Promise<TransformerCore> {
    const tokenizer = await SubwordTokenizer.load(name, dir, source, { cacheDir: config.CACHE_DIR });
    const onnx = await loadOnnxModel(dirname(dir), basename(dir), {
      allowRemote: config.ALLOW_REMOTE_MODELS, cacheDir: join(config.CACHE_DIR, 'transformers'), threads: config.INFERENCE_THREADS,
      callTokens: config.INFERENCE_CALL_TOKENS, head,
    });
    return new TransformerCore(name, tokenizer, onnx, config);
  }

  /** Runs one input alone, unbatched (the load-time check that the model works and what it outputs). */
  async probe(): Promise<{ output: Float32Array; tokens: number }> {
    const { ids, typeIds } = this.tokenizer.encode('', null);
    const [output] = await this.onnx.forward([{ ids, typeIds }]);
    return { output, tokens: ids.length };
  }

  /** Tokenizes the inputs and queues them in the batcher; resolves when all have run. */
  async run(inputs: readonly ModelInput[], options: EmbedOptions): Promise<CoreRun> {
    const started = performance.now();
    const items = inputs.map((input, i) => this.encode(input, i, options));
    const tokenizationMs = performance.now() - started;
    const results = await this.batcher.submit(items);
    return {
      outputs: results.map((r) => r.vectors),
      tokenCounts: items.map((it) => it.ids.length),
      timing: { tokenizationMs, queueMs: Math.max(...results.map((r) => r.queueMs)), inferenceMs: Math.max(...results.map((r) => r.inferenceMs)) },
    };
  }

  /**
   * Text or pair → ids with special tokens and type ids, as the tokenizer's post-processor makes them;
   * ids are taken as given. Too long: 413, or cut when `truncate` (a pair: longest first, as TEI).
   */
  private encode(input: ModelInput, index: number, options: EmbedOptions): BatchItem {
    if (typeof input !== 'string' && typeof input[0] !== 'string') return this.checkIds(input as number[], index, options);
    const [text, pair] = typeof input === 'string' ? [input, null] : input as readonly [string, string];
    const { ids, typeIds } = this.tokenizer.encode(text, pair);
    if (ids.length === 0) throw new errors.EMPTY_INPUT(`input ${index} has no tokens`);
    const max = this.maxLength;
    if (max === null || ids.length <= max) return { ids, typeIds };
    if (!options.truncate) throw new errors.INPUT_TOO_MANY_TOKENS(index, ids.length, max, this.name);
    const e = this.tokenizer.encode(text, pair, { ...defaultEncodeOptions, truncation: 'longest_first', maxLength: max, truncationDirection: options.direction });
    return { ids: e.ids, typeIds: e.typeIds };
  }

  private checkIds(ids: number[], index: number, options: EmbedOptions): BatchItem {
    for (const id of ids) if (id >= this.tokenizer.vocabSize) throw new errors.ID_OUT_OF_VOCAB(id, this.name, this.tokenizer.vocabSize);
    if (ids.length === 0) throw new errors.EMPTY_INPUT(`input ${index} has no tokens`);
    const max = this.maxLength;
    const typeIds = ids.map(() => 0);
    if (max === null || ids.length <= max) return { ids, typeIds };
    if (!options.truncate) throw new errors.INPUT_TOO_MANY_TOKENS(index, ids.length, max, this.name);
    const from = options.direction === 'left' ? ids.length - max : 0;
    return { ids: ids.slice(from, from + max), typeIds: typeIds.slice(from, from + max) };
  }

  async close(): Promise<void> {
    await this.onnx.dispose();
  }
}
