import t from 'tap';
import { request, type ClientRequest } from 'node:http';
import { httpRequest, startServer, type HttpResult } from './production-server.js';

// Real process, real HTTP on 127.0.0.1, real signals.
const MODELS = 'bert-base-uncased';
const text = 'Graceful shutdown finishes what it accepted. '.repeat(40);
const body = { inputs: Array(32).fill(text), model: MODELS };

/** A POST whose body is sent in two halves: the second only when `finish()` is called. */
function halfSent(port: number, path: string, payload: unknown) {
  const bytes = Buffer.from(JSON.stringify(payload));
  const half = Math.floor(bytes.length / 2);
  let req!: ClientRequest;
  const response = new Promise<HttpResult>((resolve, reject) => {
    req = request({
      host: '127.0.0.1', port, method: 'POST', path, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': bytes.length, connection: 'close' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
  });
  req.write(bytes.subarray(0, half));
  return { response, finish: () => req.end(bytes.subarray(half)) };
}

t.test('SIGTERM during a burst: every accepted request completes, then exit 0', async (t) => {
  const BURST = 12;
  const server = await startServer({ MODELS, SHUTDOWN_DELAY_MS: '0', LOG_LEVEL: 'debug' }); // "incoming request" lines are debug
  t.teardown(() => { server.child.kill('SIGKILL'); });
  const before = server.logs.length;
  // Every request of the burst is accepted (Fastify logged "incoming request") but still uploading its
  // body when the signal comes, so all of them are in flight at SIGTERM, by construction.
  const burst = Array.from({ length: BURST }, () => halfSent(server.port, '/encode', body));
  await server.waitForLog(() => server.logs.slice(before).filter((l) => l.msg === 'incoming request').length >= BURST);
  server.child.kill('SIGTERM');
  await server.waitForLog((l) => l.msg === 'draining');
  for (const r of burst) r.finish();
  const results: HttpResult[] = await Promise.all(burst.map((r) => r.response));
  t.same(results.map((r) => r.status), Array(BURST).fill(200), 'every accepted request succeeded');
  for (const r of results) t.equal(JSON.parse(r.body).encodings.length, 32);
  t.equal(await server.exited, 0, 'exit code 0');
  t.ok(server.logs.some((l) => l.msg === 'shut down'), 'closed models and finished');
  await t.rejects(httpRequest(server.port, 'GET', '/health'), 'no longer accepting connections');
});

t.test('SIGINT with SHUTDOWN_DELAY_MS: /health is 503 draining while requests are still served', async (t) => {
  const server = await startServer({ MODELS, SHUTDOWN_DELAY_MS: '4000' });
  t.teardown(() => { server.child.kill('SIGKILL'); });
  t.equal((await httpRequest(server.port, 'GET', '/health')).status, 200, 'ready before');
  server.child.kill('SIGINT');
  await server.waitForLog((l) => l.msg === 'draining');
  const health = await httpRequest(server.port, 'GET', '/health');
  t.equal(health.status, 503, 'readiness fails during the drain');
  t.equal(JSON.parse(health.body).code, 'NOT_READY');
  t.match(JSON.parse(health.body).message, /draining/);
  const work = await httpRequest(server.port, 'POST', '/tokenize', { inputs: 'still served' });
  t.equal(work.status, 200, 'requests are still served during the delay');
  t.equal(await server.exited, 0, 'exit code 0');
});
