import type { EmbedAllRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { embedAll, teiHeaders } from '../src/embeddings/service.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: EmbedAllRequest }>('/embed_all', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Embeddings'],
      summary: 'Per-token vectors (TEI-compatible)',
      description: 'For each input, every token vector, unpooled and unnormalized (glove-100d: one per word, zeros for unknown words).',
      body: { $ref: 'EmbedAllRequest#' },
      response: { 200: { $ref: 'EmbedAllResponse#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const e = await embedAll(app.registry, app.config, request.body);
    reply.headers(teiHeaders(e, reply.elapsedTime));
    return e.body;
  });
}
