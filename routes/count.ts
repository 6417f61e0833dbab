import type { CountRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { countRequest } from '../src/services/counting.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: CountRequest }>('/count', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Count tokens',
      description: 'Tokens per input and their sum, exactly as many as /encode gives ids, without building tokens or offsets (the cheapest way to ask "does this fit?").',
      body: { $ref: 'CountRequest#' },
      response: { 200: { $ref: 'CountResponse#' }, ...errorResponses },
    },
  }, async (request) => countRequest(app.registry, app.config, request.body));
}
