import type { EncodeRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { encodeRequest } from '../src/services/tokenization.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: EncodeRequest }>('/encode', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Encode text (Hugging Face tokenizers encode)',
      description: 'Ids plus, on request, tokens, attention mask, type ids, offsets, special-tokens mask, word ids and overflowing windows; pairs, truncation with stride, padding.',
      body: { $ref: 'EncodeRequest#' },
      response: { 200: { $ref: 'EncodeResponse#' }, ...errorResponses },
    },
  }, async (request) => encodeRequest(app.registry, app.config, request.body));
}
