import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What an ONNX model's output is read as: `hidden` the encoder's token vectors (last_hidden_state,
 * embeddings), `classifier` one row of logits per input (…ForSequenceClassification), `splade` the
 * masked-LM logits per token, pooled to one vocabulary-sized vector (…ForMaskedLM, for /embed_sparse).
 */
export type Head = 'hidden' | 'classifier' | 'splade';

/** The routes each kind of model serves (GET /info `serves`; WRONG_MODEL_KIND names them). */
export const EMBEDDING_ROUTES = ['/embed', '/embed_all', '/v1/embeddings'];
export const ROUTES_OF = {
  embedding: EMBEDDING_ROUTES,
  reranker: ['/rerank', '/v1/rerank', '/predict'],
  classifier: ['/predict'],
  sparse: ['/embed_sparse'],
} as const;

/** What a transformer folder serves, read from its config.json as TEI reads it. */
export type FolderKind =
  | { kind: 'embedding'; head: 'hidden' }
  | { kind: 'reranker' | 'classifier'; head: 'classifier'; labels: string[] }
  | { kind: 'sparse'; head: 'splade' };

/**
 * The model kind of a transformer folder, from config.json as TEI decides it: an architecture ending in
 * `ForSequenceClassification` is a reranker with one label and a classifier with several (labels from
 * `id2label`, else `num_labels` generic LABEL_i names); `…ForMaskedLM` is served for SPLADE sparse
 * embeddings; anything else is an embedding encoder.
 */
export function folderKind(dir: string): FolderKind {
  const file = join(dir, 'config.json');
  const config = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : {};
  const architecture = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : '';
  if (architecture.endsWith('ForMaskedLM')) return { kind: 'sparse', head: 'splade' };
  if (!architecture.endsWith('ForSequenceClassification')) return { kind: 'embedding', head: 'hidden' };
  const labels = labelNames(config);
  return { kind: labels.length === 1 ? 'reranker' : 'classifier', head: 'classifier', labels };
}

/** Labels in id order: `id2label` when given, else `num_labels` (default 2, as transformers) named LABEL_i. */
function labelNames(config: Record<string, unknown>): string[] {
  const id2label = config.id2label as Record<string, unknown> | undefined;
  if (id2label && typeof id2label === 'object' && Object.keys(id2label).length > 0) {
    const ids = Object.keys(id2label).map(Number).sort((a, b) => a - b);
    return ids.map((id) => String(id2label[String(id)]));
  }
  const n = typeof config.num_labels === 'number' && config.num_labels > 0 ? config.num_labels : 2;
  return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
}

/** The logistic function, as TEI applies to a reranker's score. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Softmax over one row of logits (max subtracted first, so large logits don't overflow). */
export function softmax(logits: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(logits));
  const exps = Array.from(logits, (x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * SPLADE pooling of masked-LM logits (`rows` × `vocab`, row-major, only the input's own tokens: the
 * attention mask is 1 on each): per vocabulary entry, the max over tokens of log(1 + relu(logit)).
 */
export function spladePool(logits: Float32Array, rows: number, vocab: number): Float32Array {
  const out = new Float32Array(vocab);
  for (let r = 0; r < rows; r++) {
    const row = r * vocab;
    for (let v = 0; v < vocab; v++) {
      const x = logits[row + v];
      if (x > 0) {
        const w = Math.log1p(x);
        if (w > out[v]) out[v] = w;
      }
    }
  }
  return out;
}
