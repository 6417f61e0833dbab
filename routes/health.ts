import type { FastifyInstance } from 'fastify';
import { sendError } from '../src/error-handler.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    schema: {
      tags: ['Service'],
      summary: 'Readiness (TEI-compatible)',
      description: '200 once the models served from the start have loaded (all of MODELS when set, else DEFAULT_MODEL; the others load on first use); 503 while loading, after a failed load and while draining.',
      response: { 200: { $ref: 'Health#' }, ...errorResponses },
    },
  }, async (_request, reply) => {
    const { registry } = app;
    if (registry.state !== 'ok') return sendError(reply, 'NOT_READY', `models ${registry.state} (${registry.loadedCount} loaded)`);
    return { status: 'ok', models_loaded: registry.loadedCount, models_total: registry.totalCount };
  });
}
