import { Ajv } from 'ajv';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { projectRoot } from './paths.js';

/**
 * Every setting of the service: one env var each. This schema is the single source of defaults and
 * descriptions (the README table is checked against it by a test).
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080, description: 'TCP port to listen on.' },
    HOST: { type: 'string', default: '0.0.0.0', description: 'Interface to bind (0.0.0.0 = all, 127.0.0.1 = local only).' },
    LOG_LEVEL: {
      type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info',
      description: 'pino log level. Logs never contain request text.',
    },
    MODEL_DIR: {
      type: 'string', default: join(projectRoot, 'models'),
      description: 'Folder whose sub-folders are extra models (tokenizer.json + tokenizer_config.json, optionally an ONNX model); the folder name is the model name.',
    },
    CACHE_DIR: {
      type: 'string', default: join(projectRoot, '.cache'),
      description: 'Where generated model files live: the rebuilt bert-base-uncased and bert-base-cased tokenizer.json, the binary word vectors (both from npm run prepare) and prepared tokenizer caches (tokenizers/, written at prepare and on first load of a large tokenizer).',
    },
    MODELS: {
      type: 'string', default: '',
      description: 'Comma-separated model names to serve, all loaded at start; empty = every shipped model and every folder in MODEL_DIR, each loaded on its first request (DEFAULT_MODEL at start).',
    },
    DEFAULT_MODEL: { type: 'string', default: 'bert-base-uncased', description: 'Model used when a request names none.' },
    MAX_BATCH_SIZE: {
      type: 'integer', minimum: 1, maximum: 100000, default: 32,
      description: 'Most inputs in one request (TEI: max_client_batch_size); more answers 413.',
    },
    MAX_INPUT_CHARS: {
      type: 'integer', minimum: 1, default: 100000,
      description: 'Most characters (UTF-16 code units) in one input text; longer answers 413.',
    },
    BODY_LIMIT: { type: 'integer', minimum: 1024, default: 2097152, description: 'Most bytes in a request body; larger answers 413.' },
    VALIDATE_RESPONSES: {
      type: 'boolean', default: false,
      description: 'Validate every response body against its JSON Schema at run time (a mismatch is logged and answered 500).',
    },
    TOKENIZATION_WORKERS: {
      type: 'integer', minimum: 1, maximum: 64, default: Math.max(1, availableParallelism() - 1),
      description: 'Worker threads for CPU-heavy work (default: cores - 1, at least 1).',
    },
    WORKER_QUEUE_SIZE: {
      type: 'integer', minimum: 0, default: 64,
      description: 'Most tokenization tasks waiting for a worker thread; more answers 429 WORKER_QUEUE_FULL with Retry-After at once.',
    },
    MAX_ANALYZER_CHARS: {
      type: 'integer', minimum: 1, default: 200000,
      description: 'Most characters one word-analysis request (/tokenize with an analyzer, /vocab/build) may hold in all: analyzers run on the main thread at about 50k characters per second, so this bounds how long one request can hold up the others. More answers 413.',
    },
    MAX_CHUNKS: {
      type: 'integer', minimum: 1, default: 10000,
      description: 'Most chunks one POST /chunk request may produce in all (each is encoded on its own to count it exactly); more answers 413 TOO_MANY_CHUNKS.',
    },
    WORKER_MIN_CHARS: {
      type: 'integer', minimum: 0, default: 16384,
      description: 'Tokenize/encode/decode requests with at least this many input characters (or ids) run in a worker thread; smaller ones on the main thread, where they are faster (see docs/BENCHMARKS.md).',
    },
    DEFAULT_EMBEDDING_MODEL: { type: 'string', default: 'glove-100d', description: 'Embedding model used by /embed, /embed_all and /v1/embeddings when a request names none.' },
    MAX_BATCH_TOKENS: {
      type: 'integer', minimum: 1, default: 16384,
      description: 'Transformer models: most padded tokens (inputs x longest input) in one model call (TEI: max_batch_tokens).',
    },
    MAX_BATCH_REQUESTS: {
      type: 'integer', minimum: 1, default: 64,
      description: 'Transformer models: most inputs in one model call (TEI: max_batch_requests); 1 turns dynamic batching off.',
    },
    MAX_QUEUED_INPUTS: {
      type: 'integer', minimum: 1, default: 1024,
      description: 'Transformer models: most inputs waiting or running per model; a request that does not fit answers 429 MODEL_QUEUE_FULL at once.',
    },
    INFERENCE_CALL_TOKENS: {
      type: 'integer', minimum: 1, default: 256,
      description: 'Transformer models: most padded tokens (inputs x longest input) in one onnxruntime call; a larger batch runs as several calls. On CPU, bigger calls cost more per input (README: Embeddings, Threads and calls).',
    },
    INFERENCE_THREADS: {
      type: 'integer', minimum: 0, default: 1,
      description: 'Transformer models: onnxruntime threads per model call (intra-op), in the model\'s inference process; beyond the first, they spin-wait while the model is in use. 0 = onnxruntime\'s default (one per core). More pays for larger models (README: Embeddings, Threads and calls).',
    },
    ALLOW_REMOTE_MODELS: {
      type: 'boolean', default: false,
      description: 'Let transformers.js download files missing from a MODEL_DIR folder from the Hugging Face Hub (into CACHE_DIR/transformers). Off: local files only.',
    },
    API_KEYS: {
      type: 'string', default: '',
      description: 'Comma-separated API keys; when set, every route except /health, /metrics, /docs, /openapi.json and the playground page (/ and its files) needs `Authorization: Bearer <key>`. Empty = no auth.',
    },
    CORS_ORIGINS: {
      type: 'string', default: '',
      description: 'Comma-separated origins allowed by CORS (`*` = any); empty = no CORS headers (browsers on other origins are refused).',
    },
    RATE_LIMIT_MAX: {
      type: 'integer', minimum: 0, default: 0,
      description: 'Requests per client (API key, else IP) per RATE_LIMIT_WINDOW_MS; more answers 429 with Retry-After. 0 = off.',
    },
    RATE_LIMIT_WINDOW_MS: { type: 'integer', minimum: 1, default: 60000, description: 'Rate-limit window in milliseconds.' },
    MAX_CONCURRENT_REQUESTS: {
      type: 'integer', minimum: 0, default: 256,
      description: 'Most requests admitted at once (running or waiting for CPU); more answers 503 OVERLOADED with Retry-After at once. 0 = no bound.',
    },
    MAX_EVENT_LOOP_DELAY_MS: {
      type: 'integer', minimum: 0, default: 0,
      description: 'Answer 503 OVERLOADED while the mean event-loop delay (sampled each second, @fastify/under-pressure) is above this. 0 = off.',
    },
    HANDLER_TIMEOUT_MS: {
      type: 'integer', minimum: 0, default: 30000,
      description: 'Most milliseconds from routing to reply on routes that wait on workers or training (/train, /vocab/build, /chunk); later answers 503 TIMEOUT. Embedding routes apply it to the wait in a transformer model\'s batch queue. /tokenize, /encode, /decode and /count compute in place, bounded by the input limits, and have none. 0 = no limit.',
    },
    REQUEST_TIMEOUT_MS: {
      type: 'integer', minimum: 0, default: 60000,
      description: 'Most milliseconds to receive a whole request (slow clients are cut off with 408). 0 = no limit.',
    },
    KEEP_ALIVE_TIMEOUT_MS: {
      type: 'integer', minimum: 0, default: 72000,
      description: 'Idle keep-alive connection timeout; keep it above your load balancer\'s idle timeout.',
    },
    SHUTDOWN_DELAY_MS: {
      type: 'integer', minimum: 0, default: 0,
      description: 'On SIGTERM/SIGINT, keep serving this long with /health at 503 before closing the listener (lets load balancers stop routing here).',
    },
    SHUTDOWN_GRACE_MS: {
      type: 'integer', minimum: 1, default: 10000,
      description: 'Most milliseconds to finish in-flight requests after SIGTERM/SIGINT (after SHUTDOWN_DELAY_MS); then exit 1.',
    },
    JIEBA_USER_DICT: {
      type: 'string', default: '',
      description: 'Optional jieba user dictionary for the Chinese analyzers (one `word [frequency] [tag]` per line); empty = none.',
    },
    TRAIN_ENABLED: {
      type: 'boolean', default: false,
      description: 'Allow POST /train, which writes tokenizer folders into MODEL_DIR (off: 403 TRAINING_DISABLED). /train replaces only folders it wrote itself.',
    },
    TRAIN_TIMEOUT_MS: {
      type: 'integer', minimum: 1000, maximum: 3600000, default: 20000,
      description: 'POST /train: longest a training may run (in a child process, killed after this; keep it below HANDLER_TIMEOUT_MS); longer answers 422. Large corpora: npm run train.',
    },
    METRICS_ENABLED: { type: 'boolean', default: true, description: 'Serve Prometheus metrics at GET /metrics.' },
  },
} as const;

export interface Config {
  PORT: number;
  HOST: string;
  LOG_LEVEL: string;
  MODEL_DIR: string;
  CACHE_DIR: string;
  MODELS: string;
  DEFAULT_MODEL: string;
  MAX_BATCH_SIZE: number;
  MAX_INPUT_CHARS: number;
  BODY_LIMIT: number;
  VALIDATE_RESPONSES: boolean;
  TOKENIZATION_WORKERS: number;
  WORKER_QUEUE_SIZE: number;
  MAX_ANALYZER_CHARS: number;
  WORKER_MIN_CHARS: number;
  MAX_CHUNKS: number;
  JIEBA_USER_DICT: string;
  TRAIN_ENABLED: boolean;
  TRAIN_TIMEOUT_MS: number;
  DEFAULT_EMBEDDING_MODEL: string;
  MAX_BATCH_TOKENS: number;
  MAX_BATCH_REQUESTS: number;
  MAX_QUEUED_INPUTS: number;
  INFERENCE_CALL_TOKENS: number;
  INFERENCE_THREADS: number;
  ALLOW_REMOTE_MODELS: boolean;
  API_KEYS: string;
  CORS_ORIGINS: string;
  RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
  MAX_CONCURRENT_REQUESTS: number;
  MAX_EVENT_LOOP_DELAY_MS: number;
  HANDLER_TIMEOUT_MS: number;
  REQUEST_TIMEOUT_MS: number;
  KEEP_ALIVE_TIMEOUT_MS: number;
  SHUTDOWN_DELAY_MS: number;
  SHUTDOWN_GRACE_MS: number;
  METRICS_ENABLED: boolean;
}

/** Builds the config from env-like strings (coerced and validated); throws one message listing every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const known = Object.keys(configSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });
  const validate = ajv.compile(configSchema);
  if (!validate(raw)) {
    const why = validate.errors!.map((e) => {
      const key = e.instancePath.slice(1);
      return key ? `${key}=${JSON.stringify(env[key])} ${e.message}` : `${e.message}`;
    });
    throw new Error(`Invalid configuration: ${why.join('; ')}`);
  }
  return { ...(raw as unknown as Config), ...overrides };
}
