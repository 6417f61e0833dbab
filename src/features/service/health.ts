import type { FastifyReply } from 'fastify';
import type { Health } from '../../generated/wire-types.js';
import { sendError } from '../../error-handler.js';
import type { ModelRegistry } from '../../models/registry.js';
import type { Readiness } from '../../readiness.js';

/** GET /health: 200 once the models served from the start have loaded, else NOT_READY (503). */
export function health(registry: ModelRegistry, readiness: Readiness, reply: FastifyReply): Health | FastifyReply {
  if (readiness.state !== 'ok') return sendError(reply, 'NOT_READY', `models ${readiness.state} (${registry.loadedCount} loaded)`);
  return { status: 'ok', models_loaded: registry.loadedCount, models_total: registry.availableCount };
}
