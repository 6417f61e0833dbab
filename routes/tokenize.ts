import type { TokenizeRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { tokenizeRequest } from '../src/services/tokenization.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: TokenizeRequest }>('/tokenize', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Tokenize text (TEI-compatible)',
      description: 'One token list per input with ids, the input slice each token covers and its [start, stop) offsets (Unicode code points by default).',
      body: { $ref: 'TokenizeRequest#' },
      response: { 200: { $ref: 'TokenizeResponse#' }, ...errorResponses },
    },
  }, async (request) => tokenizeRequest(app.registry, app.config, request.body));
}
