import type { Config } from '../config.js';
import type { ChunkRequest, CountTextRequest, DecodeRequest, EncodeRequest, TeiTokenizeRequest } from '../generated/wire-types.js';

/** Where a worker finds one tokenizer (the same folders the main thread loaded). */
export interface WorkerModel {
  name: string;
  dir: string;
  origin: string;
  /** Loaded on the main thread when the pool started: the threads load it before they count as started. */
  preload: boolean;
}

/** What a worker is started with: the main thread's validated configuration and the tokenizers to load. */
export interface WorkerData {
  config: Config;
  models: WorkerModel[];
  /** The model of requests naming none: DEFAULT_MODEL, or the first tokenizer when DEFAULT_MODEL is not one. */
  defaultModel: string;
}

/** One task: a service call with its request body. */
export type WorkerTask =
  | { op: 'ping' }
  | { op: 'tokenize'; body: TeiTokenizeRequest }
  | { op: 'encode'; body: EncodeRequest }
  | { op: 'decode'; body: DecodeRequest }
  | { op: 'count'; body: CountTextRequest }
  | { op: 'chunk'; body: ChunkRequest; maxChunks: number };

/** A service call's task. */
export type ServiceTask = Exclude<WorkerTask, { op: 'ping' }>;

/** The response schema of each task's route: the worker serializes its answer with it (src/serializers.ts). */
export const answerSchemas: Record<ServiceTask['op'], string> = {
  tokenize: 'TokenizeResponse', encode: 'EncodeResponse', decode: 'DecodeResponse', count: 'CountResponse', chunk: 'ChunkResponse',
};

/** An answer as the worker serialized it, and its token count (for the metrics). */
interface SerializedAnswer {
  schema: string;
  json: string;
  tokens: number;
}

/**
 * A task's outcome (null for a ping). Errors from the errors table travel as code + message
 * (structured clone drops the properties of Error objects) and are rebuilt on the main thread.
 */
export type WorkerReply = { ok: true; value: SerializedAnswer | null } | { ok: false; code: string | null; message: string };
