import t from 'tap';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';

// Real processes and real HTTP on 127.0.0.1: the server entry point exactly as `npm start` runs it (from source via tsx).
const bertDir = join(loadConfig().CACHE_DIR, 'models', 'bert-base-uncased');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && output.includes('ready')) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}`), { code, output })));
  });
  return { child, ready, output: () => output };
}

t.test('a tokenizer folder dropped into MODEL_DIR is served under its folder name', async (t) => {
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-models-'));
  cpSync(bertDir, join(modelDir, 'my-bert'), { recursive: true });
  const server = start({ MODEL_DIR: modelDir, MODELS: 'my-bert', DEFAULT_MODEL: 'my-bert' });
  t.teardown(() => server.child.kill('SIGTERM'));
  const url = await server.ready;
  const health = await fetch(`${url}/health`);
  t.equal(health.status, 200);
  const res = await fetch(`${url}/tokenize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: 'hello strawberries' }) });
  t.same((await res.json())[0].map((x: { id: number }) => x.id), [101, 7592, 13137, 20968, 102]);
  const id = res.headers.get('x-request-id');
  const info = await (await fetch(`${url}/info`)).json();
  t.same(info.models.map((m: { name: string; source: string }) => [m.name, m.source]), [['my-bert', `folder ${join(modelDir, 'my-bert')}`]]);
  // The completion line is written after the answer, so it may reach this process's pipe a little later.
  const summaryLine = () => server.output().split('\n').find((l) => l.includes('"route":"/tokenize"') && l.includes('request completed'));
  for (const deadline = Date.now() + 5000; !summaryLine() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
  t.notMatch(server.output(), /hello strawberries/, 'request text is never logged');
  const summary = summaryLine();
  t.match(JSON.parse(summary ?? '{}'), { reqId: String, msg: 'request completed', status: 200, model: null, inputs: 1, tokens: 5 }, 'one line per request: id, route, status, counts');
  t.equal(JSON.parse(summary ?? '{}').reqId, id, 'logged under the id the answer carries');
});

t.test('a broken model folder stops start-up with a message naming the folder and the reason', async (t) => {
  const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-models-'));
  mkdirSync(join(modelDir, 'broken'));
  writeFileSync(join(modelDir, 'broken', 'tokenizer.json'), '{ not json');
  const server = start({ MODEL_DIR: modelDir, MODELS: 'broken', DEFAULT_MODEL: 'broken' });
  const err = await server.ready.then(() => null, (e: { code: number; output: string }) => e);
  t.ok(err, 'the process exits');
  t.not(err?.code, 0, 'with a non-zero code');
  t.match(err?.output, join(modelDir, 'broken'), 'naming the folder');
  t.match(err?.output, /JSON/, 'and the reason');
});

t.test('an invalid setting stops start-up with a clear message', async (t) => {
  const server = start({ PORT: 'eighty' });
  const err = await server.ready.then(() => null, (e: { code: number; output: string }) => e);
  t.not(err?.code, 0);
  t.match(err?.output, /Invalid configuration: .*PORT.*must be integer/);
});
