import type { VocabBuildRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { buildVocab } from '../src/vocab/build.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: VocabBuildRequest }>('/vocab/build', {
    schema: {
      tags: ['Vocab'],
      summary: 'Build a word vocabulary from texts',
      description: 'Counts a word analyzer\'s tokens over the texts: special tokens first, then tokens by descending frequency (ties in code-unit order), with min_frequency and max_size.',
      body: { $ref: 'VocabBuildRequest#' },
      response: { 200: { $ref: 'VocabBuildResponse#' }, ...errorResponses },
    },
  }, async (request) => buildVocab(app.registry, app.config, request.body));
}
