import type { FastifyInstance } from 'fastify';
import { info } from '../src/services/info.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.get('/info', {
    schema: {
      tags: ['Service'],
      summary: 'Service and model information (TEI-compatible)',
      description: "TEI's /info fields for the default model, plus every loaded model and the request limits.",
      response: { 200: { $ref: 'Info#' }, ...errorResponses },
    },
  }, async () => info(app.registry, app.config));
}
