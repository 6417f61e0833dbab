import type { DecodeRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { decodeRequest } from '../src/services/tokenization.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: DecodeRequest }>('/decode', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Decode token ids (TEI-compatible)',
      description: 'One string per id sequence. Ids outside the vocabulary answer 422 ID_OUT_OF_VOCAB.',
      body: { $ref: 'DecodeRequest#' },
      response: { 200: { $ref: 'DecodeResponse#' }, ...errorResponses },
    },
  }, async (request) => decodeRequest(app.registry, app.config, request.body));
}
