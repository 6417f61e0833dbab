import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import requestSummary from './request-summary.js';
import metrics from './metrics.js';
import cors from './cors.js';
import securityHeaders from './security-headers.js';
import auth from './auth.js';
import rateLimit from './rate-limit.js';
import overload from './overload.js';

/**
 * The production plugins, in the order their hooks must run: the request summary (log line) and metrics first (they count refused requests
 * too), CORS before auth (preflights are answered and 401s carry CORS headers so browsers can read them),
 * then auth, rate limit and load shedding. Each reads its settings from `app.config` and is a no-op when off.
 */
async function production(app: FastifyInstance): Promise<void> {
  await app.register(requestSummary);
  await app.register(metrics);
  await app.register(cors);
  await app.register(securityHeaders);
  await app.register(auth);
  await app.register(rateLimit);
  await app.register(overload);
}

export default fp(production, { name: 'tokenserve-production' });
