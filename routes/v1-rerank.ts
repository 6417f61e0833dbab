import type { FastifyInstance } from 'fastify';
import { openAIErrorHandler } from '../src/embeddings/openai-errors.js';
import { teiHeaders } from '../src/embeddings/service.js';
import { cohereRerank } from '../src/features/rerank/rerank.js';
import type { CohereRerankBody } from '../src/features/rerank/wire.js';
import { openAIErrorResponses } from './openai-embeddings.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: CohereRerankBody }>('/v1/rerank', {
    errorHandler: openAIErrorHandler,
    config: { ownDeadline: true },
    schema: {
      tags: ['Rerank and classify'],
      summary: 'Rerank documents (Cohere/Jina shape, as vLLM serves it)',
      description: 'The same scoring as POST /rerank, in the shape most RAG frameworks speak: `documents` and `top_n` in, `results` with `relevance_score` (sigmoid) and `document.text` out, plus `id`, `model` and `usage` as vLLM sends them. Errors come in OpenAI\'s shape, as from vLLM and /v1/embeddings.',
      body: { $ref: 'CohereRerankRequest#' },
      response: { 200: { $ref: 'CohereRerankResponse#' }, ...openAIErrorResponses },
    },
  }, async (request, reply) => {
    const r = await cohereRerank(app.registry, app.config, request.body);
    reply.headers(teiHeaders(r, reply.elapsedTime));
    return r.body;
  });
}
