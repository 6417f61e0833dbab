import type { ChunkRequest, ChunkResponse } from '../generated/wire-types.js';
import type { Config } from '../config.js';
import type { ModelRegistry } from '../models/registry.js';
import { analyzerTextUnits } from '../analyzers/text-units.js';
import { chunk } from './chunking.js';
import { workerFor } from './tokenization.js';
import type { Serialized } from '../serializers.js';

/**
 * POST /chunk. Token boundaries need only the tokenizer, so a large request runs in a worker thread
 * (the rule of /tokenize). Word, sentence and paragraph boundaries need the word analyzers, which run
 * on the main thread only (bounded by MAX_ANALYZER_CHARS), so those requests stay here.
 */
export function chunkRequest(registry: ModelRegistry, config: Config, body: ChunkRequest): ChunkResponse | Promise<ChunkResponse | Serialized> {
  const pool = body.boundary === 'token' ? workerFor(registry, config, body) : null;
  return pool ? pool.run({ op: 'chunk', body, maxChunks: config.MAX_CHUNKS }) : chunk(registry, config, body, analyzerTextUnits(config.JIEBA_USER_DICT));
}
