import type { FastifyInstance } from 'fastify';
import { chunkEndpoint, type ChunkEmbedBody } from '../src/services/chunk-embed.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: ChunkEmbedBody }>('/chunk', {
    schema: {
      tags: ['Tokenization'],
      summary: 'Split texts into token-bounded chunks',
      description: 'Each input cut into chunks of at most `max_tokens` tokens of the model (each chunk encoded on its own, special tokens included), at Markdown structure (heading sections, blocks) or paragraph, sentence, word or token boundaries, with an optional token overlap. Chunks cover the input in order; offsets as /tokenize; each carries the Markdown headings it sits under. With `embed: true`, each chunk also gets its embedding.',
      body: { $ref: 'ChunkRequest#' },
      response: { 200: { $ref: 'ChunkResponse#' }, ...errorResponses },
    },
  }, async (request) => chunkEndpoint(app.registry, app.config, request.body));
}
