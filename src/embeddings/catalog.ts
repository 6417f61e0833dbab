import { join } from 'node:path';
import type { Config } from '../config.js';
import type { CatalogEntry } from '../models/types.js';
import { convertGlove, GLOVE_PACKAGE, isGloveCacheCurrent } from './glove-cache.js';
import { GloveModel } from './glove-model.js';
import { TransformerModel } from './transformer-model.js';

/** Where the binary cache of glove-100d lives (written by npm run prepare). */
export function gloveDir(config: Config): string {
  return join(config.CACHE_DIR, 'models', 'glove-100d');
}

/** Embedding models shipped through npm (so `npm ci` brings them). */
export function shippedEmbeddingEntries(config: Config): CatalogEntry[] {
  const dir = gloveDir(config);
  return [{
    name: 'glove-100d', kind: 'embedding', origin: `npm:${GLOVE_PACKAGE}, converted at build time (npm run prepare) into ${dir}`,
    load: async () => {
      // Normally done by npm run prepare; converting here (about 5 s) keeps a fresh CACHE_DIR working.
      if (!isGloveCacheCurrent(dir)) convertGlove(dir);
      return GloveModel.load('glove-100d', dir, `npm:${GLOVE_PACKAGE}`);
    },
  }];
}

/** A MODEL_DIR folder holding onnx/: a transformer embedding model (see transformer-model.ts). */
export function transformerEntry(name: string, dir: string, config: Config): CatalogEntry {
  const origin = `folder ${dir}`;
  return { name, kind: 'embedding', origin, load: () => TransformerModel.load(name, dir, origin, config) };
}
