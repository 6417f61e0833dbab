import type { FastifyInstance } from 'fastify';
import { teiHeaders } from '../src/embeddings/service.js';
import { predict } from '../src/features/rerank/predict.js';
import type { PredictBody } from '../src/features/rerank/wire.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: PredictBody }>('/predict', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Rerank and classify'],
      summary: 'Classify texts or text pairs (TEI-compatible)',
      description: 'Every label of a classifier (or reranker) model with its score, highest first: softmax over the labels (sigmoid for one label) unless `raw_scores`. A batch runs dynamically batched; TEI timing headers come with every answer.',
      body: { $ref: 'PredictRequest#' },
      response: { 200: { $ref: 'PredictResponse#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await predict(app.registry, app.config, request.body);
    reply.headers(teiHeaders(r, reply.elapsedTime));
    return r.body;
  });
}
