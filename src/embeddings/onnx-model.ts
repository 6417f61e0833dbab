import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchItem, Forward } from './batcher.js';
import type { Head } from './heads.js';
import type { InferenceInit, InferenceReply, InferenceRequest } from './inference-process.js';

/** An ONNX transformer: its batches run in an inference process of its own (inference-process.ts). */
export interface OnnxModel {
  modelType: string;
  file: string;
  maxPositions: number | null;
  /** One output per item, as its head reads it (inference-process.ts). */
  forward: Forward;
  /** Stops the inference process (a later call starts another). */
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
  /** How the model's output is read. */
  head: Head;
}

// transformers.js keeps its settings in one global `env`: loads are serialized so each sees its own.
let loading: Promise<unknown> = Promise.resolve();

/**
 * Loads `<parent>/<name>/onnx/model.onnx` (or model_quantized.onnx): transformers.js reads the folder's
 * config (and downloads missing files when `allowRemote`, ALLOW_REMOTE_MODELS), and the inference process
 * runs the model from the file. The library is imported here, lazily, so a service without transformer
 * models starts without it.
 */
export function loadOnnxModel(parent: string, name: string, options: OnnxLoadOptions): Promise<OnnxModel> {
  const next = loading.then(() => load(parent, name, options));
  loading = next.catch(() => undefined);
  return next;
}

async function load(parent: string, name: string, { allowRemote, cacheDir, threads, callTokens, head }: OnnxLoadOptions): Promise<OnnxModel> {
  const { AutoConfig, env } = await import('@xenova/transformers');
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemote;
  env.localModelPath = `${parent}/`;
  env.cacheDir = cacheDir;
  const quantized = !existsSync(`${parent}/${name}/onnx/model.onnx`) && existsSync(`${parent}/${name}/onnx/model_quantized.onnx`);
  const file = quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  const options = { quantized, local_files_only: !allowRemote };
  const config = (await AutoConfig.from_pretrained(name, options)) as { model_type?: string; max_position_embeddings?: number; pad_token_id?: number };
  // The model file is local, or in transformers.js' cache once downloaded. Only the inference process
  // loads it (its first call, at start, checks that it does).
  const where = () => [join(parent, name, file), join(cacheDir, name, file)].find((p) => existsSync(p));
  if (!where() && allowRemote) await (await import('@xenova/transformers/src/utils/hub.js')).getModelFile(name, file, true, options);
  const path = where();
  if (!path) throw new Error(`model ${name}: ${file} not found`);
  const inference = inferenceProcess(name, { path, threads, padId: config.pad_token_id ?? 0, callTokens, head });
  return {
    modelType: config.model_type ?? 'unknown',
    file,
    maxPositions: typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : null,
    forward: inference.forward,
    dispose: async () => inference.stop(),
  };
}

// Run from TypeScript source (tests, `npm run dev`) the process needs tsx; built, plain node. Neither
// inherits the service's own node options (--inspect, --cpu-prof …).
const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(fromSource ? './inference-process.ts' : './inference-process.js', import.meta.url);
const execArgv = fromSource ? ['--import', 'tsx'] : [];

/**
 * The model's inference process, started on the first call and again on the first call after it
 * ended: when it fails, the batch it was running fails (500) and the next one gets a new process. Its
 * IPC channel holds the event loop only while a call is pending, so an unused model does not keep a
 * script alive.
 */
function inferenceProcess(name: string, init: InferenceInit): { forward: Forward; stop(): void } {
  let current: { child: ChildProcess; send(items: BatchItem[]): Promise<Float32Array[]> } | null = null;

  function start(): NonNullable<typeof current> {
    const child = fork(entry, [JSON.stringify(init)], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const pending = new Map<number, { resolve(v: Float32Array[]): void; reject(e: Error): void }>();
    let nextId = 0;
    const settle = (id: number) => {
      const p = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) child.channel?.unref();
      return p;
    };
    const failAll = (err: Error) => {
      for (const id of [...pending.keys()]) settle(id)!.reject(err);
    };
    child.unref();
    child.channel?.unref();
    child.on('message', (reply: InferenceReply) => {
      const p = settle(reply.id);
      if ('error' in reply) p?.reject(new Error(`model ${name}: ${reply.error}`));
      else p?.resolve(reply.vectors);
    });
    const ended = (why: string) => {
      if (current?.child === child) current = null;
      child.kill(); // if it is not gone already
      failAll(new Error(`model ${name}: the inference process ${why}`));
    };
    child.on('error', (err) => ended(`failed: ${err.message}`));
    // Its channel closing is the sign it has ended (or is ending): unlike 'exit', that event comes while
    // the event loop is held only by the pending calls it fails.
    child.on('disconnect', () => ended('ended'));
    const send = (items: BatchItem[]) => new Promise<Float32Array[]>((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) child.channel?.ref();
      pending.set(id, { resolve, reject });
      const request: InferenceRequest = { id, items };
      child.send(request, (err) => { if (err) settle(id)?.reject(err); });
    });
    return { child, send };
  }

  return {
    forward: (items) => (current ??= start()).send(items),
    stop: () => {
      current?.child.kill();
      current = null;
    },
  };
}
