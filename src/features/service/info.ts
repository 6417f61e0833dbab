import type { Info, ModelInfo } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import type { ModelRegistry } from '../../models/registry.js';
import { version } from '../../version.js';

/** TEI's `model_type` of the default model: a classifier's or reranker's labels, else embedding with its pooling (splade for a sparse model). */
function modelType(model: ModelInfo | undefined): Info['model_type'] {
  if ((model?.kind === 'classifier' || model?.kind === 'reranker') && model.labels) {
    const labels = model.labels;
    return { [model.kind]: { id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])), label2id: Object.fromEntries(labels.map((l, i) => [l, i])) } };
  }
  return { embedding: { pooling: model?.kind === 'sparse' ? 'splade' : model?.pooling ?? 'mean' } };
}

/** GET /info: TEI's fields (about the default model) plus our model list and limits. */
export function info(registry: ModelRegistry, config: Config): Info {
  const models = registry.list();
  const defaultModel = models.find((m) => m.name === config.DEFAULT_MODEL);
  return {
    model_id: config.DEFAULT_MODEL,
    model_sha: null,
    model_dtype: 'float32',
    model_type: modelType(defaultModel),
    max_concurrent_requests: config.MAX_CONCURRENT_REQUESTS,
    max_input_length: defaultModel?.max_length ?? 512,
    max_batch_tokens: config.MAX_BATCH_TOKENS,
    max_batch_requests: config.MAX_BATCH_REQUESTS,
    max_client_batch_size: config.MAX_BATCH_SIZE,
    auto_truncate: false,
    tokenization_workers: config.TOKENIZATION_WORKERS,
    version,
    sha: null,
    docker_label: null,
    models,
    limits: { max_batch_size: config.MAX_BATCH_SIZE, max_input_chars: config.MAX_INPUT_CHARS, body_limit_bytes: config.BODY_LIMIT },
  };
}
