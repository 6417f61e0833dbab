import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { isDocsRoute } from './open-routes.js';

/** The headers a helmet middleware sets: the same on every response (no directive depends on the request). */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => { failed = err; });
  if (failed) throw failed;
  return headers;
}

/**
 * Security headers (helmet), in two sets built once at start:
 * - Swagger UI (/docs, the only HTML the service serves) gets helmet's defaults. Its CSP is helmet's
 *   default, which the UI fits (same-origin scripts and styles, inline styles, data: images), minus
 *   `upgrade-insecure-requests`: the service is usually reached over plain HTTP inside a cluster,
 *   where that directive would make browsers fetch the /docs assets over HTTPS and fail.
 * - Every other response is an API answer (JSON, metrics text), never rendered as a page. It gets
 *   what OWASP's REST Security Cheat Sheet lists for APIs: `nosniff`, and a CSP that allows nothing
 *   and no framing. The ten browser-page headers cost a measurable share of a small /encode.
 * - Neither gets HSTS: the service speaks plain HTTP only, and RFC 6797 (§7.2) forbids the header
 *   over a non-secure transport (browsers ignore it there). The proxy that terminates TLS sends it.
 *
 * helmet itself rather than @fastify/helmet: the plugin builds a new helmet middleware (parsing the CSP
 * directives again) on every request. Each set is captured once from helmet and handed to Fastify with the reply's own headers:
 * set on the raw response instead, they send Node.js down its slower header path for every header of
 * the reply. Figures: docs/MEASUREMENTS.md.
 */
async function securityHeaders(app: FastifyInstance): Promise<void> {
  const page = helmet({ contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } }, strictTransportSecurity: false });
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginOpenerPolicy: false, crossOriginResourcePolicy: false, originAgentCluster: false, referrerPolicy: false, strictTransportSecurity: false,
    xDnsPrefetchControl: false, xDownloadOptions: false, xFrameOptions: false, xPermittedCrossDomainPolicies: false, xXssProtection: false,
  });
  const [pageHeaders, apiHeaders] = [headersOf(page), headersOf(api)];
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isDocsRoute(request) ? pageHeaders : apiHeaders);
    done();
  });
}

export default fp(securityHeaders, { name: 'tokenserve-security-headers' });
