import type { DecodeBody, EncodeBody, TokenizeBody } from '../services/tokenization.js';
import type { CountBody } from '../services/counting.js';
import type { ChunkBody } from '../services/chunking.js';

/** Where a worker finds one tokenizer (the same folders the main thread loaded). */
export interface WorkerModel {
  name: string;
  dir: string;
  origin: string;
  /** Loaded on the main thread when the pool started: the threads load it before they count as started. */
  preload: boolean;
}

/** What a worker is started with. */
export interface WorkerData {
  models: WorkerModel[];
  defaultModel: string;
  maxBatchSize: number;
  maxInputChars: number;
  /** CACHE_DIR: where the prepared tokenizer caches are (the main thread wrote them when it loaded). */
  cacheDir: string;
}

/** One task: a service call with its request body. */
export type WorkerTask =
  | { op: 'ping' }
  | { op: 'tokenize'; body: TokenizeBody }
  | { op: 'encode'; body: EncodeBody }
  | { op: 'decode'; body: DecodeBody }
  | { op: 'count'; body: CountBody }
  | { op: 'chunk'; body: ChunkBody; maxChunks: number };

/** A service call's task. */
export type ServiceTask = Exclude<WorkerTask, { op: 'ping' }>;

/** The response schema of each task's route: the worker serializes its answer with it (src/serializers.ts). */
export const answerSchemas: Record<ServiceTask['op'], string> = {
  tokenize: 'TokenizeResponse', encode: 'EncodeResponse', decode: 'DecodeResponse', count: 'CountResponse', chunk: 'ChunkResponse',
};

/** An answer as the worker serialized it, and its token count (for the metrics). */
export interface SerializedAnswer {
  schema: string;
  json: string;
  tokens: number;
}

/**
 * A task's outcome (null for a ping). Errors from the errors table travel as code + message
 * (structured clone drops the properties of Error objects) and are rebuilt on the main thread.
 */
export type WorkerReply = { ok: true; value: SerializedAnswer | null } | { ok: false; code: string | null; message: string };
