import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers (@fastify/helmet). The CSP is helmet's default, which Swagger UI at /docs fits (its
 * page loads only same-origin scripts and styles, inline styles and data: images), minus
 * `upgrade-insecure-requests`: the service is usually reached over plain HTTP inside a cluster, where
 * that directive would make browsers fetch the /docs assets over HTTPS and fail.
 */
async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { upgradeInsecureRequests: null },
    },
  });
}

export default fp(securityHeaders, { name: 'tokenserve-security-headers' });
