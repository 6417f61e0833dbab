import type { TrainRequest, TrainResponse } from '../../generated/wire-types.js';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWellFormed } from '../../analyzers/requests.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import { folderEntry } from '../../models/catalog.js';
import { isTrainedFolder, NotTrainedFolderError, writeModelFolder } from './model-folder.js';
import { unknownToken, type Algorithm, type TrainOptions } from './trained-json.js';

const DEFAULT_SPECIALS: Record<Algorithm, string[]> = {
  wordpiece: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'],
  bpe: ['<|endoftext|>'],
  unigram: ['<pad>', '<unk>', '<s>', '</s>'],
};
const BYTE_ALPHABET = 256;

/** Checks and completes the options (shared with the CLI); INVALID_OPTION when they cannot work. */
export function trainOptions(algorithm: Algorithm, vocabSize: number, specials: string[] | undefined, lowercase: boolean | undefined): TrainOptions {
  const specialTokens = specials ?? DEFAULT_SPECIALS[algorithm];
  if (new Set(specialTokens).size !== specialTokens.length) throw new errors.INVALID_OPTION('special_tokens holds duplicates');
  if (algorithm !== 'bpe' && !unknownToken(specialTokens)) throw new errors.INVALID_OPTION(`${algorithm} needs an unknown token among special_tokens (e.g. [UNK] or <unk>)`);
  const floor = specialTokens.length + (algorithm === 'bpe' ? BYTE_ALPHABET : 1);
  if (vocabSize < floor) throw new errors.INVALID_OPTION(`vocab_size ${vocabSize} is below the ${floor} entries the special tokens${algorithm === 'bpe' ? ' and the 256 byte symbols' : ''} need`);
  return { algorithm, vocabSize, specialTokens, lowercase: lowercase ?? algorithm === 'wordpiece' };
}

let running = false;

/** MODEL_EXISTS for a folder /train did not write: `overwrite` never replaces it. */
function notTrained(name: string): Error {
  return new errors.MODEL_EXISTS(name, 'a folder in MODEL_DIR that /train did not write; overwrite replaces only folders /train wrote');
}

/** Runs the trainer in a child process; killed after `timeoutMs`. */
function trainInChild(files: string[], options: TrainOptions, timeoutMs: number): Promise<Record<string, unknown>> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const child = fork(fileURLToPath(new URL(`./train-child.${ext}`, import.meta.url)), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new errors.TRAINING_FAILED(`did not finish within ${timeoutMs} ms (TRAIN_TIMEOUT_MS); train large corpora with npm run train`));
    }, timeoutMs);
    child.once('message', (msg: { json?: Record<string, unknown>; error?: string }) => {
      clearTimeout(timer);
      if (msg.json) resolve(msg.json);
      else reject(new errors.TRAINING_FAILED(msg.error ?? 'no result'));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new errors.TRAINING_FAILED(`trainer exited (${signal ?? code})`));
    });
    child.send({ files, options });
  });
}

/**
 * POST /train (only with TRAIN_ENABLED): trains a tokenizer on the request's texts, writes it to
 * MODEL_DIR/<name> (marked as written by /train: the only folders it may replace) and serves it at once.
 * One training at a time; bounded by BODY_LIMIT and TRAIN_TIMEOUT_MS.
 */
export async function train(registry: ModelRegistry, config: Config, body: TrainRequest): Promise<TrainResponse> {
  if (!config.TRAIN_ENABLED) throw new errors.TRAINING_DISABLED();
  const options = trainOptions(body.algorithm, body.vocab_size, body.special_tokens, body.lowercase);
  checkWellFormed(body.texts);
  if (body.texts.every((t) => t.trim() === '')) throw new errors.EMPTY_INPUT('texts holds no text to train on');
  const dir = join(config.MODEL_DIR, body.name);
  if (existsSync(dir) && !body.overwrite) throw new errors.MODEL_EXISTS(body.name, 'a folder in MODEL_DIR; set overwrite to replace a folder /train wrote');
  if (existsSync(dir) && !isTrainedFolder(dir)) throw notTrained(body.name);
  if (!existsSync(dir) && registry.list().some((m) => m.name === body.name)) throw new errors.MODEL_EXISTS(body.name, 'a shipped model');
  if (running) throw new errors.TRAINING_BUSY();
  running = true;
  const work = await mkdtemp(join(tmpdir(), 'tokenserve-corpus-'));
  try {
    const started = performance.now();
    const corpus = join(work, 'corpus.txt');
    await writeFile(corpus, body.texts.join('\n'));
    const json = await trainInChild([corpus], options, config.TRAIN_TIMEOUT_MS);
    try {
      await writeModelFolder(config.MODEL_DIR, body.name, json, options, true);
    } catch (err) {
      if (err instanceof NotTrainedFolderError) throw notTrained(body.name);
      throw err;
    }
    await registry.add(folderEntry(body.name, config));
    const model = json.model as { vocab: object };
    return {
      name: body.name,
      algorithm: body.algorithm,
      vocab_size: Object.keys(model.vocab).length,
      special_tokens: options.specialTokens,
      training_ms: Math.round(performance.now() - started),
      loaded: true,
      message: `written to MODEL_DIR/${body.name} and served`,
    };
  } finally {
    running = false;
    await rm(work, { recursive: true, force: true });
  }
}
