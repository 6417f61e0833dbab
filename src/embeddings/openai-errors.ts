import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorTable, isErrorCode, type ErrorCode } from '../errors.js';

export interface OpenAIError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The body field each error code is about (OpenAI's `param`). */
const paramOf: Partial<Record<ErrorCode, string>> = {
  UNKNOWN_MODEL: 'model', WRONG_MODEL_KIND: 'model', EMPTY_INPUT: 'input', BATCH_TOO_LARGE: 'input', INPUT_TOO_LONG: 'input',
  INPUT_TOO_MANY_TOKENS: 'input', ID_OUT_OF_VOCAB: 'input',
};

function openAIType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** Maps any error of a /v1 route to a status and OpenAI's error body (same codes and statuses as the native routes). */
export function toOpenAIError(error: FastifyError): { status: number; body: OpenAIError } {
  let code: ErrorCode = 'INTERNAL_ERROR';
  let message: string = errorTable.INTERNAL_ERROR.message;
  let param: string | null = null;
  if (error.validation) {
    code = 'VALIDATION_ERROR';
    message = error.validation.map((e) => `${error.validationContext ?? 'body'}${e.instancePath} ${e.message}`).join('; ');
    param = error.validation[0]?.instancePath.split('/')[1] ?? null;
  } else if (isErrorCode(error.code)) {
    code = error.code;
    message = error.message;
    param = paramOf[code] ?? null;
  } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    code = 'UNSUPPORTED_MEDIA_TYPE';
    message = 'Send application/json';
  } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    code = 'BODY_TOO_LARGE';
    message = 'Request body is larger than BODY_LIMIT';
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // Body parsing (invalid or empty JSON) and other client errors.
    code = error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError ? 'INVALID_JSON' : 'VALIDATION_ERROR';
    message = error.message;
  }
  const status = errorTable[code].status;
  return { status, body: { error: { message, type: openAIType(status), param, code: code.toLowerCase() } } };
}

/**
 * Route error handler for /v1/*. The body is sent pre-serialized: it is checked against
 * OpenAIErrorResponse by the tests, not by the app-wide hook, which expects the native ErrorResponse.
 */
export function openAIErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = toOpenAIError(error);
  if (status >= 500) request.log.error({ err: error }, 'unhandled error');
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
