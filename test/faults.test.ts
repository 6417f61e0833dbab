import t from 'tap';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './support/server-process.js';
import { makeTestModel } from './support/make-test-model.js';
import { loadConfig } from '../src/config.js';

// Faults against real server processes on 127.0.0.1. (A worker thread dying: test/faults-worker.test.ts;
// a broken tokenizer.json at start: test/server.test.ts; SIGTERM with requests half-sent: test/shutdown.test.ts.)
const MODELS = 'bert-base-uncased,gpt-4o';
const large = 'Worker-sized input keeps a thread busy for a while. '.repeat(400); // > WORKER_MIN_CHARS (16,384)

interface Outcome { status?: number; error?: string }

/** One POST on a fresh connection (no keep-alive), so a refused connection means "never accepted". */
function post(port: number, path: string, body: unknown, id = ''): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': payload.length, connection: 'close', ...(id ? { 'x-request-id': id } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    });
    req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end(payload);
  });
}

t.test('clients that disconnect mid-request do not hurt the server', async (t) => {
  const server = await startServer({ MODELS, LOG_LEVEL: 'warn' });
  t.teardown(() => server.stop());
  const body = Buffer.from(JSON.stringify({ inputs: Array(32).fill(large), model: 'gpt-4o', return_offsets: true }));
  const head = `POST /encode HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
  const abort = (send: (s: ReturnType<typeof connect>) => void, afterMs: number) => new Promise<void>((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      send(socket);
      setTimeout(() => { socket.destroy(); resolve(); }, afterMs);
    });
    socket.on('error', () => resolve());
  });
  for (let round = 0; round < 5; round++) {
    await Promise.all([
      abort((s) => s.write('POST /tokenize HTTP/1.1\r\nhost: x\r\n'), 20), // inside the headers
      abort((s) => s.write(head + body.subarray(0, body.length >> 1).toString()), 50), // inside the body
      abort((s) => s.write(Buffer.concat([Buffer.from(head), body])), 30), // while the reply is computed (worker thread)
      abort((s) => s.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n'), 0), // before reading the reply
    ]);
  }
  const replies = await Promise.all([post(server.port, '/tokenize', { inputs: 'still serving' }), post(server.port, '/encode', { inputs: Array(32).fill(large), model: 'gpt-4o' })]);
  t.same(replies, [{ status: 200 }, { status: 200 }], 'small and worker-sized requests still succeed');
  t.equal(server.child.exitCode, null, 'the process is up');
  t.notMatch(server.logs.join('\n'), /unhandled error|"level":50|"level":60/, 'no error or fatal logs');
});

t.test('SIGTERM under sustained load: every request the server received gets its 200, then exit 0', async (t) => {
  const server = await startServer({ MODELS, LOG_LEVEL: 'debug', SHUTDOWN_DELAY_MS: '0' }); // "incoming request" lines are debug
  t.teardown(() => server.stop());
  const outcomes = new Map<string, Outcome>();
  // 12 clients, each sending one request after another (every third one worker-sized) until refused.
  const clients = Array.from({ length: 12 }, async (_, c) => {
    for (let i = 0; ; i++) {
      const id = `load-${c}-${i}`;
      const body = (c + i) % 3 === 0 ? { inputs: Array(8).fill(large), model: 'gpt-4o' } : { inputs: `request ${id}` };
      const outcome = await post(server.port, c % 2 ? '/tokenize' : '/encode', body, id);
      outcomes.set(id, outcome);
      if (outcome.error) return;
    }
  });
  while (outcomes.size < 24) await sleep(50);
  server.child.kill('SIGTERM');
  await Promise.all(clients);
  t.equal(await server.exited, 0, 'exit code 0');
  // What the server received is what it logged as an incoming request (request id from x-request-id).
  const received = server.logs.map((l) => JSON.parse(l) as { msg?: string; reqId?: string }).filter((l) => l.msg === 'incoming request' && l.reqId?.startsWith('load-')).map((l) => l.reqId!);
  const failed = received.filter((id) => outcomes.get(id)?.status !== 200).map((id) => ({ id, ...outcomes.get(id) }));
  t.ok(received.length >= 24, 'the server received the load');
  t.same(failed, [], `every received request was answered 200 (${received.length} received)`);
  t.same([...outcomes.values()].filter((o) => o.status !== undefined && o.status !== 200), [], 'no answer other than 200');
  // Connections the kernel queued but the server never read are refused or reset at close: not in flight.
  const notReceived = [...outcomes].filter(([id]) => !received.includes(id)).map(([, o]) => o.error);
  t.ok(notReceived.every((e) => e === 'ECONNREFUSED' || e === 'ECONNRESET'), `the others were never received: ${JSON.stringify(notReceived)}`);
});

t.test('a corrupt ONNX model folder stops start-up: message names the folder, exit non-zero', async (t) => {
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-faults-'));
  t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
  const cacheDir = loadConfig().CACHE_DIR;
  makeTestModel(join(modelDir, 'good'), cacheDir);
  cpSync(join(modelDir, 'good'), join(modelDir, 'bad-onnx'), { recursive: true });
  writeFileSync(join(modelDir, 'bad-onnx', 'onnx', 'model.onnx'), Buffer.from('this is not a protobuf'));
  mkdirSync(join(modelDir, 'empty'));
  for (const [name, reason] of [['bad-onnx', /onnx|protobuf|model/i], ['empty', /tokenizer\.json|no model|empty|not found/i]] as const) {
    const err = await startServer({ MODEL_DIR: modelDir, MODELS: `bert-base-uncased,${name}`, LOG_LEVEL: 'info' }).then(() => null, (e: Error) => e);
    t.ok(err, `${name}: the server does not become ready`);
    t.match(err?.message, /server exited \(1\)/, `${name}: exit code 1`);
    t.match(err?.message, join(modelDir, name), `${name}: the message names the folder`);
    t.match(err?.message, reason, `${name}: and the reason`);
  }
});
