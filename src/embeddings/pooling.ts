import type { Pooling, TokenVectors } from './types.js';

/**
 * Pools token vectors into one vector, like sentence-transformers and transformers.js' feature
 * extraction: `mean` averages the counted rows (all zeros when none is counted), `cls` takes row 0.
 */
export function pool(t: TokenVectors, dims: number, pooling: Exclude<Pooling, 'none'>): Float32Array {
  if (pooling === 'cls') return t.data.slice(0, dims);
  // Accumulate in float64 so the mean of a long input matches a reference to well within 1e-6.
  const sum = new Float64Array(dims);
  let n = 0;
  for (let row = 0; row < t.count; row++) {
    if (t.pooled && !t.pooled[row]) continue;
    n++;
    for (let d = 0; d < dims; d++) sum[d] += t.data[row * dims + d];
  }
  const out = new Float32Array(dims);
  if (n > 0) for (let d = 0; d < dims; d++) out[d] = sum[d] / n;
  return out;
}

/** The rows of `t` as separate vectors (pooling `none`). */
export function rows(t: TokenVectors, dims: number): Float32Array[] {
  return Array.from({ length: t.count }, (_, row) => t.data.slice(row * dims, (row + 1) * dims));
}

/**
 * Keeps the first `dimensions` values (Matryoshka-style, like OpenAI's `dimensions`), then L2-normalizes
 * when asked. A zero vector stays zero.
 */
export function finish(v: Float32Array, dimensions: number | undefined, normalize: boolean): Float32Array {
  const out = dimensions !== undefined && dimensions < v.length ? v.slice(0, dimensions) : v;
  if (!normalize) return out;
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm === 0) return out;
  // transformers.js divides by max(norm, eps); the eps only matters for near-zero vectors.
  return out.map((x) => x / norm);
}
