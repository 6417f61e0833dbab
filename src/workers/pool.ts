import { Piscina } from 'piscina';
import type { Config } from '../config.js';
import { errors, isErrorCode } from '../errors.js';
import type { WorkerData, WorkerModel, WorkerReply, WorkerTask } from './protocol.js';

// Run from source (tsx, tests) the worker needs a TypeScript loader (source-worker.mjs); built, it is
// worker-entry.js. Both install the module hooks of no-onnxruntime.ts first.
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './source-worker.mjs' : './worker-entry.js', import.meta.url);

// piscina's rejections when no thread is free and the queue is full (or there is none: WORKER_QUEUE_SIZE=0).
const QUEUE_FULL = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);

/**
 * Worker threads for CPU-heavy tokenization (large batches, long texts): TOKENIZATION_WORKERS threads
 * that each load the tokenizers, and a queue bounded by WORKER_QUEUE_SIZE. Until the workers have
 * loaded, `ready` is false and callers run requests on the main thread.
 */
export class TokenizationPool {
  private readonly piscina: Piscina;
  private closing = false;
  ready = false;
  readonly started: Promise<void>;

  constructor(config: Config, models: WorkerModel[]) {
    const workerData: WorkerData = {
      models, defaultModel: models.some((m) => m.name === config.DEFAULT_MODEL) ? config.DEFAULT_MODEL : models[0].name,
      maxBatchSize: config.MAX_BATCH_SIZE, maxInputChars: config.MAX_INPUT_CHARS, cacheDir: config.CACHE_DIR,
    };
    this.piscina = new Piscina({
      filename: workerFile.href,
      minThreads: config.TOKENIZATION_WORKERS,
      maxThreads: config.TOKENIZATION_WORKERS,
      maxQueue: config.WORKER_QUEUE_SIZE,
      idleTimeout: 2 ** 31 - 1, // keep the threads: starting one means loading every tokenizer again
      workerData,
    });
    // A thread that dies (e.g. cannot load a model) must not take the process down: the task fails instead.
    this.piscina.on('error', () => { this.ready = false; });
    // One ping per thread: resolves once the threads have loaded their models.
    this.started = Promise.all(Array.from({ length: config.TOKENIZATION_WORKERS }, () => this.piscina.run({ op: 'ping' })))
      .then(() => { this.ready = true; });
  }

  /** Tasks waiting for a free thread. */
  get queueSize(): number {
    return this.piscina.queueSize;
  }

  /** Runs a service call in a worker; WORKER_QUEUE_FULL (429) at once when the queue is full. */
  async run<T>(task: WorkerTask): Promise<T> {
    let reply: WorkerReply;
    try {
      reply = await this.piscina.run(task) as WorkerReply;
    } catch (err) {
      if (QUEUE_FULL.has((err as Error).message)) throw new errors.WORKER_QUEUE_FULL(this.piscina.queueSize);
      // Shutdown: a request still running (e.g. its client left, so the server did not wait for it)
      // is refused like any request after close, not reported as an internal error.
      if (this.closing) throw new errors.NOT_READY('the service is shutting down');
      throw err;
    }
    if (reply.ok) return reply.value as T;
    if (reply.code && isErrorCode(reply.code)) {
      const error = new errors[reply.code]();
      error.message = reply.message;
      throw error;
    }
    throw new Error(reply.message);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.piscina.destroy();
  }
}
