import type { FastifyInstance } from 'fastify';
import { chatRoutes } from './chat.js';
import { chunkingRoutes } from './chunking.js';
import { embeddingRoutes } from './embeddings.js';
import { playgroundRoutes } from './playground.js';
import { rerankRoutes } from './rerank.js';
import { serviceRoutes } from './service.js';
import { registerRoutes } from './table.js';
import { tokenizationRoutes } from './tokenization.js';
import { vocabRoutes } from './vocab.js';

/** Every route: one table per feature (routes/<feature>.ts), registered in this order. */
export default async function routes(app: FastifyInstance): Promise<void> {
  registerRoutes(app, [serviceRoutes, tokenizationRoutes, chatRoutes, chunkingRoutes, embeddingRoutes, rerankRoutes, vocabRoutes, playgroundRoutes]);
}
