import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { ModelInfo } from '../models/types.js';
import type { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import type { Batcher } from './batcher.js';
import { TransformerCore } from './transformer-core.js';
import { EMBEDDING_ROUTES } from './heads.js';
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
 * tokenizer_config.json, onnx/model.onnx or onnx/model_quantized.onnx): its token vectors
 * (last_hidden_state); pooling is done by the caller (pooling.ts), the same way transformers.js'
 * feature-extraction pipeline does it. Tokenization, inference and batching: transformer-core.ts.
 */
export class TransformerModel implements EmbeddingModel {
  readonly kind = 'embedding' as const;
  readonly poolings = ['mean', 'cls', 'none'] as const;

  private constructor(readonly source: string, private readonly core: TransformerCore, readonly dimensions: number, readonly defaultPooling: 'mean' | 'cls') {}

  static async load(name: string, dir: string, source: string, config: Config): Promise<TransformerModel> {
    const core = await TransformerCore.load(name, dir, source, config, 'hidden');
    // A one-input warm-up run checks the model works and tells its output size.
    const { output, tokens } = await core.probe();
    return new TransformerModel(source, core, output.length / tokens, folderPooling(dir));
  }

  get name(): string { return this.core.name; }
  get tokenizer(): SubwordTokenizer { return this.core.tokenizer; }
  get batcher(): Batcher { return this.core.batcher; }
  /** Tokens per input the model accepts. */
  get maxLength(): number | null { return this.core.maxLength; }

  info(): ModelInfo {
    return {
      name: this.name, kind: this.kind, source: this.source, algorithm: `transformer (${this.core.onnx.modelType}, ${this.core.onnx.file})`,
      vocab_size: this.tokenizer.vocabSize, max_length: this.maxLength, dimensions: this.dimensions, pooling: this.defaultPooling,
      serves: [...EMBEDDING_ROUTES],
    };
  }

  async run(inputs: EmbedInput[], options: EmbedOptions): Promise<EmbedRun> {
    const run = await this.core.run(inputs, options);
    return {
      inputs: run.outputs.map((data, i) => ({ data, count: run.tokenCounts[i], pooled: null })),
      tokenCounts: run.tokenCounts,
      timing: run.timing,
    };
  }

  async close(): Promise<void> {
    await this.core.close();
  }
}
