import type { EmbedRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { embed, teiHeaders } from '../src/embeddings/service.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: EmbedRequest }>('/embed', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Embeddings'],
      summary: 'Embed texts (TEI-compatible)',
      description: 'One pooled vector per input (L2-normalized unless `normalize: false`). Transformer models are dynamically batched; TEI timing headers (x-compute-tokens, x-queue-time, x-inference-time, x-total-time) come with every answer.',
      body: { $ref: 'EmbedRequest#' },
      response: { 200: { $ref: 'EmbedResponse#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const e = await embed(app.registry, app.config, request.body);
    reply.headers(teiHeaders(e, reply.elapsedTime));
    return e.body;
  });
}
