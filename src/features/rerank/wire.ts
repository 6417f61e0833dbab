/**
 * The wire shapes of POST /rerank, /v1/rerank, /predict and /embed_sparse (schemas/Rerank*.json,
 * Predict*.json, EmbedSparse*.json, CohereRerank*.json are their source; kept in this one file so they can
 * be swapped for generated types).
 */
import type { WireInputs } from '../../embeddings/service.js';

type Direction = 'Left' | 'Right' | 'left' | 'right';

export interface RerankBody {
  query: string;
  texts: string[];
  raw_scores: boolean;
  return_text: boolean;
  truncate?: boolean | null;
  truncation_direction: Direction;
  model?: string;
}

export interface Rank {
  index: number;
  score: number;
  text?: string;
}

export interface CohereRerankBody {
  model?: string;
  query: string;
  documents: string[];
  top_n?: number | null;
  return_documents: boolean;
}

export interface CohereRerankResponse {
  id: string;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
  results: { index: number; relevance_score: number; document?: { text: string } }[];
}

/** One text, a pair, or a batch of one-text and two-text arrays (TEI's PredictInput). */
export type PredictInputs = string | [string, string] | ([string] | [string, string])[];

export interface PredictBody {
  inputs: PredictInputs;
  raw_scores: boolean;
  truncate?: boolean | null;
  truncation_direction: Direction;
  model?: string;
}

export interface Prediction {
  score: number;
  label: string;
}

export interface EmbedSparseBody {
  inputs: WireInputs;
  truncate?: boolean | null;
  truncation_direction: Direction;
  prompt_name?: string | null;
  model?: string;
}

export interface SparseValue {
  index: number;
  value: number;
}
