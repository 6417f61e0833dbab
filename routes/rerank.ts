import type { CohereRerankRequest, EmbedSparseRequest, PredictRequest, RerankRequest } from '../src/generated/wire-types.js';
import { teiHeaders } from '../src/features/embeddings/embed.js';
import { predict } from '../src/features/rerank/predict.js';
import { cohereRerank, rerank } from '../src/features/rerank/rerank.js';
import { embedSparse } from '../src/features/rerank/sparse.js';
import { route, type RouteSpec } from './table.js';

/** Cross-encoders, classifiers and SPLADE models: TEI's /rerank, /predict, /embed_sparse and the Cohere/Jina-shaped /v1/rerank (each answer with TEI's timing headers). */
export const rerankRoutes: RouteSpec[] = [
  route<RerankRequest>({
    method: 'POST', url: '/rerank', tag: 'Rerank and classify', body: 'RerankRequest', response: 'RerankResponse', ownDeadline: true,
    summary: 'Rank texts against a query with a cross-encoder (TEI-compatible)',
    description: 'Each (query, text) pair is scored by a reranker model (sequence classification, one label), all texts as one dynamically batched run; sigmoid scores unless `raw_scores`, highest first. TEI timing headers come with every answer.',
    handler: async ({ server, body }, reply) => {
      const r = await rerank(server.registry, server.config, body);
      reply.headers(teiHeaders(r, reply.elapsedTime));
      return r.body;
    },
  }),
  route<CohereRerankRequest>({
    method: 'POST', url: '/v1/rerank', tag: 'Rerank and classify', body: 'CohereRerankRequest', response: 'CohereRerankResponse', ownDeadline: true, openAIErrors: true,
    summary: 'Rerank documents (Cohere/Jina shape, as vLLM serves it)',
    description: 'The same scoring as POST /rerank, in the shape most RAG frameworks speak: `documents` and `top_n` in, `results` with `relevance_score` (sigmoid) and `document.text` out, plus `id`, `model` and `usage` as vLLM sends them. Errors come in OpenAI\'s shape, as from vLLM and /v1/embeddings.',
    handler: async ({ server, body }, reply) => {
      const r = await cohereRerank(server.registry, server.config, body);
      reply.headers(teiHeaders(r, reply.elapsedTime));
      return r.body;
    },
  }),
  route<PredictRequest>({
    method: 'POST', url: '/predict', tag: 'Rerank and classify', body: 'PredictRequest', response: 'PredictResponse', ownDeadline: true,
    summary: 'Classify texts or text pairs (TEI-compatible)',
    description: 'Every label of a classifier (or reranker) model with its score, highest first: softmax over the labels (sigmoid for one label) unless `raw_scores`. A batch runs dynamically batched; TEI timing headers come with every answer.',
    handler: async ({ server, body }, reply) => {
      const r = await predict(server.registry, server.config, body);
      reply.headers(teiHeaders(r, reply.elapsedTime));
      return r.body;
    },
  }),
  route<EmbedSparseRequest>({
    method: 'POST', url: '/embed_sparse', tag: 'Rerank and classify', body: 'EmbedSparseRequest', response: 'EmbedSparseResponse', ownDeadline: true,
    summary: 'Sparse (SPLADE) embeddings (TEI-compatible)',
    description: 'Per input, the non-zero vocabulary weights of a masked-LM model: per vocabulary entry, the max over tokens of log(1 + relu(logit)). Dynamically batched; TEI timing headers come with every answer.',
    handler: async ({ server, body }, reply) => {
      const r = await embedSparse(server.registry, server.config, body);
      reply.headers(teiHeaders(r, reply.elapsedTime));
      return r.body;
    },
  }),
];
