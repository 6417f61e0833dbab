import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../src/config.js';
import { openAIErrorHandler } from '../src/openai-errors.js';

/** Error responses of the native routes (all share schemas/ErrorResponse.json). */
const errorResponses = {
  '4xx': { $ref: 'ErrorResponse#', description: 'Client error: see `code` (README error table).' },
  '5xx': { $ref: 'ErrorResponse#', description: 'Not ready (503) or internal error (500).' },
} as const;

/** Error responses of the OpenAI-compatible routes (/v1/*), in OpenAI's shape. */
const openAIErrorResponses = {
  '4xx': { $ref: 'OpenAIErrorResponse#', description: 'Client error, in OpenAI\'s shape (`code`: the README error code, lowercased).' },
  '5xx': { $ref: 'OpenAIErrorResponse#', description: 'Not ready (503) or internal error (500), in OpenAI\'s shape.' },
} as const;

/**
 * One route: what it is (method, url, OpenAPI text), what it accepts and answers (schema $ids in
 * schemas/), and its handler, a few lines calling a function of src/features/. `B` and `Q` are the
 * generated wire types of its body and query (src/generated/wire-types.ts).
 */
export interface RouteSpec<B = unknown, Q = unknown> {
  method: 'GET' | 'POST';
  url: string;
  tag: 'Tokenization' | 'Embeddings' | 'Vocab' | 'Service';
  summary: string;
  description: string;
  /** $id of the request body schema. */
  body?: string;
  /** $id of the query string schema. */
  querystring?: string;
  /** $id of the 200 answer's schema. */
  response: string;
  /** Content types of the answer, when not JSON. */
  produces?: string[];
  /** Errors in OpenAI's shape (the /v1 routes) instead of the native error body. */
  openAIErrors?: boolean;
  /** The route bounds its own time, so the app's handler timeout is skipped (see src/app.ts). */
  ownDeadline?: boolean;
  /** Registered only when this holds for the configuration. */
  enabled?: (config: Config) => boolean;
  /** The route handler; `request.server` is the app (its `registry` and `config`). */
  handler(request: FastifyRequest<{ Body: B; Querystring: Q }>, reply: FastifyReply): unknown;
}

/** Registers every route of the tables, in order. */
export function registerRoutes(app: FastifyInstance, tables: readonly (readonly RouteSpec[])[]): void {
  for (const spec of tables.flat()) {
    if (spec.enabled && !spec.enabled(app.config)) continue;
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.openAIErrors ? { errorHandler: openAIErrorHandler } : {}),
      ...(spec.ownDeadline ? { config: { ownDeadline: true } } : {}),
      schema: {
        tags: [spec.tag],
        summary: spec.summary,
        description: spec.description,
        ...(spec.produces ? { produces: spec.produces } : {}),
        ...(spec.body ? { body: { $ref: `${spec.body}#` } } : {}),
        ...(spec.querystring ? { querystring: { $ref: `${spec.querystring}#` } } : {}),
        response: { 200: { $ref: `${spec.response}#` }, ...(spec.openAIErrors ? openAIErrorResponses : errorResponses) },
      },
      handler: spec.handler as (request: FastifyRequest, reply: FastifyReply) => unknown,
    });
  }
}

/** A table entry, its handler typed by the route's body `B` and query `Q`. */
export function route<B = unknown, Q = unknown>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec;
}
