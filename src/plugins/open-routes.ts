import type { FastifyRequest } from 'fastify';

/**
 * Routes that stay reachable without an API key and are never rate-limited or shed under load:
 * probes and scrapers must see the truth about an overloaded or locked-down instance, and the docs
 * (Swagger UI, its assets, the OpenAPI document) and the playground's page and files describe the API
 * without using it (the playground's own API calls carry the key the page asks for).
 */
export function isOpenRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (url === undefined) return false; // 404s follow the rules of the API
  return url === '/health' || url === '/metrics' || url === '/openapi.json' || isDocsRoute(request) || isPlaygroundRoute(request);
}

/** Swagger UI's page and assets. */
export function isDocsRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return url === '/docs' || url?.startsWith('/docs/') === true;
}

/** The playground's page (GET /) and files (routes/playground.ts). */
export function isPlaygroundRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return url === '/' || url?.startsWith('/playground/') === true;
}

/** The bearer token of a request, or null (the scheme is case-insensitive, RFC 7235). */
export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}
