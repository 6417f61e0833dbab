import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { errors } from '../errors.js';
import type { ModelInfo } from '../models/types.js';
import { SubwordTokenizer, defaultEncodeOptions } from '../tokenizers/subword-tokenizer.js';
import { Batcher, type BatchItem } from './batcher.js';
import { loadOnnxModel, type OnnxModel } from './onnx-model.js';
import type { EmbedInput, EmbeddingModel, EmbedOptions, EmbedRun } from './types.js';

/** Sentence-transformers' pooling config (1_Pooling/config.json), which TEI also reads. */
function folderPooling(dir: string): 'mean' | 'cls' {
  const file = join(dir, '1_Pooling', 'config.json');
  if (!existsSync(file)) return 'mean';
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return cfg.pooling_mode_cls_token === true ? 'cls' : 'mean';
}

/**
 * A transformer encoder from a transformers.js-layout folder (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx or onnx/model_quantized.onnx). Tokenization is the project's
 * SubwordTokenizer (Hugging Face semantics, left/right truncation); the ONNX session is
 * onnx-model.ts' (onnxruntime-node, imported lazily); pooling is done by the caller (pooling.ts), the same
 * way transformers.js' feature-extraction pipeline does it. Inputs are dynamically batched.
 */
export class TransformerModel implements EmbeddingModel {
  readonly kind = 'embedding' as const;
  readonly poolings = ['mean', 'cls', 'none'] as const;
  /** Tokens per input the model accepts (min of tokenizer model_max_length and max_position_embeddings). */
  readonly maxLength: number | null;
  readonly batcher: Batcher;

  private constructor(
    readonly name: string, readonly source: string, readonly tokenizer: SubwordTokenizer,
    private readonly onnx: OnnxModel, readonly dimensions: number, readonly defaultPooling: 'mean' | 'cls', config: Config,
  ) {
    const limits = [tokenizer.maxLength, onnx.maxPositions].filter((x): x is number => typeof x === 'number');
    this.maxLength = limits.length ? Math.min(...limits) : null;
    this.batcher = new Batcher(name, (items) => onnx.forward(items), {
      maxTokens: config.MAX_BATCH_TOKENS, maxItems: config.MAX_BATCH_REQUESTS, maxQueued: config.MAX_QUEUED_INPUTS,
      maxWaitMs: config.HANDLER_TIMEOUT_MS,
    });
  }

  static async load(name: string, dir: string, source: string, config: Config): Promise<TransformerModel> {
    const tokenizer = await SubwordTokenizer.load(name, dir, source, { cacheDir: config.CACHE_DIR });
    const onnx = await loadOnnxModel(dirname(dir), basename(dir), {
      allowRemote: config.ALLOW_REMOTE_MODELS, cacheDir: join(config.CACHE_DIR, 'transformers'), threads: config.INFERENCE_THREADS, callTokens: config.INFERENCE_CALL_TOKENS,
    });
    // A one-input warm-up run checks the model works and tells its output size.
    const ids = tokenizer.encode('', null).ids;
    const [probe] = await onnx.forward([{ ids, typeIds: ids.map(() => 0) }]);
    return new TransformerModel(name, source, tokenizer, onnx, probe.length / ids.length, folderPooling(dir), config);
  }

  info(): ModelInfo {
    return {
      name: this.name, kind: this.kind, source: this.source, algorithm: `transformer (${this.onnx.modelType}, ${this.onnx.file})`,
      vocab_size: this.tokenizer.vocabSize, max_length: this.maxLength, dimensions: this.dimensions, pooling: this.defaultPooling,
    };
  }

  async run(inputs: EmbedInput[], options: EmbedOptions): Promise<EmbedRun> {
    const started = performance.now();
    const items = inputs.map((input, i) => this.tokenize(input, i, options));
    const tokenizationMs = performance.now() - started;
    const results = await this.batcher.submit(items);
    return {
      inputs: results.map((r, i) => ({ data: r.vectors, count: items[i].ids.length, pooled: null })),
      tokenCounts: items.map((it) => it.ids.length),
      timing: { tokenizationMs, queueMs: Math.max(...results.map((r) => r.queueMs)), inferenceMs: Math.max(...results.map((r) => r.inferenceMs)) },
    };
  }

  /** Text → ids with special tokens; ids are taken as given. Too long: 413, or cut when `truncate`. */
  private tokenize(input: EmbedInput, index: number, options: EmbedOptions): BatchItem {
    let ids: number[];
    let typeIds: number[];
    if (typeof input === 'string') {
      ({ ids, typeIds } = this.tokenizer.encode(input, null));
    } else {
      for (const id of input) if (id >= this.tokenizer.vocabSize) throw new errors.ID_OUT_OF_VOCAB(id, this.name, this.tokenizer.vocabSize);
      ids = input;
      typeIds = input.map(() => 0);
    }
    if (ids.length === 0) throw new errors.EMPTY_INPUT(`input ${index} has no tokens`);
    const max = this.maxLength;
    if (max === null || ids.length <= max) return { ids, typeIds };
    if (!options.truncate) throw new errors.INPUT_TOO_MANY_TOKENS(index, ids.length, max, this.name);
    if (typeof input === 'string') {
      const e = this.tokenizer.encode(input, null, { ...defaultEncodeOptions, truncation: 'longest_first', maxLength: max, truncationDirection: options.direction });
      return { ids: e.ids, typeIds: e.typeIds };
    }
    const from = options.direction === 'left' ? ids.length - max : 0;
    return { ids: ids.slice(from, from + max), typeIds: typeIds.slice(from, from + max) };
  }

  async close(): Promise<void> {
    await this.onnx.dispose();
  }
}
