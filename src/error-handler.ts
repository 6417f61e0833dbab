import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, errorTable, isErrorCode, type ErrorCode } from './errors.js';

/** An error message from the table, with `%s` filled in order. */
export function errorMessage(code: ErrorCode, ...args: unknown[]): string {
  let i = 0;
  return errorTable[code].message.replace(/%s/g, () => String(args[i++]));
}

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  /** The request field the error is about, when known (OpenAI's `param`). */
  field: string | null;
}

/**
 * The one mapping from anything thrown while serving a request to a documented error code. Both error
 * shapes (the native body and OpenAI's on /v1) are built from it, so they always agree on codes and statuses.
 */
export function classifyError(error: FastifyError, request: FastifyRequest): ClassifiedError {
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    const message = error.validation.map((e) => `${where}${e.instancePath} ${e.message}`).join('; ');
    return { code: 'VALIDATION_ERROR', message, field: error.validation[0]?.instancePath.split('/')[1] || null };
  }
  if (isErrorCode(error.code)) return { code: error.code, message: error.message, field: null };
  const config = request.server.config;
  const known: Record<string, () => [ErrorCode, string]> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ['UNSUPPORTED_MEDIA_TYPE', errorMessage('UNSUPPORTED_MEDIA_TYPE', request.headers['content-type'] ?? 'none')],
    FST_ERR_CTP_BODY_TOO_LARGE: () => ['BODY_TOO_LARGE', errorMessage('BODY_TOO_LARGE', config.BODY_LIMIT)],
    FST_ERR_HANDLER_TIMEOUT: () => ['TIMEOUT', errorMessage('TIMEOUT', config.HANDLER_TIMEOUT_MS)],
    FST_ERR_CTP_EMPTY_JSON_BODY: () => ['INVALID_JSON', errorMessage('INVALID_JSON', 'empty body')],
    FST_ERR_CTP_INVALID_JSON_BODY: () => ['INVALID_JSON', errorMessage('INVALID_JSON', 'syntax error')],
  };
  const match = known[error.code]?.();
  if (match) return { code: match[0], message: match[1], field: null };
  if (error instanceof SyntaxError && error.statusCode === 400) return { code: 'INVALID_JSON', message: errorMessage('INVALID_JSON', 'syntax error'), field: null };
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'VALIDATION_ERROR', message: error.message, field: null };
  }
  request.log.error({ err: error }, 'unhandled error');
  return { code: 'INTERNAL_ERROR', message: errorTable.INTERNAL_ERROR.message, field: null };
}

/** Sets the status (and Retry-After on 429s: queue-full answers tell clients when to come back). */
export function errorStatus(reply: FastifyReply, code: ErrorCode): FastifyReply {
  const status = errorTable[code].status;
  if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
  return reply.code(status);
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return errorStatus(reply, code).send(errorBody(code, message));
}

/** The error handler of the native routes: the documented ErrorResponse body, never a stack trace. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { code, message } = classifyError(error, request);
  return sendError(reply, code, message);
}

/**
 * Errors Node.js raises before a request exists (malformed HTTP, headers over 16 KB, a request too slow
 * to arrive): answered on the raw socket with the documented body, then the connection is closed.
 */
export function handleClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE'
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST';
  const { status, message } = errorTable[code];
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      + `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
