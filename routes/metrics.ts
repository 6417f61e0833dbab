import type { FastifyInstance } from 'fastify';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  if (!app.config.METRICS_ENABLED) return;
  app.get('/metrics', {
    schema: {
      tags: ['Service'],
      summary: 'Prometheus metrics',
      description: 'Text exposition format for Prometheus. Open even when API_KEYS is set; never rate-limited or shed.',
      produces: ['text/plain'],
      response: { 200: { $ref: 'MetricsText#' }, ...errorResponses },
    },
  }, async (_request, reply) => {
    reply.type(app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
}
