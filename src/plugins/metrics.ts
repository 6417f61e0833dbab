import type { BatchStats } from '../models/types.js';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { summaryOf } from './request-summary.js';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { RequestCounter, RequestHistogram } from '../metrics/series.js';

/**
 * The service's Prometheus metrics: one registry per app (tests build many apps in one process).
 * Other modules record through `app.metrics`, e.g. `app.metrics.tokensProcessed.inc({ route, model }, n)`
 * or `app.metrics.registerQueue('embed-batcher', () => queue.length)`.
 */
interface Metrics {
  registry: Registry;
  requests: RequestCounter;
  duration: RequestHistogram;
  tokensProcessed: RequestCounter;
  batchSize: RequestHistogram;
  /** Adds a queue whose depth `tokenserve_queue_depth{queue=name}` reports at each scrape. */
  registerQueue(name: string, depth: () => number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

function createMetrics(app: FastifyInstance): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const queues = new Map<string, () => number>();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'tokenserve_model_load_seconds', help: 'Time each model took to load at start.', labelNames: ['model'], registers,
    collect() {
      this.reset();
      for (const m of app.registry.list()) if (m.load_ms !== undefined) this.set({ model: m.name }, m.load_ms / 1000);
    },
  });
  new Gauge({
    name: 'tokenserve_queue_depth', help: 'Requests or jobs waiting or running, per queue.', labelNames: ['queue'], registers,
    collect() {
      for (const [queue, depth] of queues) this.set({ queue }, depth());
    },
  });
  // Dynamic batching, read from the batchers at each scrape (as TEI reports its batches): rate(inputs) ÷
  // rate(batches) is the mean batch size, rate(seconds) how busy the models' inference processes are.
  const batchCounter = (key: keyof BatchStats, name: string, help: string) => new Counter({
    name, help, labelNames: ['model'], registers,
    collect() {
      this.reset();
      for (const { model, stats } of app.registry.batchStats()) this.inc({ model }, stats[key]);
    },
  });
  batchCounter('batches', 'tokenserve_embedding_batches_total', 'Model calls of the batcher (each runs a batch of queued inputs), per transformer model: embedding, reranker, classifier and sparse.');
  batchCounter('inputs', 'tokenserve_embedding_batch_inputs_total', 'Inputs in those model calls (÷ the calls: mean batch size).');
  batchCounter('seconds', 'tokenserve_embedding_inference_seconds_total', 'Time spent in those model calls.');
  return {
    registry,
    requests: new RequestCounter('tokenserve_requests_total', 'HTTP requests answered, by route and status.', ['method', 'route', 'status'], registry),
    duration: new RequestHistogram(
      'tokenserve_request_duration_seconds', 'Time from request to response.', ['method', 'route', 'status'], registry,
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    tokensProcessed: new RequestCounter('tokenserve_tokens_processed_total', 'Tokens produced or consumed by successful requests.', ['route', 'model'], registry),
    batchSize: new RequestHistogram('tokenserve_batch_size', 'Inputs per request.', ['route'], registry, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]),
    registerQueue: (name, depth) => void queues.set(name, depth),
  };
}

/** Decorates `app.metrics` and, when METRICS_ENABLED, records every request (GET /metrics serves them). */
async function metrics(app: FastifyInstance): Promise<void> {
  const m = createMetrics(app);
  app.decorate('metrics', m);
  if (!app.config.METRICS_ENABLED) return;
  app.addHook('onResponse', (request, reply, done) => {
    const { route, model, inputs, tokens } = summaryOf(request);
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    m.requests.inc(labels);
    m.duration.observe(labels, reply.elapsedTime / 1000);
    if (inputs !== null) m.batchSize.observe({ route }, inputs);
    if (tokens > 0) m.tokensProcessed.inc({ route, model: model ?? app.config.DEFAULT_MODEL }, tokens);
    done();
  });
}

export default fp(metrics, { name: 'tokenserve-metrics' });
