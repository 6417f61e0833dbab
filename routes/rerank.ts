import type { FastifyInstance } from 'fastify';
import { teiHeaders } from '../src/embeddings/service.js';
import { rerank } from '../src/features/rerank/rerank.js';
import type { RerankBody } from '../src/features/rerank/wire.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: RerankBody }>('/rerank', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Rerank and classify'],
      summary: 'Rank texts against a query with a cross-encoder (TEI-compatible)',
      description: 'Each (query, text) pair is scored by a reranker model (sequence classification, one label), all texts as one dynamically batched run; sigmoid scores unless `raw_scores`, highest first. TEI timing headers come with every answer.',
      body: { $ref: 'RerankRequest#' },
      response: { 200: { $ref: 'RerankResponse#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await rerank(app.registry, app.config, request.body);
    reply.headers(teiHeaders(r, reply.elapsedTime));
    return r.body;
  });
}
