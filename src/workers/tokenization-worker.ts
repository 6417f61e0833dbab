/**
 * Worker thread entry (piscina): loads the service's tokenizers once, then runs tokenize / encode /
 * decode / count / chunk requests with the very same service functions as the main thread, and
 * serializes their answers.
 */
import { workerData } from 'node:worker_threads';
import { errors, isErrorCode } from '../errors.js';
import type { ServedModel } from '../models/types.js';
import { decode, encode, tokenize, type ModelLookup } from '../features/tokenization/tokenization.js';
import { SubwordTokenizer } from '../tokenizers/subword-tokenizer.js';
import { count } from '../features/tokenization/count.js';
import { chunk } from '../features/chunking/chunking.js';
import { compileSerializer } from '../serializers.js';
import { schemas } from '../schemas.js';
import { tokensIn } from '../metrics/extract.js';
import { answerSchemas, type ServiceTask, type WorkerData, type WorkerReply, type WorkerTask } from './protocol.js';

const data = workerData as WorkerData;
const config = { ...data.config, DEFAULT_MODEL: data.defaultModel };
const models = new Map<string, ServedModel>();
await Promise.all(data.models.map(async (m) => models.set(m.name, await SubwordTokenizer.load(m.name, m.dir, m.origin, { cacheDir: config.CACHE_DIR }))));

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

const shared = Object.fromEntries(schemas.map((s) => [s.$id, s]));
const serializers = new Map<string, (data: unknown) => string>();

/** The answer written as its route would write it (the same serializer, built from the same schema). */
function serialized(op: ServiceTask['op'], value: unknown): WorkerReply {
  const schema = answerSchemas[op];
  let serialize = serializers.get(schema);
  if (!serialize) serializers.set(schema, serialize = compileSerializer({ $ref: `${schema}#` }, shared));
  return { ok: true, value: { schema, json: serialize(value), tokens: tokensIn(value) } };
}

function answer(task: ServiceTask): unknown {
  switch (task.op) {
    case 'tokenize': return tokenize(lookup, config, task.body);
    case 'encode': return encode(lookup, config, task.body);
    case 'decode': return decode(lookup, config, task.body);
    case 'count': return count(lookup, config, task.body);
    case 'chunk': return chunk(lookup, config, task.body, null, task.maxChunks);
  }
}

export default function run(task: WorkerTask): WorkerReply {
  if (task.op === 'ping') return { ok: true, value: null };
  try {
    return serialized(task.op, answer(task));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' && isErrorCode(code) ? code : null, message: (err as Error).message };
  }
}
