import helmet from 'helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers (helmet). The CSP is helmet's default, which Swagger UI at /docs fits (its page
 * loads only same-origin scripts and styles, inline styles and data: images), minus
 * `upgrade-insecure-requests`: the service is usually reached over plain HTTP inside a cluster, where
 * that directive would make browsers fetch the /docs assets over HTTPS and fail.
 *
 * helmet itself rather than @fastify/helmet: the plugin builds a new helmet middleware (parsing the CSP
 * directives again) on every request, which measured about 11 µs per request, a twentieth of a small
 * /encode. Here the middleware is built once.
 */
async function securityHeaders(app: FastifyInstance): Promise<void> {
  const setHeaders = helmet({ contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } } });
  app.addHook('onRequest', (request, reply, done) => { setHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)); });
}

export default fp(securityHeaders, { name: 'tokenserve-security-headers' });
