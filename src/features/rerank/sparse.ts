import type { Config } from '../../config.js';
import type { EmbedSparseRequest, SparseValue } from '../../generated/wire-types.js';
import { checkPromptName, inputBatch } from '../embeddings/embed.js';
import type { ModelRegistry } from '../../models/registry.js';
import { headModel, truncation, type Scored } from './models.js';

/**
 * POST /embed_sparse (TEI): per input, the SPLADE weights of a masked-LM model (per vocabulary entry, the
 * max over tokens of log(1 + relu(logit))) as `{index, value}` for the non-zero entries, in index order.
 */
export async function embedSparse(registry: ModelRegistry, config: Config, body: EmbedSparseRequest): Promise<Scored<SparseValue[][]>> {
  const model = await headModel(registry, config, body.model, ['sparse'], 'POST /embed_sparse');
  checkPromptName(body.prompt_name);
  const inputs = inputBatch(body.inputs, config);
  const run = await model.run(inputs, truncation(body));
  const sparse = run.outputs.map((weights) => {
    const entries: SparseValue[] = [];
    weights.forEach((value, index) => { if (value !== 0) entries.push({ index, value }); });
    return entries;
  });
  return { body: sparse, run, characters: inputs.reduce((n, x) => n + (typeof x === 'string' ? x.length : 0), 0) };
}
