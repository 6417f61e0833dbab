import type { TrainRequest } from '../src/generated/wire-types.js';
import type { FastifyInstance } from 'fastify';
import { train } from '../src/vocab/training.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: TrainRequest }>('/train', {
    schema: {
      tags: ['Vocab'],
      summary: 'Train a WordPiece, BPE or Unigram tokenizer',
      description: 'Trains on the texts (in a child process, at most TRAIN_TIMEOUT_MS, one training at a time) and writes MODEL_DIR/<name>, served from the next start. Large corpora: `npm run train -- --input corpus.txt`.',
      body: { $ref: 'TrainRequest#' },
      response: { 200: { $ref: 'TrainResponse#' }, ...errorResponses },
    },
  }, async (request) => train(app.registry, app.config, request.body));
}
