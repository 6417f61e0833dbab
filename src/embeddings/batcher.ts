import type { BatchStats } from '../models/types.js';
import { errors } from '../errors.js';

/** One tokenized input waiting for the model. */
export interface BatchItem {
  ids: number[];
  typeIds: number[];
}

/** Runs the model on a batch: one token-vector array (ids.length × dims) per item, in order. */
export type Forward = (items: BatchItem[]) => Promise<Float32Array[]>;

export interface BatchLimits {
  /** Most padded tokens (items × longest item) in one model call (TEI's max_batch_tokens). */
  maxTokens: number;
  /** Most items in one model call (TEI's max_batch_requests). */
  maxItems: number;
  /** Most items waiting or running; more are refused with MODEL_QUEUE_FULL at once. */
  maxQueued: number;
  /** Longest wait in the queue (ms, HANDLER_TIMEOUT_MS); an item that waited longer fails with TIMEOUT. 0 = no limit. */
  maxWaitMs: number;
}

export interface ItemResult {
  vectors: Float32Array;
  queueMs: number;
  inferenceMs: number;
}

interface Entry {
  item: BatchItem;
  enqueued: number;
  resolve(r: ItemResult): void;
  reject(err: unknown): void;
}

/**
 * Dynamic batching, as TEI's router: each input is queued; while the model is busy the queue fills,
 * and the next model call takes as many queued inputs (first come, first served) as the token budget
 * and the batch size allow. Model calls never overlap, so a batch forms from whatever arrived during
 * the previous call (the model runs in its own process, so the event loop meanwhile takes requests in)
 * — no waiting timer, no added latency when idle.
 */
export class Batcher {
  private readonly queue: Entry[] = [];
  private inFlight = 0;
  private running = false;
  /** Since start: model calls, the inputs in them and the seconds they took (GET /metrics; tests see batching in it). */
  readonly stats: BatchStats = { batches: 0, inputs: 0, seconds: 0 };

  constructor(private readonly name: string, private readonly forward: Forward, private readonly limits: BatchLimits) {}

  /** Inputs waiting or running. */
  get depth(): number {
    return this.queue.length + this.inFlight;
  }

  /** Queues the items of one request; rejects all of them at once with MODEL_QUEUE_FULL when they do not fit. */
  submit(items: BatchItem[]): Promise<ItemResult[]> {
    if (this.queue.length + this.inFlight + items.length > this.limits.maxQueued) {
      return Promise.reject(new errors.MODEL_QUEUE_FULL(this.name, this.queue.length + this.inFlight));
    }
    const enqueued = performance.now();
    const results = items.map((item) => new Promise<ItemResult>((resolve, reject) => this.queue.push({ item, enqueued, resolve, reject })));
    if (!this.running) {
      this.running = true;
      // Start on the next turn of the event loop, so requests already received join the first batch.
      setImmediate(() => void this.drain());
    }
    return Promise.all(results);
  }

  private async drain(): Promise<void> {
    while (this.expire(), this.queue.length > 0) {
      const batch = this.take();
      this.inFlight = batch.length;
      const started = performance.now();
      try {
        const out = await this.forward(batch.map((e) => e.item));
        const inferenceMs = performance.now() - started;
        batch.forEach((e, i) => e.resolve({ vectors: out[i], queueMs: started - e.enqueued, inferenceMs }));
      } catch (err) {
        batch.forEach((e) => e.reject(err));
      }
      this.stats.batches++;
      this.stats.inputs += batch.length;
      this.stats.seconds += (performance.now() - started) / 1000;
      this.inFlight = 0;
    }
    this.running = false;
  }

  /**
   * Fails the items that waited longer than maxWaitMs (they are at the front: the queue is first come,
   * first served). This is the embedding routes' deadline: one check per model call instead of
   * Fastify's handler timeout, whose AbortController, timer and per-request DOMException cost a
   * measurable share of a batched /embed (docs/MEASUREMENTS.md).
   */
  private expire(): void {
    const { maxWaitMs } = this.limits;
    if (maxWaitMs === 0) return;
    const now = performance.now();
    while (this.queue.length > 0 && now - this.queue[0].enqueued > maxWaitMs) this.queue.shift()!.reject(new errors.TIMEOUT(maxWaitMs));
  }

  /** The longest queue prefix within the limits (at least one item, however long). */
  private take(): Entry[] {
    let longest = 0;
    let n = 0;
    while (n < this.queue.length && n < this.limits.maxItems) {
      const len = Math.max(longest, this.queue[n].item.ids.length);
      if (n > 0 && len * (n + 1) > this.limits.maxTokens) break;
      longest = len;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
