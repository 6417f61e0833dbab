import type { FastifyInstance } from 'fastify';
import { openaiModels } from '../src/embeddings/openai.js';
import { openAIErrorHandler } from '../src/embeddings/openai-errors.js';
import { openAIErrorResponses } from './openai-embeddings.js';

export default async function route(app: FastifyInstance): Promise<void> {
  const startedAt = Math.floor(Date.now() / 1000);
  app.get('/v1/models', {
    errorHandler: openAIErrorHandler,
    schema: {
      tags: ['Embeddings'],
      summary: 'Embedding models (OpenAI-compatible)',
      description: 'The embedding models, in OpenAI\'s list shape.',
      response: { 200: { $ref: 'OpenAIModelList#' }, ...openAIErrorResponses },
    },
  }, async () => openaiModels(app.registry, startedAt));
}
