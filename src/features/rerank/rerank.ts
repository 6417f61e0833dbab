import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { sigmoid } from '../../embeddings/heads.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import { checkTexts, headModel, teiOrder, truncation, type Scored } from './models.js';
import type { CohereRerankRequest, CohereRerankResponse, Rank, RerankRequest } from '../../generated/wire-types.js';

/**
 * Scores every (query, text) pair with a cross-encoder, all in one batch: the pair is encoded as the
 * model's tokenizer encodes pairs (token type ids 0 then 1); the score is the logit, through a sigmoid
 * unless `rawScores`. In input order; each route sorts them as the API it copies does.
 */
async function scorePairs(registry: ModelRegistry, config: Config, route: string, body: {
  model?: string; query: string; texts: string[]; rawScores: boolean; truncate?: boolean | null; truncation_direction: string;
}): Promise<Scored<{ index: number; score: number }[]> & { model: string }> {
  const model = await headModel(registry, config, body.model, ['reranker'], route);
  checkTexts('texts', body.texts, config);
  if (body.query.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG('query', body.query.length, config.MAX_INPUT_CHARS);
  const run = await model.run(body.texts.map((text) => [body.query, text] as const), truncation(body));
  const ranks = run.outputs.map((logits, index) => ({ index, score: body.rawScores ? logits[0] : sigmoid(logits[0]) }));
  const characters = body.texts.reduce((n, text) => n + body.query.length + text.length, 0);
  return { body: ranks, run, characters, model: model.name };
}

/** POST /rerank (TEI): `[{index, score, text?}]`, best first (equal scores: the later text first, as TEI). */
export async function rerank(registry: ModelRegistry, config: Config, body: RerankRequest): Promise<Scored<Rank[]>> {
  const scored = await scorePairs(registry, config, 'POST /rerank', { ...body, rawScores: body.raw_scores });
  const ranks = teiOrder(scored.body).map((r): Rank => (body.return_text ? { ...r, text: body.texts[r.index] } : r));
  return { ...scored, body: ranks };
}

/**
 * POST /v1/rerank (Cohere/Jina shape, as vLLM serves it): sigmoid relevance scores, best first, the
 * first `top_n` (all when absent or 0), each with its document unless `return_documents` is false. Equal
 * scores stay in input order, as vLLM's (Python's stable) sort by descending score leaves them.
 */
export async function cohereRerank(registry: ModelRegistry, config: Config, body: CohereRerankRequest): Promise<Scored<CohereRerankResponse>> {
  const scored = await scorePairs(registry, config, 'POST /v1/rerank', {
    model: body.model, query: body.query, texts: body.documents, rawScores: false, truncation_direction: 'right',
  });
  const sorted = scored.body.sort((a, b) => b.score - a.score);
  const top = body.top_n ? sorted.slice(0, body.top_n) : sorted;
  const tokens = scored.run.tokenCounts.reduce((a, b) => a + b, 0);
  return {
    ...scored,
    body: {
      id: `rerank-${randomUUID()}`,
      model: scored.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
      results: top.map(({ index, score }) => ({
        index, relevance_score: score, ...(body.return_documents ? { document: { text: body.documents[index] } } : {}),
      })),
    },
  };
}
