/** The shapes of the service's answers the page reads (schemas/ holds the full ones). */

export interface ModelInfo {
  name: string;
  kind: 'tokenizer' | 'analyzer' | 'embedding';
  algorithm?: string;
}

export interface Info {
  model_id: string;
  models: ModelInfo[];
  limits: { max_input_chars: number };
}

/** A /tokenize token (TEI's SimpleToken; analyzers add the word fields). */
export interface WireToken {
  id: number | null;
  text: string;
  special: boolean;
  start: number | null;
  stop: number | null;
  type?: string;
  normalized?: string;
  pos?: string;
  tag?: string;
  entity?: string;
}

export interface EncodeResponse {
  encodings: { ids: number[]; tokens?: string[]; offsets?: [number, number][]; special_tokens_mask?: number[] }[];
}

export interface Chunk {
  text: string;
  start: number;
  stop: number;
  token_count: number;
  split: 'boundary' | 'fallback';
}

export interface ChunkResponse {
  chunks: Chunk[][];
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** POST /chat_tokenize (TGI's shape): the templated prompt and its tokens, offsets into templated_text. */
export interface ChatTokenizeResponse {
  templated_text: string;
  tokenize_response: WireToken[];
}

export interface ErrorBody {
  code: string;
  message: string;
}
