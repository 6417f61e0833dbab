import type { OpenAIErrorResponse } from './generated/wire-types.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorTable, type ErrorCode } from './errors.js';
import { classifyError, errorStatus } from './error-handler.js';

type OpenAIError = OpenAIErrorResponse;

/** The body field each error code is about (OpenAI's `param`). */
const paramOf: Partial<Record<ErrorCode, string>> = {
  UNKNOWN_MODEL: 'model', WRONG_MODEL_KIND: 'model', NO_MODEL_FOR_ROUTE: 'model', EMPTY_INPUT: 'input', BATCH_TOO_LARGE: 'input', INPUT_TOO_LONG: 'input',
  INPUT_TOO_MANY_TOKENS: 'input', ID_OUT_OF_VOCAB: 'input',
};

function openAIType(status: number): OpenAIError['error']['type'] {
  if (status === 401) return 'authentication_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** Maps any error of a /v1 route to OpenAI's error body (same codes and statuses as the native routes). */
function toOpenAIError(error: FastifyError, request: FastifyRequest): { code: ErrorCode; body: OpenAIError } {
  const { code, message, field } = classifyError(error, request);
  const status = errorTable[code].status;
  return { code, body: { error: { message, type: openAIType(status), param: field ?? paramOf[code] ?? null, code: code.toLowerCase() } } };
}

/** Route error handler for /v1/*: OpenAI's error shape (validated against OpenAIErrorResponse like any reply). */
export function openAIErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { code, body } = toOpenAIError(error, request);
  return errorStatus(reply, code).send(body);
}
