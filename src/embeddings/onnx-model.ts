import type { BatchItem } from './batcher.js';

/** The part of a transformers.js model this service uses. */
interface TransformersModel {
  config: { model_type?: string; max_position_embeddings?: number; pad_token_id?: number };
  (inputs: Record<string, unknown>): Promise<Record<string, { data: Float32Array; dims: number[] } | undefined>>;
  session: unknown;
  dispose(): Promise<unknown>;
}

/** An ONNX encoder loaded by transformers.js, run on right-padded batches. */
export interface OnnxModel {
  modelType: string;
  file: string;
  maxPositions: number | null;
  /** One (ids.length × hidden) float array per item. */
  forward(items: BatchItem[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface OnnxLoadOptions {
  /** ALLOW_REMOTE_MODELS: let transformers.js download missing files. */
  allowRemote: boolean;
  /** Where transformers.js caches downloads. */
  cacheDir: string;
  /** onnxruntime intra-op threads; 0 = its default. */
  threads: number;
  /** Most padded tokens in one onnxruntime call (INFERENCE_CALL_TOKENS). */
  callTokens: number;
}

// transformers.js keeps its settings in one global `env`: loads are serialized so each sees its own.
let loading: Promise<unknown> = Promise.resolve();

/**
 * Loads `<parent>/<name>/onnx/model.onnx` (or model_quantized.onnx) through transformers.js' AutoModel.
 * The library is imported here, lazily, so a service without transformer models starts without it.
 * Remote downloads stay off unless `allowRemote` (ALLOW_REMOTE_MODELS).
 */
export function loadOnnxModel(parent: string, name: string, options: OnnxLoadOptions): Promise<OnnxModel> {
  const next = loading.then(() => load(parent, name, options));
  loading = next.catch(() => undefined);
  return next;
}

async function load(parent: string, name: string, { allowRemote, cacheDir, threads, callTokens }: OnnxLoadOptions): Promise<OnnxModel> {
  const { AutoModel, Tensor, env } = await import('@xenova/transformers');
  const { InferenceSession } = (await import('onnxruntime-node')).default;
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemote;
  env.localModelPath = `${parent}/`;
  env.cacheDir = cacheDir;
  const quantized = !existsSync(`${parent}/${name}/onnx/model.onnx`) && existsSync(`${parent}/${name}/onnx/model_quantized.onnx`);
  const file = quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  const fileOptions = { quantized, local_files_only: !allowRemote };
  const model = (await AutoModel.from_pretrained(name, fileOptions)) as unknown as TransformersModel;
  if (threads > 0) {
    // transformers.js 2.17 creates its session from a buffer, and onnxruntime-node 1.14 ignores the
    // session options of a buffer: its default pool has a thread per extra core, which spin-waits while
    // the model is in use (measured: a second core as busy as the event loop). It is replaced by one created
    // from the file's path, which honours the options. The file is local, or in transformers.js' cache
    // when it was downloaded. The old session is freed when collected (its dispose() is a no-op).
    const path = [join(parent, name, file), join(cacheDir, name, file)].find((p) => existsSync(p));
    if (!path) throw new Error(`model ${name}: ${file} not found after loading`);
    model.session = await InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  }
  const padId = model.config.pad_token_id ?? 0;

  async function runPadded(items: BatchItem[]): Promise<Float32Array[]> {
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
    const out = await model({ input_ids: new Tensor('int64', ids, dims), attention_mask: new Tensor('int64', mask, dims), token_type_ids: new Tensor('int64', types, dims) });
    const hidden = out.last_hidden_state ?? out.token_embeddings;
    if (!hidden || hidden.dims.length !== 3) throw new Error(`model ${name} returned no last_hidden_state [batch, tokens, hidden]`);
    const width = hidden.dims[2];
    return items.map((it, b) => hidden.data.slice(b * seq * width, (b * seq + it.ids.length) * width));
  }

  /**
   * Runs a batch as padded calls of similar lengths: items are sorted by length and a new call starts
   * where padding would waste more than a quarter of the work (CPU inference pays for padding) or the
   * call would exceed `callTokens` padded tokens (on CPU a bigger call costs more per input: its
   * activations outgrow the caches).
   */
  async function forward(items: BatchItem[]): Promise<Float32Array[]> {
    const order = items.map((_, i) => i).sort((a, b) => items[a].ids.length - items[b].ids.length);
    const out = new Array<Float32Array>(items.length);
    let group: number[] = [];
    let tokens = 0;
    const flush = async () => {
      const vectors = await runPadded(group.map((i) => items[i]));
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

  return {
    modelType: model.config.model_type ?? 'unknown',
    file,
    maxPositions: typeof model.config.max_position_embeddings === 'number' ? model.config.max_position_embeddings : null,
    forward,
    dispose: async () => void (await model.dispose()),
  };
}
