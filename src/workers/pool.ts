import { Piscina } from 'piscina';
import type { Config } from '../config.js';
import { errors, isErrorCode } from '../errors.js';
import { Serialized } from '../serializers.js';
import type { ServiceTask, WorkerData, WorkerModel, WorkerReply } from './protocol.js';

// Run from source (tsx, tests) the worker needs a TypeScript loader (source-worker.mjs); built, it is
// worker-entry.js. Both install the module hooks of no-onnxruntime.ts first.
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './source-worker.mjs' : './worker-entry.js', import.meta.url);

/** Young-generation size of each worker thread, in MB (see the constructor). */
const WORKER_YOUNG_GENERATION_MB = 64;

// piscina's rejections when no thread is free and the queue is full (or there is none: WORKER_QUEUE_SIZE=0).
const QUEUE_FULL = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);

/**
 * Worker threads for CPU-heavy tokenization (large batches, long texts): TOKENIZATION_WORKERS threads
 * that each load the tokenizers, and a queue bounded by WORKER_QUEUE_SIZE. `started` resolves once
 * every thread has loaded them (src/workers/dispatch.ts uses the pool only then).
 */
export class TokenizationPool {
  private readonly piscina: Piscina;
  private closing = false;
  readonly started: Promise<void>;

  constructor(config: Config, models: WorkerModel[]) {
    const workerData: WorkerData = {
      config, models, defaultModel: models.some((m) => m.name === config.DEFAULT_MODEL) ? config.DEFAULT_MODEL : models[0].name,
    };
    this.piscina = new Piscina({
      filename: workerFile.href,
      minThreads: config.TOKENIZATION_WORKERS,
      maxThreads: config.TOKENIZATION_WORKERS,
      maxQueue: config.WORKER_QUEUE_SIZE,
      idleTimeout: 2 ** 31 - 1, // keep the threads: starting one means loading every tokenizer again
      workerData,
      // V8's default young generation (48 MB) fills every few large tasks, and what is still in flight
      // gets promoted, so the old generation (holding the vocabularies) is marked again and again
      // (GC-thread CPU per task, docs/MEASUREMENTS.md).
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    // A thread that dies (e.g. cannot load a model) must not take the process down: the task fails instead.
    this.piscina.on('error', () => {});
    // One ping per thread: resolves once the threads have loaded their models.
    this.started = Promise.all(Array.from({ length: config.TOKENIZATION_WORKERS }, () => this.piscina.run({ op: 'ping' })))
      .then(() => undefined);
  }

  /** Tasks waiting for a free thread. */
  get queueSize(): number {
    return this.piscina.queueSize;
  }

  /** Runs a service call in a worker, which serializes the answer; WORKER_QUEUE_FULL (429) at once when the queue is full. */
  async run(task: ServiceTask): Promise<Serialized> {
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
    if (reply.ok) {
      if (!reply.value) throw new Error(`worker task ${task.op} returned no answer`);
      return new Serialized(reply.value.schema, reply.value.json, reply.value.tokens);
    }
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
