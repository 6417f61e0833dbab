import type { ChunkRequest, ChunkResponse } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { embed, embeddingModel } from '../embeddings/embed.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import { analyzerTextUnits } from '../../analyzers/text-units.js';
import { chunk } from './chunking.js';
import type { WorkerDispatch } from '../../workers/dispatch.js';
import { answerValue, type Serialized } from '../../serializers.js';

/**
 * POST /chunk. Token boundaries need only the tokenizer, so a large request runs in a worker thread
 * (the rule of /tokenize). Word, sentence and paragraph boundaries need the word analyzers, which run
 * on the main thread only (bounded by MAX_ANALYZER_CHARS), so those requests stay here.
 */
function chunkRequest(registry: ModelRegistry, config: Config, body: ChunkRequest, workers: WorkerDispatch): ChunkResponse | Promise<ChunkResponse | Serialized> {
  const pool = body.boundary === 'token' ? workers.poolFor(body) : null;
  return pool ? pool.run({ op: 'chunk', body, maxChunks: config.MAX_CHUNKS }) : chunk(registry, config, body, analyzerTextUnits(config.JIEBA_USER_DICT));
}

/**
 * POST /chunk with `embed: true`: chunks (counted with the embedding model's own tokenizer unless
 * `model` names another), then every chunk embedded like /embed (normalized, never truncated: a chunk
 * over the model's window is TEI's 413), MAX_BATCH_SIZE chunks per model call.
 */
async function chunkAndEmbed(registry: ModelRegistry, config: Config, body: ChunkRequest, workers: WorkerDispatch): Promise<ChunkResponse> {
  const embedder = await embeddingModel(registry, config, body.embedding_model);
  const model = body.model ?? (embedder.tokenizer ? embedder.name : undefined);
  const window = embedder.info().max_length ?? null;
  if (model === embedder.name && window !== null && body.max_tokens > window) {
    throw new errors.INVALID_OPTION(`max_tokens (${body.max_tokens}) is over the ${window}-token window of '${embedder.name}'`);
  }
  const result = answerValue(await chunkRequest(registry, config, { ...body, model }, workers));
  // As counted: the heading breadcrumb (include_headings) then the text.
  const texts = result.chunks.flat().map((c) => (c.heading_prefix ?? '') + c.text);
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += config.MAX_BATCH_SIZE) {
    const inputs = texts.slice(i, i + config.MAX_BATCH_SIZE);
    const e = await embed(registry, config, { inputs, model: embedder.name, normalize: true, truncate: false, truncation_direction: 'right' });
    vectors.push(...e.body);
  }
  let k = 0;
  return { ...result, embedding_model: embedder.name, chunks: result.chunks.map((list) => list.map((c) => ({ ...c, embedding: vectors[k++] }))) };
}

/** POST /chunk: chunks, and their embeddings with `embed: true` (`embedding_model` alone is a contradiction). */
export function chunkEndpoint(registry: ModelRegistry, config: Config, body: ChunkRequest, workers: WorkerDispatch): ChunkResponse | Promise<ChunkResponse | Serialized> {
  if (body.embed) return chunkAndEmbed(registry, config, body, workers);
  if (body.embedding_model !== undefined) throw new errors.INVALID_OPTION('embedding_model needs embed: true');
  return chunkRequest(registry, config, body, workers);
}
