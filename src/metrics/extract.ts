import { Serialized } from '../serializers.js';

/**
 * What the metrics read from request and response bodies, by shape rather than by route, so new routes
 * following the wire conventions (`inputs`/`input`/`ids` in requests; `total_tokens`, `usage` or
 * x-compute-tokens in answers) are counted without touching this file.
 */

/** Inputs in a request: `inputs` / `input` (TEI, OpenAI) or `ids` (decode); null when there is none. */
export function batchSizeOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const inputs = b.inputs ?? b.input ?? b.ids;
  if (inputs === undefined) return null;
  if (!Array.isArray(inputs)) return 1;
  // `ids: [1, 2, 3]` and OpenAI's `input: [1, 2, 3]` are one sequence, not three inputs.
  return inputs.length > 0 && typeof inputs[0] === 'number' ? 1 : inputs.length;
}

/**
 * Tokens in a response: `total_tokens` (/encode and friends), OpenAI's `usage.total_tokens`, or TEI's
 * /tokenize shape (one token list per input); a worker counted those of the answers it serialized.
 */
export function tokensIn(payload: unknown): number {
  if (payload instanceof Serialized) return payload.tokens;
  if (Array.isArray(payload)) {
    let n = 0;
    for (const tokens of payload) {
      if (!Array.isArray(tokens)) return 0;
      if (tokens.length > 0 && (typeof tokens[0] !== 'object' || tokens[0] === null || !('id' in tokens[0]))) return 0;
      n += tokens.length;
    }
    return n;
  }
  if (typeof payload !== 'object' || payload === null) return 0;
  const p = payload as { total_tokens?: unknown; usage?: { total_tokens?: unknown } };
  const total = p.total_tokens ?? p.usage?.total_tokens;
  return typeof total === 'number' && Number.isFinite(total) && total > 0 ? total : 0;
}
