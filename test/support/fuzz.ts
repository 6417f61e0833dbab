/**
 * npm run fuzz -- [--cases 100000] [--seed N] [--concurrency 8] [--inject]
 *
 * Fuzzes every route of a real server (spawned on 127.0.0.1, runtime response validation on, a
 * temporary MODEL_DIR with the generated tiny-bert model) with generated requests, checks every reply
 * (test/support/fuzz-check.ts) and prints the counts: cases, 2xx, 4xx, 5xx, schema violations, other
 * property failures, crashes. A crash (the server exiting) is counted and the server restarted.
 * `--inject` runs in-process through app.inject instead (faster, no HTTP). Exit code 1 on any failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { createResponseValidator, schemas } from '../../src/schemas.js';
import { makeTestModel } from './make-test-model.js';
import { operations, requestArbitrary, type FuzzRequest } from './fuzz-requests.js';
import { runCase, type FuzzReply, type Send } from './fuzz-check.js';
import { startServer, type ServerProcess } from './server-process.js';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '8' }, inject: { type: 'boolean', default: false } },
});
const total = Number(args.cases);
const seed = Number(args.seed ?? Date.now() % 2 ** 31);
const concurrency = args.inject ? 1 : Number(args.concurrency);

const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-fuzz-'));
makeTestModel(join(modelDir, 'tiny-bert'), loadConfig().CACHE_DIR);
const env = { MODEL_DIR: modelDir, VALIDATE_RESPONSES: 'true', LOG_LEVEL: 'warn' };

/**
 * HTTP to a real server over keep-alive connections. A request that fails with ECONNRESET on a reused
 * connection (the server closed it between requests) is retried once on a fresh one, as Node's docs
 * advise (request.reusedSocket); those retries are counted.
 */
