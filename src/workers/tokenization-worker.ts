/**
 * Worker thread entry (piscina): loads each of the service's tokenizers on first use, then runs tokenize / encode /
 * decode / count / chunk requests with the very same service functions as the main thread, and
 * serializes their answers.
 */
import { workerData } from 'node:worker_threads';
import { errors, isErrorCode } from '../errors.js';
import { LazyLoader, requestedModels } from '../models/lazy-load.js';
import type { CatalogEntry, ServedModel } from '../models/types.js';
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
// Each tokenizer loads on the first task that names it, as on the main thread (src/models/lazy-load.ts).
const entries = new Map<string, CatalogEntry>(data.models.map((m) => [m.name, {
  name: m.name, kind: 'tokenizer', origin: m.origin, dir: m.dir, load: () => SubwordTokenizer.load(m.name, m.dir, m.origin, { cacheDir: config.CACHE_DIR }),
}]));
const loader = new LazyLoader((entry, model) => models.set(entry.name, model));

async function ensureLoaded(body: unknown): Promise<void> {
  const names = requestedModels(body, null);
  for (const name of names.length ? names : [data.defaultModel]) {
    const entry = entries.get(name);
    if (entry && !models.has(name)) await loader.load(entry);
  }
}

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

export default async function run(task: WorkerTask): Promise<WorkerReply> {
  if (task.op === 'ping') {
    await Promise.all(data.models.filter((m) => m.preload).map((m) => loader.load(entries.get(m.name)!)));
    return { ok: true, value: null };
  }
  try {
    await ensureLoaded(task.body);
    return serialized(task.op, answer(task));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' && isErrorCode(code) ? code : null, message: (err as Error).message };
  }
}
