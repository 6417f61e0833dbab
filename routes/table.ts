import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../src/config.js';
import { openAIErrorHandler } from '../src/openai-errors.js';
import { formExamples, formValidator } from '../src/schemas.js';

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
 * generated wire types of its body and query (src/generated/wire-types.ts); `P` its path parameters.
 */
export type RouteSpec<B = unknown, Q = unknown, P = unknown> = RouteBase<B, Q, P> & (ApiAnswer | FileAnswer);

/** An API route: its answer has a schema and the route is in the OpenAPI document. */
interface ApiAnswer {
  /** $id of the 200 answer's schema. */
  response: string;
  hide?: false;
}

/** A page or file for browsers (the playground): no JSON answer, kept out of the OpenAPI document. */
interface FileAnswer {
  hide: true;
  response?: never;
}

interface RouteBase<B, Q, P> {
  method: 'GET' | 'POST';
  url: string;
  tag: 'Tokenization' | 'Embeddings' | 'Rerank and classify' | 'Vocab' | 'Service';
  summary: string;
  description: string;
  /** $id of the request body schema. */
  body?: string;
  /**
   * The body schema is a oneOf of forms told apart by their first required property (e.g. /tokenize's TEI
   * and vLLM bodies): validated by form (formValidator in src/schemas.ts), with one OpenAPI example per form.
   */
  bodyForms?: boolean;
  /** $id of the query string schema. */
  querystring?: string;
  /** Content types of the answer, when not JSON. */
  produces?: string[];
  /** Errors in OpenAI's shape (the /v1 routes) instead of the native error body. */
  openAIErrors?: boolean;
  /** The route bounds its own time, so the app's handler timeout is skipped (see src/app.ts). */
  ownDeadline?: boolean;
  /** Registered only when this holds for the configuration. */
  enabled?: (config: Config) => boolean;
  /** The route handler; `request.server` is the app (its `registry` and `config`). */
  handler(request: FastifyRequest<{ Body: B; Querystring: Q; Params: P }>, reply: FastifyReply): unknown;
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
        ...(spec.hide ? { hide: true } : {}),
        tags: [spec.tag],
        summary: spec.summary,
        description: spec.description,
        ...(spec.produces ? { produces: spec.produces } : {}),
        ...(spec.body ? { body: spec.bodyForms ? { allOf: [{ $ref: `${spec.body}#` }], 'x-examples': formExamples(spec.body) } : { $ref: `${spec.body}#` } } : {}),
        ...(spec.querystring ? { querystring: { $ref: `${spec.querystring}#` } } : {}),
        response: { ...(spec.response ? { 200: { $ref: `${spec.response}#` } } : {}), ...(spec.openAIErrors ? openAIErrorResponses : errorResponses) },
      },
      ...(spec.bodyForms ? { validatorCompiler: () => formValidator(spec.body!) } : {}),
      handler: spec.handler as (request: FastifyRequest, reply: FastifyReply) => unknown,
    });
  }
}

/** A table entry, its handler typed by the route's body `B`, query `Q` and path parameters `P`. */
export function route<B = unknown, Q = unknown, P = unknown>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as RouteSpec;
}
