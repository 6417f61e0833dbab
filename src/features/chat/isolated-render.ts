import { Worker } from 'node:worker_threads';
import { errors } from '../../errors.js';
import { TemplateError, TemplateLimitError } from '../../tokenizers/chat-template.js';
import type { RenderJob, RenderReply } from './template-worker.js';

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './template-worker-source.mjs' : './template-worker.js', import.meta.url);

/** Heap of the template worker, in MB: far above what a conversation's text needs, far below the service's. */
const WORKER_HEAP_MB = 256;
/** Jobs that may wait for the worker: each may take its whole time limit, so a longer queue only means later answers. */
const MAX_WAITING = 8;

interface Pending {
  job: RenderJob;
  resolve(text: string): void;
  reject(err: Error): void;
}

/**
 * Renders request-supplied templates in one worker thread, one job at a time: a job that passes its
 * time limit terminates the worker (a new one serves the next job), and one that runs out of the
 * worker's heap ends it the same way. Either is a TemplateLimitError; the service's own thread never
 * runs a client's template. At most MAX_WAITING jobs wait (CHAT_TEMPLATE_BUSY beyond).
 */
class IsolatedRenderer {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly queue: Pending[] = [];
  private busy = false;

  render(job: RenderJob): Promise<string> {
    if (this.queue.length >= MAX_WAITING) return Promise.reject(new errors.CHAT_TEMPLATE_BUSY(this.queue.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      void this.next();
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise((resolve, reject) => {
      const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      worker.unref();
      worker.once('message', () => resolve(worker));
      worker.once('error', reject);
      this.worker = worker;
    });
    return this.ready;
  }

  private stop(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  private async next(): Promise<void> {
    if (this.busy) return;
    const item = this.queue.shift();
    if (!item) return;
    this.busy = true;
    try {
      item.resolve(await this.run(item.job));
    } catch (err) {
      item.reject(err as Error);
    } finally {
      this.busy = false;
      void this.next();
    }
  }

  private async run(job: RenderJob): Promise<string> {
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (err) {
      this.stop();
      throw new Error(`the template worker did not start: ${(err as Error).message}`, { cause: err });
    }
    const reply = await new Promise<RenderReply>((resolve) => {
      const done = (r: RenderReply) => {
        clearTimeout(timer);
        worker.off('message', done);
        worker.off('error', failed);
        worker.off('exit', failed);
        resolve(r);
      };
      const failed = () => {
        this.stop();
        done({ ok: false, kind: 'limit', message: `rendering ran out of the template worker's ${WORKER_HEAP_MB} MB` });
      };
      const timer = setTimeout(() => {
        this.stop();
        done({ ok: false, kind: 'limit', message: `the template ran longer than ${job.limits.maxMs} ms` });
      }, 2 * job.limits.maxMs); // the worker checks maxMs itself; this is the backstop
      worker.on('message', done);
      worker.once('error', failed);
      worker.once('exit', failed);
      worker.postMessage(job);
    });
    if (reply.ok) return reply.text;
    throw reply.kind === 'limit' ? new TemplateLimitError(reply.message) : new TemplateError(reply.message);
  }
}

let renderer: IsolatedRenderer | null = null;

/** Renders a client's template `source` off the main thread, within `limits` and the worker's heap. */
export function renderIsolated(source: string, context: Record<string, unknown>, limits: RenderJob['limits']): Promise<string> {
  renderer ??= new IsolatedRenderer();
  return renderer.render({ source, context, limits });
}
