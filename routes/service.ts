import { health } from '../src/features/service/health.js';
import { info } from '../src/features/service/info.js';
import { openaiModels } from '../src/features/service/models.js';
import type { RouteSpec } from './table.js';

/** Health, information, metrics and the OpenAI model list. */
export const serviceRoutes: RouteSpec[] = [
  {
    method: 'GET', url: '/health', tag: 'Service', response: 'Health',
    summary: 'Readiness (TEI-compatible)',
    description: '200 once the models served from the start have loaded (all of MODELS when set, else DEFAULT_MODEL; the others load on first use); 503 while loading, after a failed load and while draining.',
    handler: (request, reply) => health(request.server.registry, request.server.readiness, reply),
  },
  {
    method: 'GET', url: '/info', tag: 'Service', response: 'Info',
    summary: 'Service and model information (TEI-compatible)',
    description: "TEI's /info fields for the default model, plus every served model (loaded or loading on first use) and the request limits.",
    handler: (request) => info(request.server.registry, request.server.config),
  },
  {
    method: 'GET', url: '/v1/models', tag: 'Embeddings', response: 'OpenAIModelList', openAIErrors: true,
    summary: 'Embedding models (OpenAI-compatible)',
    description: 'The embedding models, in OpenAI\'s list shape.',
    handler: (request) => openaiModels(request.server.registry),
  },
  {
    method: 'GET', url: '/metrics', tag: 'Service', response: 'MetricsText', produces: ['text/plain'],
    enabled: (config) => config.METRICS_ENABLED,
    summary: 'Prometheus metrics',
    description: 'Text exposition format for Prometheus. Open even when API_KEYS is set; never rate-limited or shed.',
    handler: (request, reply) => {
      reply.type(request.server.metrics.registry.contentType);
      return request.server.metrics.registry.metrics();
    },
  },
];