function httpSend(server: ServerProcess): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const guarded = new WeakSet<object>();
  const once = (r: FuzzRequest, useAgent: Agent | false) => new Promise<FuzzReply>((resolve, reject) => {
    const payload = r.payload === undefined ? undefined : Buffer.from(r.payload, 'utf8');
    const req = request(`${server.url}${r.url}`, {
      method: r.method, agent: useAgent, timeout: 120_000,
      headers: { ...r.headers, ...(payload ? { 'content-length': payload.length } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close while a big body is still being written: that write error
    // belongs to this request, not to an unhandled socket event.
    req.on('socket', (socket) => {
      if (!guarded.has(socket)) socket.on('error', () => {});
      guarded.add(socket);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reused: req.reusedSocket })));
    req.end(payload);
  });
  return async (r) => {
    try {
      return await once(r, agent);
    } catch (err) {
      if (!(err as { reused?: boolean }).reused || (err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
      counts.keepAliveRetries++;
      return once(r, false);
    }
  };
}

let server: ServerProcess | null = null;
let send: Send;
let close: () => Promise<unknown>;
if (args.inject) {
  const app = await buildApp(loadConfig({ ...process.env, ...env }, { LOG_LEVEL: 'silent' }));
  await app.registry.loadAll();
  send = async (r) => {
    const res = await app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
  };
  close = () => app.close();
} else {
  server = await startServer(env);
  send = httpSend(server);
  close = () => server!.stop();
}
const get = async (url: string) => JSON.parse((await send({ method: 'GET', url, headers: {} })).body);
const ops = operations(await get('/openapi.json'), schemas);
const models = ((await get('/info')).models as Array<{ name: string }>).map((m) => m.name);
const arbitrary = requestArbitrary(ops, schemas, models);
const validate = createResponseValidator();

const counts = { cases: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, limitResets: 0, keepAliveRetries: 0, schemaViolations: 0, propertyFailures: 0, crashes: 0, transportErrors: 0 };
const bodyLimit = loadConfig().BODY_LIMIT;
const HEADER_LIMIT = 16 * 1024; // node's default --max-http-header-size
const byRoute = new Map<string, Record<string, number>>();
const failures = new Map<string, string>(); // first request seen per distinct problem
let restarting: Promise<void> | null = null;

async function one(r: FuzzRequest): Promise<void> {
  const route = r.roundTrip ? `round trip ${r.roundTrip.model}` : `${r.method} ${r.url.split('?')[0].slice(0, 40)}`;
  const row = byRoute.get(route) ?? {};
  byRoute.set(route, row);
  let verdict;
  const t0 = performance.now();
  try {
    verdict = await runCase(send, r, ops, validate);
  } catch (err) {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      // A body over BODY_LIMIT (413) or a URL over Node's 16 KB header limit (431) is refused and the
      // connection closed while the client still writes: the client sees the reset, not the answer.
      // That is the refusal working, not a failure.
      if (Buffer.byteLength(r.payload ?? '') > bodyLimit || r.url.length > HEADER_LIMIT) {
        counts.cases++;
        counts.limitResets++;
        return;
      }
      counts.transportErrors++;
      console.log(`  transport error (${(err as Error).message}): ${JSON.stringify(r).slice(0, 300)}`);
      failures.set(`transport: ${(err as Error).message}`, JSON.stringify(r).slice(0, 500));
      return;
    }
    // The server died: count it once, keep the request, start a new server.
    restarting ??= (async () => {
      counts.crashes++;
      failures.set(`crash: exit ${await server!.exited}: ${server!.logs.slice(-3).join(' | ').slice(0, 500)}`, JSON.stringify(r).slice(0, 500));
      server = await startServer(env);
      send = httpSend(server);
      restarting = null;
    })();
    await restarting;
    return;
  }
  counts.cases++;
  const ms = performance.now() - t0;
  if (ms > 10_000) console.log(`  slow case (${Math.round(ms)} ms, ${verdict.status}): ${JSON.stringify(r).slice(0, 300)}`);
  row.ms = Math.round((row.ms ?? 0) + performance.now() - t0);
  const cls = `${String(verdict.status)[0]}xx` as '2xx';
  counts[cls] = (counts[cls] ?? 0) + 1;
  row[cls] = (row[cls] ?? 0) + 1;
  for (const p of verdict.problems) {
    if (p.startsWith('schema:')) counts.schemaViolations++;
    else if (!/^5\d\d/.test(p)) counts.propertyFailures++;
    const key = p.replace(/\d+/g, 'N').slice(0, 160);
    if (!failures.has(key)) failures.set(key, `${p.slice(0, 400)}\n    request: ${JSON.stringify(r).slice(0, 600)}`);
  }
}

console.log(`fuzzing ${total} cases, seed ${seed}, ${args.inject ? 'in-process (inject)' : `real server ${server!.url}, concurrency ${concurrency}`}; models: ${models.join(', ')}`);
const started = performance.now();
const BATCH = 1_000;
for (let b = 0; b * BATCH < total; b++) {
  const batch = fc.sample(arbitrary, { numRuns: Math.min(BATCH, total - b * BATCH), seed: seed + b });
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batch.length) await one(batch[next++]);
  }));
  if ((b + 1) % 5 === 0) console.log(`  ${(b + 1) * BATCH} cases, ${Math.round(performance.now() - started) / 1000} s: ${JSON.stringify(counts)}`);
}
await close();
rmSync(modelDir, { recursive: true, force: true });

const seconds = Math.round(performance.now() - started) / 1000;
console.log(`\nper route (status classes):`);
for (const [route, row] of [...byRoute].sort()) console.log(`  ${route.padEnd(44)} ${JSON.stringify(row)}`);
if (failures.size) {
  console.log(`\n${failures.size} distinct problems:`);
  for (const [key, example] of failures) console.log(`- ${key}\n    ${example}`);
}
console.log(`\n${counts.cases} cases in ${seconds} s (seed ${seed}): 2xx ${counts['2xx']}, 4xx ${counts['4xx']} (+${counts.limitResets} over BODY_LIMIT or the header limit, cut off), 5xx ${counts['5xx']}, schema violations ${counts.schemaViolations}, property failures ${counts.propertyFailures}, crashes ${counts.crashes}, transport errors ${counts.transportErrors}; ${counts.keepAliveRetries} requests retried after a reset of a reused keep-alive connection`);
process.exitCode = counts['5xx'] + counts.schemaViolations + counts.propertyFailures + counts.crashes + counts.transportErrors > 0 ? 1 : 0;
