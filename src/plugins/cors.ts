import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * CORS (@fastify/cors) for the origins in CORS_ORIGINS (`*` = any). Off when empty: no CORS headers, so
 * browsers refuse cross-origin calls, the safe default for a service behind other services.
 */
async function corsPlugin(app: FastifyInstance): Promise<void> {
  const origins = app.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id'],
    exposedHeaders: ['retry-after', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  });
}

export default fp(corsPlugin, { name: 'tokenserve-cors' });
