import type { OpenAIEmbeddingRequest, OpenAIEmbeddingResponse } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import type { ModelRegistry } from '../../models/registry.js';
import { embed, type Embedded } from './embed.js';

/** A vector as OpenAI's base64 encoding: the bytes of little-endian float32 values. */
function base64Floats(v: number[]): string {
  const bytes = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes.toString('base64');
}

/** POST /v1/embeddings: OpenAI's embeddings API (vectors are always L2-normalized, as OpenAI's are). */
export async function openaiEmbeddings(registry: ModelRegistry, config: Config, body: OpenAIEmbeddingRequest): Promise<Embedded<OpenAIEmbeddingResponse>> {
  const e = await embed(registry, config, {
    inputs: body.input, model: body.model ?? undefined, normalize: true, dimensions: body.dimensions, truncation_direction: 'right', truncate: false,
  });
  const tokens = e.run.tokenCounts.reduce((a, b) => a + b, 0);
  return {
    ...e,
    body: {
      object: 'list',
      data: e.body.map((v, index) => ({ object: 'embedding', index, embedding: body.encoding_format === 'base64' ? base64Floats(v) : v })),
      model: e.model.name,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
