/**
 * Worker thread entry (piscina): loads the service's tokenizers once, then runs tokenize / encode /
 * decode requests with the very same service functions as the main thread.
 */
import { workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { errors, isErrorCode } from '../errors.js';
import type { ServedModel } from '../models/types.js';
import { decode, encode, tokenize, type ModelLookup } from '../services/tokenization.js';
import { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import { count } from '../services/counting.js';
import { chunk } from '../services/chunking.js';
import type { WorkerData, WorkerReply, WorkerTask } from './protocol.js';

const data = workerData as WorkerData;
const config = loadConfig({}, { MAX_BATCH_SIZE: data.maxBatchSize, MAX_INPUT_CHARS: data.maxInputChars, DEFAULT_MODEL: data.defaultModel });
const models = new Map<string, ServedModel>();
await Promise.all(data.models.map(async (m) => models.set(m.name, await SubwordTokenizer.load(m.name, m.dir, m.origin, { cacheDir: data.cacheDir }))));

const lookup: ModelLookup = {
  get(name) {
    const model = models.get(name ?? data.defaultModel);
    if (!model) throw new errors.UNKNOWN_MODEL(name ?? data.defaultModel);
    return model;
  },
  getKind<T extends ServedModel>(name: string | undefined): T {
    return this.get(name) as T;
  },
};

export default function run(task: WorkerTask): WorkerReply {
  try {
    switch (task.op) {
      case 'ping': return { ok: true, value: models.size };
      case 'tokenize': return { ok: true, value: tokenize(lookup, config, task.body) };
      case 'encode': return { ok: true, value: encode(lookup, config, task.body) };
      case 'decode': return { ok: true, value: decode(lookup, config, task.body) };
      case 'count': return { ok: true, value: count(lookup, config, task.body) };
      case 'chunk': return { ok: true, value: chunk(lookup, config, task.body, null, task.maxChunks) };
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' && isErrorCode(code) ? code : null, message: (err as Error).message };
  }
}
