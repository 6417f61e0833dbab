import type { FastifyInstance } from 'fastify';
import { chunkingRoutes } from './chunking.js';
import { embeddingRoutes } from './embeddings.js';
import { serviceRoutes } from './service.js';
import { registerRoutes } from './table.js';
import { tokenizationRoutes } from './tokenization.js';
import { vocabRoutes } from './vocab.js';

/** Every route: one table per feature (routes/<feature>.ts), registered in this order. */
export default async function routes(app: FastifyInstance): Promise<void> {
  registerRoutes(app, [serviceRoutes, tokenizationRoutes, chunkingRoutes, embeddingRoutes, vocabRoutes]);
}
