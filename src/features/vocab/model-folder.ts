import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenizerConfig, type TrainOptions } from './trained-json.js';

/**
 * Writes a trained tokenizer as a model folder (tokenizer.json + tokenizer_config.json) under
 * `modelDir`. Written into a hidden temporary folder first and renamed, so a service starting meanwhile
 * never sees half a folder (MODEL_DIR folders starting with a dot are ignored).
 */
export async function writeModelFolder(modelDir: string, name: string, json: unknown, o: TrainOptions): Promise<string> {
  const dir = join(modelDir, name);
  const tmp = join(modelDir, `.${name}.${process.pid}.${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(join(tmp, 'tokenizer.json'), JSON.stringify(json, null, 2));
    await writeFile(join(tmp, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig(o), null, 2));
    if (existsSync(dir)) await rm(dir, { recursive: true });
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}
