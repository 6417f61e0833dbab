import type { EmbedAllRequest, EmbedRequest, OpenAIEmbeddingRequest } from '../src/generated/wire-types.js';
import { embed, embedAll, teiHeaders } from '../src/features/embeddings/embed.js';
import { openaiEmbeddings } from '../src/features/embeddings/openai.js';
import { route, type RouteSpec } from './table.js';

/** Vectors: TEI's /embed and /embed_all, OpenAI's /v1/embeddings (each answer with TEI's timing headers). */
export const embeddingRoutes: RouteSpec[] = [
  route<EmbedRequest>({
    method: 'POST', url: '/embed', tag: 'Embeddings', body: 'EmbedRequest', response: 'EmbedResponse', ownDeadline: true,
    summary: 'Embed texts (TEI-compatible)',
    description: 'One pooled vector per input (L2-normalized unless `normalize: false`). Transformer models are dynamically batched; TEI timing headers (x-compute-tokens, x-queue-time, x-inference-time, x-total-time) come with every answer.',
    handler: async ({ server, body }, reply) => {
      const e = await embed(server.registry, server.config, body);
      reply.headers(teiHeaders(e, reply.elapsedTime));
      return e.body;
    },
  }),
  route<EmbedAllRequest>({
    method: 'POST', url: '/embed_all', tag: 'Embeddings', body: 'EmbedAllRequest', response: 'EmbedAllResponse', ownDeadline: true,
    summary: 'Per-token vectors (TEI-compatible)',
    description: 'For each input, every token vector, unpooled and unnormalized (glove-100d: one per word, zeros for unknown words).',
    handler: async ({ server, body }, reply) => {
      const e = await embedAll(server.registry, server.config, body);
      reply.headers(teiHeaders(e, reply.elapsedTime));
      return e.body;
    },
  }),
  route<OpenAIEmbeddingRequest>({
    method: 'POST', url: '/v1/embeddings', tag: 'Embeddings', body: 'OpenAIEmbeddingRequest', response: 'OpenAIEmbeddingResponse', ownDeadline: true, openAIErrors: true,
    summary: 'Embeddings (OpenAI-compatible)',
    description: 'OpenAI\'s embeddings API: `input` as text(s) or token ids, `encoding_format` float or base64. Errors come in OpenAI\'s shape.',
    handler: async ({ server, body }, reply) => {
      const e = await openaiEmbeddings(server.registry, server.config, body);
      reply.headers(teiHeaders(e, reply.elapsedTime));
      return e.body;
    },
  }),
];
