import t from 'tap';
import type { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTestApp } from './helper.js';

// A worker thread dying in the middle of a request. A thread cannot be killed from outside its process,
// so this runs the app in-process (real HTTP on 127.0.0.1) and terminates the pool's thread while it
// is encoding: that request fails with a documented 500 once, the pool replaces the thread, and the next
// worker-sized requests succeed with the same answer as before.
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o', TOKENIZATION_WORKERS: 1, WORKER_MIN_CHARS: 1000 });
await app.workers.start();
const url = await app.listen({ port: 0, host: '127.0.0.1' });

/** The piscina instance inside the pool (private: reached on purpose, to kill its thread). */
function piscina(): { threads: Worker[]; queueSize: number; run: (task: unknown) => Promise<unknown> } {
  const pool = app.workers.workers();
  if (!pool) throw new Error('the worker pool is not ready');
  return (pool as unknown as { piscina: ReturnType<typeof piscina> }).piscina;
}

const text = 'A thread that dies mid-task must fail only its own request. '.repeat(1_500); // ~90,000 chars
const body = { inputs: Array.from({ length: 8 }, (_, i) => text.slice(i * 100, i * 100 + 60_000)), model: 'gpt-4o', return_offsets: true };
const encode = () => fetch(`${url}/encode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('the thread dies mid-request: 500 once, then the pool recovers', async (t) => {
  const reference = await encode();
  t.equal(reference.status, 200, 'a worker-sized request works before');
  const expected = await reference.json();

  const p = piscina();
  const [thread] = p.threads;
  let dispatched!: () => void;
  const inWorker = new Promise<void>((resolve) => { dispatched = resolve; });
  const run = p.run.bind(p);
  p.run = (task) => { const r = run(task); dispatched(); return r; };
  const doomed = encode();
  await inWorker;
  while (p.queueSize > 0) await sleep(1); // handed to the thread, not waiting in the queue
  await thread.terminate();
  p.run = run;

  const failed = await doomed;
  t.equal(failed.status, 500, 'the request in the dying thread fails with 500');
  t.match(await failed.json(), { code: 'INTERNAL_ERROR', message: 'Internal error' }, 'with the documented error body, no details');

  const after = await Promise.all([encode(), encode(), encode()]);
  t.same(after.map((r) => r.status), [200, 200, 200], 'the next requests succeed');
  for (const r of after) t.same(await r.json(), expected, 'with the same answer as before');
  t.equal(piscina().threads.length, 1, 'the pool is back to TOKENIZATION_WORKERS threads');
  t.not(piscina().threads[0], thread, 'on a new thread');
  t.equal((await fetch(`${url}/health`)).status, 200, 'the service is healthy');
});

// Last: it closes the pool. At shutdown the server stops waiting for a request whose client has left,
// so its task may still be running when the threads stop.
t.test('the pool closes while a task runs: 503 NOT_READY, not an internal error', async (t) => {
  const pool = app.workers.workers();
  if (!pool) throw new Error('the worker pool is not ready');
  const running = pool.run({ op: 'encode', body: { ...body, inputs: body.inputs.slice(0, 1) } });
  const closed = app.workers.close();
  await t.rejects(running, { code: 'NOT_READY', statusCode: 503 });
  await closed;
});
