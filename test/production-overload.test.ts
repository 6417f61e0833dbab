import t from 'tap';
import { httpRequest, startServer, type HttpResult } from './production-server.js';

// Real process, real HTTP on 127.0.0.1: more concurrent CPU-heavy requests than MAX_CONCURRENT_REQUESTS.
const CAPACITY = 2;
const CLIENTS = 24;
const server = await startServer({ MODELS: 'bert-base-uncased', MAX_CONCURRENT_REQUESTS: String(CAPACITY) });
t.teardown(() => { server.child.kill('SIGKILL'); });

// Large enough to keep the CPU busy with the fast tokenizer (~1.8 MB per request, under BODY_LIMIT).
const text = 'The quick brown fox jumps over the lazy dog; tokenization is CPU work. '.repeat(800);
const body = { inputs: Array(32).fill(text), model: 'bert-base-uncased' };

t.test('overload: the excess is answered 503 OVERLOADED with Retry-After at once; every other request succeeds', async (t) => {
  let finished = 0;
  const results = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const res: HttpResult = await httpRequest(server.port, 'POST', '/encode', body);
    return { ...res, order: finished++ };
  }));
  const ok = results.filter((r) => r.status === 200);
  const shed = results.filter((r) => r.status === 503);
  t.equal(ok.length + shed.length, CLIENTS, `only 200 and 503: ${results.map((r) => r.status).join(' ')}`);
  t.ok(shed.length > 0, `some requests were shed (${shed.length})`);
  t.ok(ok.length >= CAPACITY, `at least CAPACITY succeeded (${ok.length})`);
  for (const r of shed) {
    const b = JSON.parse(r.body);
    t.equal(b.code, 'OVERLOADED');
    t.equal(b.error_type, 'Overloaded');
    t.equal(r.headers['retry-after'], '1');
  }
  for (const r of ok) {
    const b = JSON.parse(r.body);
    t.equal(b.encodings.length, 32);
    t.equal(b.total_tokens, 32 * b.encodings[0].num_tokens);
  }
  // "At once": a shed request does not wait for the queue to drain; every one is answered before the
  // last successful one (ordering, not wall-clock).
  const lastOk = Math.max(...ok.map((r) => r.order));
  t.ok(shed.every((r) => r.order < lastOk), 'every 503 came before the last 200');
  const after = await httpRequest(server.port, 'POST', '/tokenize', { inputs: 'capacity is given back' });
  t.equal(after.status, 200);
});

t.test('the process is healthy afterwards and stops cleanly', async (t) => {
  t.equal((await httpRequest(server.port, 'GET', '/health')).status, 200);
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0);
});
