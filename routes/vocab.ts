import type { VocabQuery } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { vocab } from '../src/vocab/listing.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: VocabQuery }>('/vocab', {
    schema: {
      tags: ['Vocab'],
      summary: 'List and look up a vocabulary',
      description: 'A page of id → token (offset/limit), the vocabulary size and special tokens, and lookups of given tokens (`token=`) or ids (`id=`). Subword tokenizers; word analyzers answer 422 (use POST /vocab/build).',
      querystring: { $ref: 'VocabQuery#' },
      response: { 200: { $ref: 'VocabResponse#' }, ...errorResponses },
    },
  }, async (request) => vocab(app.registry, app.config, request.query));
}
