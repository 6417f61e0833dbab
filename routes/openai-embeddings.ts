import type { OpenAIEmbeddingRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { openaiEmbeddings } from '../src/embeddings/openai.js';
import { openAIErrorHandler } from '../src/embeddings/openai-errors.js';
import { teiHeaders } from '../src/embeddings/service.js';

export const openAIErrorResponses = {
  '4xx': { $ref: 'OpenAIErrorResponse#', description: 'Client error, in OpenAI\'s shape (`code`: the README error code, lowercased).' },
  '5xx': { $ref: 'OpenAIErrorResponse#', description: 'Not ready (503) or internal error (500), in OpenAI\'s shape.' },
} as const;

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: OpenAIEmbeddingRequest }>('/v1/embeddings', {
    errorHandler: openAIErrorHandler,
    config: { ownDeadline: true },
    schema: {
      tags: ['Embeddings'],
      summary: 'Embeddings (OpenAI-compatible)',
      description: 'OpenAI\'s embeddings API: `input` as text(s) or token ids, `encoding_format` float or base64. Errors come in OpenAI\'s shape.',
      body: { $ref: 'OpenAIEmbeddingRequest#' },
      response: { 200: { $ref: 'OpenAIEmbeddingResponse#' }, ...openAIErrorResponses },
    },
  }, async (request, reply) => {
    const e = await openaiEmbeddings(app.registry, app.config, request.body);
    reply.headers(teiHeaders(e, reply.elapsedTime));
    return e.body;
  });
}
