import type { FastifyInstance } from 'fastify';
import { detokenize } from '../src/features/chat/chat.js';
import type { DetokenizeBody } from '../src/features/chat/types.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: DetokenizeBody }>('/detokenize', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Token ids to text (vLLM-compatible)',
      description: 'vLLM\'s /detokenize: the text of the ids, special tokens kept and spaces not cleaned up, so the ids of a templated conversation give its text back.',
      body: { $ref: 'DetokenizeRequest#' },
      response: { 200: { $ref: 'DetokenizeResponse#' }, ...errorResponses },
    },
  }, async (request) => detokenize(app.registry, request.body));
}
