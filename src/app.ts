import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import { errorBody, errorTable } from './errors.js';
import { errorMessage, handleClientError, handleError, sendError } from './error-handler.js';
import { ajvOptions, createResponseValidator, schemas } from './schemas.js';
import { compileSerializer, Serialized } from './serializers.js';
import { requestedModels } from './models/lazy-load.js';
import { ModelRegistry } from './models/registry.js';
import { Readiness } from './readiness.js';
import { WorkerDispatch } from './workers/dispatch.js';
import { version } from './version.js';
import routes from '../routes/index.js';
import production from './plugins/index.js';
import { requestId } from './plugins/request-summary.js';
import { requestLogger } from './request-logger.js';

/** Methods a route may have, for the Allow header of a 405. */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** The catalog of models (load, get, list). */
    registry: ModelRegistry;
    /** Whether the service takes traffic (/health). */
    readiness: Readiness;
    /** Where tokenization requests run: worker threads or this one. */
    workers: WorkerDispatch;
  }
  interface FastifyContextConfig {
    /** The route bounds its own time, so Fastify's handler timeout is skipped (see buildApp). */
    ownDeadline?: boolean;
  }
}

/**
 * Builds the application. The ONLY place Fastify is constructed: the server, the tests and the OpenAPI
 * generator all call this, so they run with the same options. Models are not loaded here: call
 * `app.registry.loadAll()` (the server does it after listening, so /health can answer 503 meanwhile).
 * Logs go to `options.logStream` (the server's buffered stdout), else to stdout line by line.
 */
