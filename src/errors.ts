import type { ErrorResponse } from './generated/wire-types.js';
import createError from '@fastify/error';

/** TEI's error_type values, so TEI clients can read our errors. */
type TeiErrorType = 'Unhealthy' | 'Backend' | 'Overloaded' | 'Validation' | 'Tokenizer';

interface ErrorSpec {
  status: number;
  message: string;
  teiType: TeiErrorType;
  /** Shown in docs next to the code. */
  description: string;
}

/**
 * The one table of error codes: every error a client can see is here (a test checks that each code is
 * documented in the README and that each status is declared in the OpenAPI document).
 * `%s` in a message is filled from the arguments given when the error is thrown.
 */
export const errorTable = {
  VALIDATION_ERROR: { status: 400, message: '%s', teiType: 'Validation', description: 'The body, query or parameters do not match the schema.' },
  INVALID_JSON: { status: 400, message: 'Body is not valid JSON: %s', teiType: 'Validation', description: 'The request body could not be parsed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type: %s', teiType: 'Validation', description: 'Send application/json.' },
  UNKNOWN_MODEL: { status: 404, message: "Unknown model '%s'; see GET /info for the loaded models", teiType: 'Validation', description: 'The `model` names no loaded model.' },
  NO_MODEL_FOR_ROUTE: { status: 404, message: 'No %s model is loaded: %s needs one (see GET /info)', teiType: 'Validation', description: 'POST /rerank, /v1/rerank, /predict or /embed_sparse without `model`, and MODEL_DIR holds no model of the kind the route needs.' },
  WRONG_MODEL_KIND: { status: 422, message: "Model '%s' cannot do this: %s", teiType: 'Validation', description: 'The model exists but does not support this operation.' },
  EMPTY_INPUT: { status: 422, message: '%s', teiType: 'Validation', description: 'An empty batch, or an empty input where one is not allowed.' },
  INVALID_OPTION: { status: 422, message: '%s', teiType: 'Validation', description: 'Options that are valid alone but not together, or not for this model.' },
  ID_OUT_OF_VOCAB: { status: 422, message: "Token id %s is outside the vocabulary of '%s' (size %s)", teiType: 'Tokenizer', description: 'A decode id is not in the vocabulary.' },
  INVALID_TEXT: { status: 422, message: 'Input %s is not well-formed Unicode: %s', teiType: 'Validation', description: 'A text holds a lone UTF-16 surrogate (e.g. an unpaired \\ud800 escape).' },
  MODEL_EXISTS: { status: 409, message: "A model named '%s' already exists (%s)", teiType: 'Validation', description: 'POST /train: the name is taken; choose another, or set `overwrite` to replace a folder /train wrote itself (never any other).' },
  TRAINING_DISABLED: { status: 403, message: 'Training is disabled; start the service with TRAIN_ENABLED=true to allow POST /train', teiType: 'Validation', description: 'POST /train is off unless TRAIN_ENABLED=true (it writes into MODEL_DIR).' },
  TRAINING_BUSY: { status: 429, message: 'Another training is running; retry when it has finished', teiType: 'Overloaded', description: 'POST /train runs one training at a time.' },
  TRAINING_FAILED: { status: 422, message: 'Training failed: %s', teiType: 'Validation', description: 'The trainer rejected the corpus or options, or ran past TRAIN_TIMEOUT_MS.' },
  INPUT_TOO_MANY_TOKENS: { status: 413, message: "Input %s has %s tokens, over the limit of %s of model '%s'; send truncate: true to cut it", teiType: 'Validation', description: 'An embedding input is longer than the model accepts and `truncate` is not set (TEI semantics).' },
  MODEL_QUEUE_FULL: { status: 429, message: "Model '%s' is overloaded: %s inputs are queued (MAX_QUEUED_INPUTS); retry later", teiType: 'Overloaded', description: 'The batching queue of a transformer model is full.' },
  WORKER_QUEUE_FULL: { status: 429, message: 'Tokenization workers are busy: %s tasks are queued (WORKER_QUEUE_SIZE); retry later', teiType: 'Overloaded', description: 'Large tokenize/encode requests run in worker threads; their queue is full. See `Retry-After`.' },
  BATCH_TOO_LARGE: { status: 413, message: 'Batch of %s inputs exceeds the limit of %s (MAX_BATCH_SIZE)', teiType: 'Validation', description: 'Too many inputs in one request.' },
  INPUT_TOO_LONG: { status: 413, message: 'Input %s has %s characters, over the limit of %s (MAX_INPUT_CHARS)', teiType: 'Validation', description: 'One input text is too long.' },
  BODY_TOO_LARGE: { status: 413, message: 'Request body is larger than %s bytes (BODY_LIMIT)', teiType: 'Validation', description: 'The request body exceeds BODY_LIMIT.' },
  MALFORMED_REQUEST: { status: 400, message: 'Malformed HTTP request', teiType: 'Validation', description: 'The request is not valid HTTP (answered on the raw connection, which is then closed).' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received within REQUEST_TIMEOUT_MS', teiType: 'Validation', description: 'The client sent its request too slowly (REQUEST_TIMEOUT_MS); the connection is closed.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request line and headers exceed 16 KB', teiType: 'Validation', description: 'The URL or headers are too large (Node.js max header size); the connection is closed.' },
  ANALYSIS_TOO_LARGE: { status: 413, message: 'Word analysis of %s characters exceeds MAX_ANALYZER_CHARS (%s); send smaller requests', teiType: 'Validation', description: 'An analyzer request holds more characters in all than MAX_ANALYZER_CHARS.' },
  CHUNK_TOO_SMALL: { status: 422, message: 'Input %s: the character at offset %s alone needs %s tokens, more than max_tokens %s allows', teiType: 'Validation', description: 'POST /chunk: one character encodes to more tokens than `max_tokens` leaves room for (byte fallback, special tokens); raise `max_tokens`.' },
  TOO_MANY_CHUNKS: { status: 413, message: 'Chunking would give more than %s chunks (MAX_CHUNKS); raise max_tokens, lower overlap_tokens or send less text', teiType: 'Validation', description: 'POST /chunk: the request would produce more than MAX_CHUNKS chunks in all.' },
  NO_CHAT_TEMPLATE: { status: 422, message: '%s', teiType: 'Validation', description: 'The model has no chat template: send `chat_template` in the request, or put `chat_template.jinja` (or `chat_template` in tokenizer_config.json) in its MODEL_DIR folder. gpt-4o has none either, and the ids of its chat markers are not public: /count and /chat_tokenize follow OpenAI\'s documented count, /tokenize {messages} cannot give ids.' },
  CHAT_TEMPLATE_ERROR: { status: 422, message: 'Chat template: %s', teiType: 'Validation', description: 'The chat template rejected the conversation (its own `raise_exception` message), failed, could not be parsed, or `continue_final_message` found no final message in its output.' },
  CHAT_TEMPLATE_LIMIT: { status: 422, message: 'Chat template stopped: %s', teiType: 'Validation', description: 'Rendering the chat template ran past its bounds (steps, time, or characters built): a template that loops or explodes.' },
  CHAT_TEMPLATE_BUSY: { status: 429, message: 'Too many chat templates sent with requests are waiting to render (%s); retry later', teiType: 'Overloaded', description: 'Templates sent as `chat_template` render one at a time in their own worker thread, and at most a few may wait.' },
  NOT_FOUND: { status: 404, message: 'Route %s %s not found', teiType: 'Validation', description: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method %s not allowed', teiType: 'Validation', description: 'The route exists for another method.' },
  UNAUTHORIZED: { status: 401, message: '%s', teiType: 'Validation', description: 'API_KEYS is set and the request has no `Authorization: Bearer <key>` header or a wrong key.' },
  RATE_LIMITED: { status: 429, message: 'Rate limit of %s requests per %s exceeded; retry in %s', teiType: 'Overloaded', description: 'This client (API key or IP) sent more than RATE_LIMIT_MAX requests in the window; see `Retry-After`.' },
  OVERLOADED: { status: 503, message: 'Server is overloaded (%s); retry in %s s', teiType: 'Overloaded', description: 'More than MAX_CONCURRENT_REQUESTS requests in progress, or event-loop delay over MAX_EVENT_LOOP_DELAY_MS; see `Retry-After`.' },
  TIMEOUT: { status: 503, message: 'Request not answered within %s ms (HANDLER_TIMEOUT_MS)', teiType: 'Overloaded', description: 'The request took longer than HANDLER_TIMEOUT_MS.' },
  NOT_READY: { status: 503, message: 'Service is not ready: %s', teiType: 'Unhealthy', description: 'Models are still loading or the service is shutting down.' },
  INTERNAL_ERROR: { status: 500, message: 'Internal error', teiType: 'Backend', description: 'A bug: reported without details; the log has them.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorTable;

/** Error classes built with @fastify/error, one per code: `throw new errors.UNKNOWN_MODEL(name)`. */
export const errors = Object.fromEntries(
  Object.entries(errorTable).map(([code, spec]) => [code, createError(code, spec.message, spec.status)]),
) as { [K in ErrorCode]: ReturnType<typeof createError> };

/** The JSON body every native route answers an error with (schemas/ErrorResponse.json), its code narrowed to the table's. */
export type ErrorBody = ErrorResponse & { code: ErrorCode; error_type: TeiErrorType };

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorTable, code);
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { code, message, error: message, error_type: errorTable[code].teiType };
}
