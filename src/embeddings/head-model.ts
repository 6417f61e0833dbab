import type { Config } from '../config.js';
import type { ModelInfo, ServedModel } from '../models/types.js';
import type { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import type { Batcher } from './batcher.js';
import { ROUTES_OF, type FolderKind } from './heads.js';
import { TransformerCore, type CoreRun, type ModelInput } from './transformer-core.js';
import type { EmbedOptions } from './types.js';

type HeadKind = Exclude<FolderKind, { kind: 'embedding' }>;

/**
 * A transformer with an output head from a MODEL_DIR folder (config.json decides which: heads.ts): a
 * reranker or classifier gives one row of logits per input (pair or text), a sparse model one
 * SPLADE vector over its vocabulary. Activations are applied by the routes, which know whether the
 * client asked for raw scores. Tokenization, inference and batching: transformer-core.ts.
 */
export class HeadModel implements ServedModel {
  private constructor(readonly source: string, private readonly core: TransformerCore, private readonly spec: HeadKind, readonly width: number) {}

  static async load(name: string, dir: string, source: string, config: Config, spec: HeadKind): Promise<HeadModel> {
    const core = await TransformerCore.load(name, dir, source, config, spec.head);
    // A one-input warm-up run checks the model works and that its output matches config.json.
    const { output } = await core.probe();
    if (spec.head === 'classifier' && output.length !== spec.labels.length) {
      await core.close();
      throw new Error(`config.json names ${spec.labels.length} labels but the model outputs ${output.length} logits`);
    }
    return new HeadModel(source, core, spec, output.length);
  }

  get kind(): HeadKind['kind'] { return this.spec.kind; }
  get name(): string { return this.core.name; }
  get tokenizer(): SubwordTokenizer { return this.core.tokenizer; }
  get batcher(): Batcher { return this.core.batcher; }
  /** Labels in id order (classifier and reranker); empty for a sparse model. */
  get labels(): string[] { return this.spec.head === 'classifier' ? this.spec.labels : []; }

  info(): ModelInfo {
    const head = this.spec.head === 'classifier' ? { labels: this.labels } : { dimensions: this.width };
    return {
      name: this.name, kind: this.kind, source: this.source, algorithm: `transformer (${this.core.onnx.modelType}, ${this.core.onnx.file})`,
      vocab_size: this.tokenizer.vocabSize, max_length: this.core.maxLength, ...head, serves: [...ROUTES_OF[this.kind]],
    };
  }

  /** Raw outputs: logits per input (classifier, reranker) or SPLADE weights over the vocabulary (sparse). */
  run(inputs: readonly ModelInput[], options: EmbedOptions): Promise<CoreRun> {
    return this.core.run(inputs, options);
  }

  async close(): Promise<void> {
    await this.core.close();
  }
}