export async function buildApp(config: Config, options: { logStream?: DestinationStream } = {}): Promise<FastifyInstance> {
  const registry = new ModelRegistry(config);
  const app: FastifyInstance = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Request logs carry method, url, status and timing; bodies (user text) are never logged.
      redact: ['req.headers.authorization'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Fastify's request logs print the raw URL (its query may hold user text): src/plugins/request-summary.ts logs instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.BODY_LIMIT,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    // While closing, finish requests that reach us on open connections instead of a bare 503 (graceful drain).
    return503OnClosing: false,
    requestIdHeader: false, // requestId reads x-request-id itself, to check it
    genReqId: requestId,
    childLoggerFactory: requestLogger,
    ajv: { customOptions: ajvOptions },
    // Errors raised before routing (a malformed URL such as '/%zz') get the documented error body too.
    frameworkErrors: (error, _request, reply) => { sendError(reply, 'VALIDATION_ERROR', error.message); },
    // …and so do errors Node.js raises before a request exists (headers over 16 KB, malformed HTTP).
    clientErrorHandler: handleClientError,
  });
  // HANDLER_TIMEOUT_MS applies per route (see below) rather than app-wide.
  app.decorate('config', config);
  app.decorate('registry', registry);
  const readiness = new Readiness(registry);
  app.decorate('readiness', readiness);
  const workers = new WorkerDispatch(config, registry, readiness);
  app.decorate('workers', workers);
  app.addHook('onClose', () => workers.close());
  // A served model that is not loaded yet loads before the route that names it runs (src/models/lazy-load.ts).
  // Callback style: an async hook would cost every request a promise, and most name no model or a loaded one.
  app.addHook('preHandler', (request, _reply, done) => {
    const names = requestedModels(request.body, request.query).filter((name) => !registry.isLoaded(name));
    if (names.length === 0) return done();
    registry.ensureLoaded(names).then(() => done(), done);
  });
  for (const schema of schemas) app.addSchema(schema);
  // One serializer per distinct response schema, shared by the routes that declare it (every route's
  // 4xx/5xx, for one). fast-json-stringify re-validates every shared schema on each build: Fastify's
  // default of one build per route and status slowed start-up (docs/MEASUREMENTS.md).
  const serializers = new Map<string, (data: unknown) => string>();
  app.setSerializerCompiler(({ schema }) => {
    const key = JSON.stringify(schema);
    let serialize = serializers.get(key);
    if (!serialize) {
      const inner = compileSerializer(schema, app.getSchemas() as Record<string, object>);
      const ref = (schema as { $ref?: string }).$ref?.replace(/#$/, '');
      // A worker's answer is already written; it must have been written for this very schema.
      serialize = (data) => {
        if (!(data instanceof Serialized)) return inner(data);
        if (data.schema !== ref) throw new Error(`an answer serialized as ${data.schema} was sent for ${ref ?? 'an inline schema'}`);
        return data.json;
      };
      serializers.set(key, serialize);
    }
    return serialize;
  });
  // JSON only: a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  await app.register(production); // metrics, CORS, security headers, auth, rate limit, overload (src/plugins)
  app.metrics.registerQueue('workers', () => workers.queueDepth);
  app.metrics.registerQueue('embedding-batches', () => registry.modelQueueDepth());

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tokenserve',
        version,
        description: 'Text to tokens, ids and vectors over REST. TEI-compatible /tokenize, /decode, /embed; plus /encode with offsets, truncation and padding. Every answer carries its request id in x-request-id (the client\'s own, if it sent a usable one), under which the service logs it. To see tokens rather than JSON, open the [playground](/): type text and compare how the models cut it.',
      },
      tags: [
        { name: 'Tokenization', description: 'Subword tokenizers and word analyzers' },
        { name: 'Embeddings', description: 'Vectors: TEI /embed, /embed_all and OpenAI /v1/embeddings' },
        { name: 'Rerank and classify', description: 'Cross-encoders, classifiers and SPLADE models: TEI /rerank, /predict, /embed_sparse and the Cohere/Jina-shaped /v1/rerank' },
        { name: 'Vocab', description: 'Vocabularies: listing, building, tokenizer training' },
        { name: 'Service', description: 'Health, information and metrics' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    // A known path asked with another method is a 405 naming the methods it has (RFC 9110 §15.5.6).
    const allowed = HTTP_METHODS.filter((method) => app.hasRoute({ method, url }));
    if (allowed.length === 0) return sendError(reply, 'NOT_FOUND', errorMessage('NOT_FOUND', request.method, url));
    reply.header('allow', allowed.join(', '));
    return sendError(reply, 'METHOD_NOT_ALLOWED', errorMessage('METHOD_NOT_ALLOWED', request.method));
  });
  if (config.VALIDATE_RESPONSES) addResponseValidation(app);

  // The handler timeout (an AbortController, a timer and a DOMException per request: a large share of
  // a small /encode's cost, docs/MEASUREMENTS.md) guards routes that wait on workers or child processes.
  // Routes marked `ownDeadline` go without it: tokenization routes compute synchronously on this thread, bounded by the
  // input limits, where a timer could not interrupt them anyway; embedding routes wait only in the
  // model's batch queue, which fails items that waited HANDLER_TIMEOUT_MS itself.
  app.addHook('onRoute', (route) => {
    if (config.HANDLER_TIMEOUT_MS > 0 && route.handlerTimeout === undefined && !route.config?.ownDeadline) route.handlerTimeout = config.HANDLER_TIMEOUT_MS;
  });
  await app.register(routes);
  return app;
}

/** Runtime response validation (VALIDATE_RESPONSES): a body that breaks its schema is logged and becomes a 500. */
function addResponseValidation(app: FastifyInstance): void {
  const validate = createResponseValidator();
  app.addHook('preSerialization', async (request, reply, payload) => {
    const ref = responseRef(request.routeOptions.schema?.response as Record<string, unknown> | undefined, reply.statusCode);
    if (!ref) return payload;
    const problem = validate(ref, payload instanceof Serialized ? JSON.parse(payload.json) : payload);
    if (problem === null) return payload;
    request.log.error({ schema: ref, problem }, 'response does not match its schema');
    reply.code(500);
    return errorBody('INTERNAL_ERROR', errorTable.INTERNAL_ERROR.message);
  });
}

/**
 * The $id of the schema a route declares for a status code (exact code, then `4xx`-style, then default);
 * errors outside any route (404, body parsing) are ErrorResponse.
 */
function responseRef(response: Record<string, unknown> | undefined, status: number): string | null {
  const entry = response?.[String(status)] ?? response?.[`${String(status)[0]}xx`] ?? response?.default;
  const ref = (entry as { $ref?: string } | undefined)?.$ref;
  if (ref) return ref.replace(/#$/, '');
  return status >= 400 ? 'ErrorResponse' : null;
}
