import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenizerConfig, type TrainOptions } from './trained-json.js';

/** The file POST /train leaves in every folder it writes: the only folders it may replace. */
const TRAINED_MARKER = '.tokenserve-trained';

/** Whether `dir` was written by POST /train (it holds the marker file). */
export function isTrainedFolder(dir: string): boolean {
  return existsSync(join(dir, TRAINED_MARKER));
}

/**
 * Writes a trained tokenizer as a model folder (tokenizer.json + tokenizer_config.json) under
 * `modelDir`. Written into a hidden temporary folder first and renamed, so a service starting meanwhile
 * never sees half a folder (MODEL_DIR folders starting with a dot are ignored). With `mark` (POST /train),
 * the folder gets the marker file and an existing folder is replaced only if it has the marker too.
 */
export async function writeModelFolder(modelDir: string, name: string, json: unknown, o: TrainOptions, mark = false): Promise<string> {
  const dir = join(modelDir, name);
  const tmp = join(modelDir, `.${name}.${process.pid}.${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(join(tmp, 'tokenizer.json'), JSON.stringify(json, null, 2));
    await writeFile(join(tmp, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig(o), null, 2));
    if (mark) await writeFile(join(tmp, TRAINED_MARKER), 'Written by POST /train, which may replace this folder (it replaces no folder without this file).\n');
    if (existsSync(dir)) {
      if (mark && !isTrainedFolder(dir)) throw new NotTrainedFolderError(dir);
      await rm(dir, { recursive: true });
    }
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

/** An existing folder that POST /train did not write: it is never replaced. */
export class NotTrainedFolderError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} was not written by POST /train`);
  }
}
