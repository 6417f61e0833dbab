import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createResponseValidator } from '../src/schemas.js';

type Tap = { teardown(fn: () => unknown): void };

/**
 * The production app (same buildApp) with runtime response validation on, so every reply a test gets has
 * been checked against its route's response schema (a mismatch turns into a 500 that the test sees).
 * `MODELS` keeps start-up short when a test needs only some models.
 */
export async function buildTestApp(t: Tap, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const config = loadConfig(process.env, { LOG_LEVEL: 'silent', VALIDATE_RESPONSES: true, ...overrides });
  const app = await buildApp(config);
  await app.registry.loadAll();
  t.teardown(() => app.close());
  return app;
}

const validate = createResponseValidator();

export interface Reply {
  status: number;
  body: any; // any: the JSON of any route; tests assert its shape
  headers: Record<string, unknown>;
}

/**
 * Injects a request and checks the reply: never a 5xx unless `allow5xx`, and every error body matches
 * ErrorResponse. (2xx bodies are validated by the app's runtime hook.)
 */
export async function call(app: FastifyInstance, opts: InjectOptions, allow5xx = false): Promise<Reply> {
  const res = await app.inject(opts);
  const body = res.headers['content-type']?.toString().includes('application/json') ? res.json() : res.body;
  if (res.statusCode >= 500 && !allow5xx) throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
  if (res.statusCode >= 400) {
    const problem = validate('ErrorResponse', body);
    if (problem) throw new Error(`error body does not match ErrorResponse: ${problem}: ${res.body}`);
  }
  return { status: res.statusCode, body, headers: res.headers };
}

export const post = (app: FastifyInstance, url: string, payload: unknown) => call(app, { method: 'POST', url, payload: payload as object });
