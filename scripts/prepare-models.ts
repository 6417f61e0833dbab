/**
 * Build-time preparation of the shipped models that need converting (run by `npm run prepare`, which
 * `npm ci` runs, and by the Dockerfile). Idempotent: re-running overwrites with identical output.
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { writeBertBaseUncased } from '../src/tokenizers/bert-base-uncased.js';

const config = loadConfig();
const started = performance.now();
writeBertBaseUncased(join(config.CACHE_DIR, 'models', 'bert-base-uncased'));
console.log(`prepared bert-base-uncased in ${Math.round(performance.now() - started)} ms`);
