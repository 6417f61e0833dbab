import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { bearerToken, isOpenRoute } from './open-routes.js';

/**
 * Optional per-client rate limit (@fastify/rate-limit, in-memory: per replica). A client is its API key
 * when it sends one (so clients behind one NAT are told apart), else its IP. Over the limit: 429
 * RATE_LIMITED with Retry-After (set by the library).
 */
async function rateLimitPlugin(app: FastifyInstance): Promise<void> {
  const { RATE_LIMIT_MAX: max, RATE_LIMIT_WINDOW_MS: window } = app.config;
  if (max === 0) return;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: window,
    allowList: (request) => isOpenRoute(request),
    keyGenerator: (request) => {
      const token = bearerToken(request);
      return token ? `key:${createHash('sha256').update(token).digest('hex')}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => new errors.RATE_LIMITED(context.max, `${window} ms`, context.after),
  });
}

export default fp(rateLimitPlugin, { name: 'tokenserve-rate-limit' });
