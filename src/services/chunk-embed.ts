import type { Config } from '../config.js';
import { embed, embeddingModel } from '../embeddings/service.js';
import { errors } from '../errors.js';
import type { ModelRegistry } from '../models/registry.js';
import { chunkRequest } from './chunk-request.js';
import { answerValue, type Serialized } from '../serializers.js';
import type { ChunkBody, ChunkResult } from './chunking.js';

export interface ChunkEmbedBody extends ChunkBody {
  embed: boolean;
  embedding_model?: string;
}

/**
 * POST /chunk with `embed: true`: chunks (counted with the embedding model's own tokenizer unless
 * `model` names another), then every chunk embedded like /embed (normalized, never truncated: a chunk
 * over the model's window is TEI's 413), MAX_BATCH_SIZE chunks per model call.
 */
export async function chunkAndEmbed(registry: ModelRegistry, config: Config, body: ChunkEmbedBody): Promise<ChunkResult> {
  const embedder = await embeddingModel(registry, config, body.embedding_model);
  const model = body.model ?? (embedder.tokenizer ? embedder.name : undefined);
  const window = embedder.info().max_length ?? null;
  if (model === embedder.name && window !== null && body.max_tokens > window) {
    throw new errors.INVALID_OPTION(`max_tokens (${body.max_tokens}) is over the ${window}-token window of '${embedder.name}'`);
  }
  const result = answerValue(await chunkRequest(registry, config, { ...body, model }));
  const texts = result.chunks.flat().map((c) => c.text);
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
export function chunkEndpoint(registry: ModelRegistry, config: Config, body: ChunkEmbedBody): ChunkResult | Promise<ChunkResult | Serialized> {
  if (body.embed) return chunkAndEmbed(registry, config, body);
  if (body.embedding_model !== undefined) throw new errors.INVALID_OPTION('embedding_model needs embed: true');
  return chunkRequest(registry, config, body);
}
