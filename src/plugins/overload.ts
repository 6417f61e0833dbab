import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { isOpenRoute } from './open-routes.js';

/** Seconds a shed client is asked to wait: a request's worth of work, not a penalty. */
const RETRY_AFTER_S = 1;
/** Request bodies from this size (bytes; chunked bodies count as large) yield before their handler runs. */
const YIELD_MIN_BYTES = 16384;

/**
 * Overload protection: answer 503 OVERLOADED with Retry-After at once instead of queueing without bound.
 * - MAX_CONCURRENT_REQUESTS bounds the requests admitted at once (running, or waiting for the CPU
 *   behind other requests); the excess is refused in onRequest, before its body is even read. A
 *   worker pool's own queue bound (if any) sits behind this one.
 * - MAX_EVENT_LOOP_DELAY_MS (optional, @fastify/under-pressure) sheds load while the event loop lags.
 * Open routes (probes, metrics, docs) are never shed.
 */
async function overload(app: FastifyInstance): Promise<void> {
  const { MAX_CONCURRENT_REQUESTS: max, MAX_EVENT_LOOP_DELAY_MS: maxDelay } = app.config;
  let admitted = 0;
  const release = () => void admitted--;
  app.metrics.registerQueue('requests', () => admitted);
  if (max > 0) {
    app.addHook('onRequest', (request, reply, done) => {
      if (isOpenRoute(request)) return done();
      if (admitted >= max) {
        reply.header('retry-after', String(RETRY_AFTER_S));
        return done(new errors.OVERLOADED(`${admitted} requests in progress, limit ${max} (MAX_CONCURRENT_REQUESTS)`, RETRY_AFTER_S));
      }
      admitted++;
      // 'close' fires once per response, whether it finished or the client went away (so `on`: `once`
      // would wrap the listener in a new closure for every request).
      reply.raw.on('close', release);
      done();
    });
    // CPU work on the main thread blocks the loop, so requests waiting in socket buffers would queue
    // unseen (and unbounded) behind it. Yielding once before a large request's handler lets the loop
    // read every request that has arrived, so each is counted, and the excess refused, before the work
    // starts. Small requests skip it: their work is a few milliseconds at most, and the yield is a
    // measurable share of a small /encode's throughput (docs/MEASUREMENTS.md).
    app.addHook('preHandler', (request, _reply, done) => {
      if (Number(request.headers['content-length'] ?? YIELD_MIN_BYTES) < YIELD_MIN_BYTES || isOpenRoute(request)) done();
      else setImmediate(done);
    });
  }
  if (maxDelay > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: maxDelay,
      pressureHandler: (request, reply, _type, value) => {
        if (isOpenRoute(request)) return undefined; // continue
        reply.header('retry-after', String(RETRY_AFTER_S));
        const lag = `event-loop delay ${Math.round(Number(value))} ms over ${maxDelay} ms (MAX_EVENT_LOOP_DELAY_MS)`;
        return Promise.reject(new errors.OVERLOADED(lag, RETRY_AFTER_S));
      },
    });
  }
}

export default fp(overload, { name: 'tokenserve-overload', dependencies: ['tokenserve-metrics'] });
