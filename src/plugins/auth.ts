import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { bearerToken, isOpenRoute } from './open-routes.js';

/** Fixed-length digests, so comparing them takes the same time whatever the key's length or content. */
const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/**
 * Optional API keys (API_KEYS, comma-separated): every route but the open ones (open-routes.ts) needs
 * `Authorization: Bearer <key>`, else 401 UNAUTHORIZED. Keys are compared in constant time, all of them
 * every time, so timing reveals neither a key's prefix nor which key matched.
 */
async function auth(app: FastifyInstance): Promise<void> {
  const keys = app.config.API_KEYS.split(',').map((k) => k.trim()).filter(Boolean).map(digest);
  if (keys.length === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    // CORS preflights carry no credentials by design; they reveal nothing and run no handler.
    if (request.method === 'OPTIONS' || isOpenRoute(request)) return;
    const token = bearerToken(request);
    reply.header('www-authenticate', 'Bearer realm="tokenserve"');
    if (token === null) throw new errors.UNAUTHORIZED('Missing API key: send the header Authorization: Bearer <key>');
    const given = digest(token);
    let ok = false;
    for (const key of keys) ok = timingSafeEqual(key, given) || ok;
    if (!ok) throw new errors.UNAUTHORIZED('Invalid API key');
    reply.removeHeader('www-authenticate');
  });
}

export default fp(auth, { name: 'tokenserve-auth' });
