import { errors } from '../errors.js';
import type { ModelInfo } from '../models/types.js';
import { loadGloveTable, type GloveTable } from './glove-cache.js';
import type { EmbedInput, EmbeddingModel, EmbedRun, TokenVectors } from './types.js';
import { lookupUnits } from './word-tokenizer.js';
import { EMBEDDING_ROUTES } from './heads.js';

/**
 * Static word vectors (glove-100d). A text's tokens are the lookup units of word-tokenizer.ts; each
 * known unit contributes its row. Out-of-vocabulary units get a zero row that mean pooling skips (so
 * they neither count nor dilute the mean); a text with no known word embeds to the zero vector.
 * Token-id inputs are row numbers of the table (0 … rows-1). There is no length limit beyond
 * MAX_INPUT_CHARS, so `truncate` has nothing to do.
 */
export class GloveModel implements EmbeddingModel {
  readonly kind = 'embedding' as const;
  readonly defaultPooling = 'mean' as const;
  readonly poolings = ['mean', 'none'] as const;
  readonly dimensions: number;

  private constructor(readonly name: string, readonly source: string, private readonly table: GloveTable) {
    this.dimensions = table.meta.dims;
  }

  static async load(name: string, dir: string, source: string): Promise<GloveModel> {
    return new GloveModel(name, source, await loadGloveTable(dir));
  }

  info(): ModelInfo {
    return {
      name: this.name, kind: this.kind, source: this.source, algorithm: 'static word vectors',
      vocab_size: this.table.meta.rows, max_length: null, dimensions: this.dimensions, pooling: this.defaultPooling,
      serves: [...EMBEDDING_ROUTES],
    };
  }

  /** The table row of a lowercase word, or undefined. */
  row(word: string): number | undefined {
    return this.table.index.get(word);
  }

  /** The stored vector of row `row` (a view: do not modify). */
  vector(row: number): Float32Array {
    return this.table.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  async run(inputs: EmbedInput[]): Promise<EmbedRun> {
    const started = performance.now();
    const has = (w: string) => this.table.index.has(w);
    const out = inputs.map((input): TokenVectors => {
      const rowsOf = typeof input === 'string' ? lookupUnits(input, has).map((w) => this.row(w)) : input.map((id) => this.checkId(id));
      const dims = this.dimensions;
      const data = new Float32Array(rowsOf.length * dims);
      const pooled = new Uint8Array(rowsOf.length);
      rowsOf.forEach((r, i) => {
        if (r === undefined) return;
        data.set(this.vector(r), i * dims);
        pooled[i] = 1;
      });
      return { data, count: rowsOf.length, pooled };
    });
    const ms = performance.now() - started;
    return { inputs: out, tokenCounts: out.map((t) => t.count), timing: { tokenizationMs: 0, queueMs: 0, inferenceMs: ms } };
  }

  private checkId(id: number): number {
    if (id >= this.table.meta.rows) throw new errors.ID_OUT_OF_VOCAB(id, this.name, this.table.meta.rows);
    return id;
  }
}
