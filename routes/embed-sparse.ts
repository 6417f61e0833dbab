import type { FastifyInstance } from 'fastify';
import { teiHeaders } from '../src/embeddings/service.js';
import { embedSparse } from '../src/features/rerank/sparse.js';
import type { EmbedSparseBody } from '../src/features/rerank/wire.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: EmbedSparseBody }>('/embed_sparse', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Rerank and classify'],
      summary: 'Sparse (SPLADE) embeddings (TEI-compatible)',
      description: 'Per input, the non-zero vocabulary weights of a masked-LM model: per vocabulary entry, the max over tokens of log(1 + relu(logit)). Dynamically batched; TEI timing headers come with every answer.',
      body: { $ref: 'EmbedSparseRequest#' },
      response: { 200: { $ref: 'EmbedSparseResponse#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await embedSparse(app.registry, app.config, request.body);
    reply.headers(teiHeaders(r, reply.elapsedTime));
    return r.body;
  });
}
