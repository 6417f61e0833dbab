/**
 * Build-time preparation of the shipped models that need converting (run by `npm run prepare`, which
 * `npm ci` runs, and by the Dockerfile). Idempotent: re-running overwrites with identical output.
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { bertVariants, writeBert } from '../src/tokenizers/bert-base.js';
import { convertGlove, isGloveCacheCurrent, loadGloveTable } from '../src/embeddings/glove-cache.js';

const config = loadConfig();
for (const variant of bertVariants) {
  const started = performance.now();
  writeBert(variant, join(config.CACHE_DIR, 'models', variant.name));
  console.log(`prepared ${variant.name} in ${Math.round(performance.now() - started)} ms`);
}

// glove-100d: the package's 307 MB JSON → binary table (about 5 s, 1.1 GB peak); skipped when current.
const gloveDir = join(config.CACHE_DIR, 'models', 'glove-100d');
const gloveStarted = performance.now();
if (isGloveCacheCurrent(gloveDir)) {
  await loadGloveTable(gloveDir); // writes its word index (words.idx) when a cache from before it lacks one
  console.log('glove-100d is current');
} else {
  const meta = convertGlove(gloveDir);
  console.log(`prepared glove-100d (${meta.rows} words x ${meta.dims}) in ${Math.round(performance.now() - gloveStarted)} ms`);
}

// Shipped tokenizers: loading one through its catalog entry writes its prepared form into CACHE_DIR/tokenizers
// (tokenizer-cache.ts), so that the service starts without parsing tokenizer.json.
for (const entry of (await discoverCatalog(config)).filter((s) => s.kind === 'tokenizer' && !s.origin.startsWith('folder '))) {
  const tokenizerStarted = performance.now();
  await entry.load();
  console.log(`prepared tokenizer ${entry.name} in ${Math.round(performance.now() - tokenizerStarted)} ms`);
}
