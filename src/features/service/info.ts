import type { Info } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import type { ModelRegistry } from '../../models/registry.js';
import { version } from '../../version.js';

/** GET /info: TEI's fields (about the default model) plus our model list and limits. */
export function info(registry: ModelRegistry, config: Config): Info {
  const models = registry.list();
  const defaultModel = models.find((m) => m.name === config.DEFAULT_MODEL);
  return {
    model_id: config.DEFAULT_MODEL,
    model_sha: null,
    model_dtype: 'float32',
    model_type: { embedding: { pooling: defaultModel?.pooling ?? 'mean' } },
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
