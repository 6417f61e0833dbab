import type { OpenAIModelList } from '../../generated/wire-types.js';
import type { ModelRegistry } from '../../models/registry.js';

/** When this process started serving, in seconds (OpenAI's `created`). */
const startedAt = Math.floor(Date.now() / 1000);

/** GET /v1/models: the embedding models, in OpenAI's shape (`created`: when this process loaded them). */
export function openaiModels(registry: ModelRegistry): OpenAIModelList {
  return {
    object: 'list',
    data: registry.list().filter((m) => m.kind === 'embedding').map((m) => ({ id: m.name, object: 'model', created: startedAt, owned_by: 'tokenserve' })),
  };
}
