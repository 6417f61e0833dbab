/**
 * The inference process of one transformer model, forked by onnx-model.ts: it holds the model's
 * onnxruntime session and runs the batches the service sends, so the service's event loop keeps
 * answering other requests while the model runs. A process rather than a worker thread, because
 * onnxruntime-node 1.14 corrupts the heap or aborts when a thread that loaded it ends while a call may
 * be running; a process can be stopped or can fail on its own. It logs nothing: it never sees more than ids.
 */
import ort from 'onnxruntime-node';
import type { BatchItem } from './batcher.js';
import { spladePool, type Head } from './heads.js';

/** What the process is started with (argv[2], JSON). */
export interface InferenceInit {
  /** The .onnx file. */
  path: string;
  /** onnxruntime intra-op threads; 0 = its default. */
  threads: number;
  padId: number;
  /** Most padded tokens in one onnxruntime call. */
  callTokens: number;
  /** How the model's output is read (heads.ts). */
  head: Head;
}

export interface InferenceRequest { id: number; items: BatchItem[] }
/** One output per item, in order (see `itemOutputs`); or why the batch failed. */
export type InferenceReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

/** Runs one padded call: the items right-padded to the longest. */
async function runPadded(session: ort.InferenceSession, items: BatchItem[], padId: number, head: Head): Promise<Float32Array[]> {
  const batch = items.length;
  const seq = Math.max(...items.map((it) => it.ids.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padId));
  const mask = new BigInt64Array(batch * seq);
  const types = new BigInt64Array(batch * seq);
  items.forEach((it, b) => it.ids.forEach((id, t) => {
    ids[b * seq + t] = BigInt(id);
    mask[b * seq + t] = 1n;
    types[b * seq + t] = BigInt(it.typeIds[t]);
  }));
  const dims = [batch, seq];
  const inputs: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, dims), attention_mask: new ort.Tensor('int64', mask, dims), token_type_ids: new ort.Tensor('int64', types, dims),
  };
  // Only the inputs the model declares, as transformers.js feeds an encoder (some have no token_type_ids).
  const feeds = Object.fromEntries(session.inputNames.map((name) => {
    if (!inputs[name]) throw new Error(`the model needs an input this service does not make: ${name}`);
    return [name, inputs[name]];
  }));
  return itemOutputs(await session.run(feeds), items, seq, head);
}

/**
 * Each item's share of the output, without its padding: `hidden` its (ids.length × hidden) token
 * vectors; `classifier` its row of logits; `splade` its vocabulary-sized SPLADE vector, pooled here so
 * the (tokens × vocabulary) logits never cross the process boundary.
 */
function itemOutputs(out: ort.InferenceSession.OnnxValueMapType, items: BatchItem[], seq: number, head: Head): Float32Array[] {
  if (head === 'classifier') {
    const logits = out.logits;
    if (!logits || logits.dims.length !== 2) throw new Error('the model returned no logits [batch, labels]');
    const labels = logits.dims[1];
    const data = logits.data as Float32Array;
    return items.map((_, b) => data.slice(b * labels, (b + 1) * labels));
  }
  const tensor = head === 'splade' ? out.logits : out.last_hidden_state ?? out.token_embeddings;
  if (!tensor || tensor.dims.length !== 3) throw new Error(`the model returned no ${head === 'splade' ? 'logits [batch, tokens, vocab]' : 'last_hidden_state [batch, tokens, hidden]'}`);
  const width = tensor.dims[2];
  const data = tensor.data as Float32Array;
  return items.map((it, b) => {
    const rows = data.subarray(b * seq * width, (b * seq + it.ids.length) * width);
    return head === 'splade' ? spladePool(rows, it.ids.length, width) : rows.slice();
  });
}

/**
 * Runs a batch as padded calls of similar lengths: items are sorted by length and a new call starts
 * where padding would waste more than a quarter of the work (CPU inference pays for padding) or the
 * call would exceed `callTokens` padded tokens (on CPU a bigger call costs more per input: its
 * activations outgrow the caches).
 */
async function forward(session: ort.InferenceSession, items: BatchItem[], { padId, callTokens, head }: InferenceInit): Promise<Float32Array[]> {
  const order = items.map((_, i) => i).sort((a, b) => items[a].ids.length - items[b].ids.length);
  const out = new Array<Float32Array>(items.length);
  let group: number[] = [];
  let tokens = 0;
  const flush = async () => {
    const vectors = await runPadded(session, group.map((i) => items[i]), padId, head);
    group.forEach((i, k) => { out[i] = vectors[k]; });
    group = [];
    tokens = 0;
  };
  for (const i of order) {
    const len = items[i].ids.length;
    const padded = len * (group.length + 1);
    if (group.length > 0 && (padded > 1.25 * (tokens + len) || padded > callTokens)) await flush();
    group.push(i);
    tokens += len;
  }
  await flush();
  return out;
}

const init = JSON.parse(process.argv[2]) as InferenceInit;
const options: ort.InferenceSession.SessionOptions = init.threads > 0 ? { intraOpNumThreads: init.threads, interOpNumThreads: 1, executionMode: 'sequential' } : {};
const session = ort.InferenceSession.create(init.path, options);
session.catch(() => undefined); // a failed load is answered to each request instead
const reply = (r: InferenceReply) => process.send!(r);
// One batch at a time, in the order sent.
let queue = Promise.resolve();
process.on('message', ({ id, items }: InferenceRequest) => {
  queue = queue.then(async () => {
    try {
      reply({ id, vectors: await forward(await session, items, init) });
    } catch (err) {
      reply({ id, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
// The service has gone (ended, crashed or killed): so does this process.
process.on('disconnect', () => process.exit(0));
