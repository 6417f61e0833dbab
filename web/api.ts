import type { ErrorResponse } from '../src/generated/wire-types.js';

const KEY_NAME = 'tokenserve-api-key';

/** The API key the user typed: kept in this tab's sessionStorage only, never in the URL or localStorage. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_NAME),
  set: (key: string): void => sessionStorage.setItem(KEY_NAME, key),
};

/** An error answer of the service: its status and documented code (README error table). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** One request to the service, as the page sends it and as the copied curl command repeats it. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** Sends a request to this page's own origin, with the API key when one is set. */
export async function call<T>(request: ApiRequest, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const key = apiKey.get();
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(request.path, { method: request.method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body), signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = body as Partial<ErrorResponse> | null;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** A shell command repeating the request (the key stays out of it: it reads $TOKENSERVE_API_KEY). */
export function curlCommand(request: ApiRequest): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const parts = ['curl -s', request.method === 'GET' ? '' : `-X ${request.method}`, quote(new URL(request.path, location.origin).href)];
  if (apiKey.get()) parts.push('-H "Authorization: Bearer $TOKENSERVE_API_KEY"');
  if (request.body !== undefined) parts.push("-H 'Content-Type: application/json'", `-d ${quote(JSON.stringify(request.body))}`);
  return parts.filter(Boolean).join(' ');
}
