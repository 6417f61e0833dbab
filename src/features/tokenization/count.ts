import type { CountRequest, CountResponse } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import type { ModelRegistry } from '../../models/registry.js';
import { checkAnalyzable } from '../../analyzers/requests.js';
import { defaultPreprocessing, noAnalysisFlags } from '../../analyzers/types.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import { textBatch } from '../inputs.js';
import { tokenizer, type ModelLookup } from './tokenization.js';
import type { WorkerDispatch } from '../../workers/dispatch.js';
import type { Serialized } from '../../serializers.js';

/**
 * POST /count: tokens per input, as many as /encode gives ids (special tokens included when asked),
 * without building token objects or offsets. A word analyzer counts its word tokens.
 */
export function count(registry: ModelLookup, config: Config, body: CountRequest): CountResponse {
  const served = registry.get(body.model);
  const texts = textBatch(body.inputs, config);
  let counts: number[];
  if (served.kind === 'analyzer') {
    checkAnalyzable(texts, config.MAX_ANALYZER_CHARS);
    counts = texts.map((text) => (served as WordAnalyzer).analyze(text, defaultPreprocessing, noAnalysisFlags).length);
  } else {
    const model = tokenizer(registry, body.model);
    counts = texts.map((text) => model.count(text, body.add_special_tokens));
  }
  return { model: served.name, counts, total_tokens: counts.reduce((n, c) => n + c, 0) };
}

/** POST /count, in a worker thread when large (the rule of /tokenize and /encode). */
export function countRequest(registry: ModelRegistry, config: Config, body: CountRequest, workers: WorkerDispatch): CountResponse | Promise<CountResponse | Serialized> {
  const pool = workers.poolFor(body);
  return pool ? pool.run({ op: 'count', body }) : count(registry, config, body);
}
