import type { FastifyInstance } from 'fastify';
import health from './health.js';
import info from './info.js';
import tokenize from './tokenize.js';
import encode from './encode.js';
import decode from './decode.js';
import metrics from './metrics.js';

/** Every route plugin, one per endpoint. */
export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(health);
  await app.register(info);
  await app.register(tokenize);
  await app.register(encode);
  await app.register(decode);
  await app.register(metrics);
}
