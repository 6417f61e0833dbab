import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { batchSizeOf, tokensIn } from '../metrics/extract.js';

/** What a request did, without its text: read by the completion log line and by the metrics. */
export interface RequestSummary {
  route: string;
  model: string | null;
  inputs: number | null;
  tokens: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    summary: RequestSummary;
  }
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/** The request's summary (created on first use: errors raised before routing skip the onRequest hook). */
export function summaryOf(request: FastifyRequest): RequestSummary {
  request.summary ??= { route: routeOf(request), model: null, inputs: null, tokens: 0 };
  return request.summary;
}

/** A client's own request id is kept when it is 1–128 visible ASCII characters (safe to log and to send back). */
const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;

/** This process's part of the ids it makes: random, so that ids from other replicas and restarts differ. */
const ID_PREFIX = randomBytes(6).toString('hex');
let idCount = 0;

/**
 * The request id (Fastify's genReqId): the client's `x-request-id` if usable, else this process's prefix
 * and a count, e.g. `3fa85f64c2d1-42`: unique within the process by its count, across processes by the
 * prefix. A UUID per request cost a measurable share of a small /encode's throughput (docs/MEASUREMENTS.md).
 */
export function requestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : `${ID_PREFIX}-${++idCount}`;
}

/**
 * Fastify's two request log lines, without the raw URL (its query may hold user text; app.ts turns
 * Fastify's own off): "incoming request" (debug) with method and route pattern, and "request completed"
 * (info) with status, time, model and counts: one line per request at the default level, as TEI logs. Every answer carries its request id in `x-request-id`, so a client
 * can quote the log lines of any answer (a 500's details included).
 */
async function requestSummary(app: FastifyInstance): Promise<void> {
  app.decorateRequest('summary', null as unknown as RequestSummary);
  // Callback-style hooks: they run on every request, and async ones cost a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.log.debug({ method: request.method, route: summaryOf(request).route }, 'incoming request');
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const body = request.body as { model?: unknown } | undefined;
    const model = typeof body?.model === 'string' ? body.model : (request.query as { model?: unknown } | undefined)?.model;
    const summary = summaryOf(request);
    summary.model = typeof model === 'string' ? model : null;
    summary.inputs = batchSizeOf(request.body);
    done();
  });
  app.addHook('preSerialization', (request, reply, payload, done) => {
    // TEI's x-compute-tokens header covers bodies that carry no count (e.g. /embed's bare vectors).
    if (reply.statusCode < 400) summaryOf(request).tokens = tokensIn(payload) || Number(reply.getHeader('x-compute-tokens') ?? 0) || 0;
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const { route, model, inputs, tokens } = summaryOf(request);
    // The service logger with the request id in front writes the line the request's child logger would,
    // without making that child (src/request-logger.ts); routes have no log level of their own.
    app.log.info({ reqId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100, model, inputs, tokens }, 'request completed');
    done();
  });
}

export default fp(requestSummary, { name: 'tokenserve-request-summary' });
