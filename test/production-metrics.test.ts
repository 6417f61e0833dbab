import t from 'tap';
import { buildTestApp, call, post } from './helper.js';

interface Sample { name: string; labels: Record<string, string>; value: number }
interface Family { type: string; help: string; samples: Sample[] }

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? ([^ ]+)(?: (-?\\d+))?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)/;
const SUFFIXES: Record<string, string[]> = { counter: ['', '_total'], gauge: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'], untyped: [''] };

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line is HELP, TYPE or a sample of
 * a declared family with well-formed labels and a float value; throws on anything else.
 */
function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string) => [...families.entries()].find(([name, f]) => SUFFIXES[f.type].some((s) => name + s === sample))?.[1];
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([^ ]+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`line ${i + 1}: bad metric name ${name}`);
      const family = families.get(name) ?? { type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE' && !(rest in SUFFIXES)) throw new Error(`line ${i + 1}: bad type ${rest}`);
      if (kind === 'TYPE') family.type = rest; else family.help = rest;
      families.set(name, family);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`);
    const labels: Record<string, string> = {};
    let rest = m[2] ?? '';
    while (rest !== '') {
      const l = LABEL.exec(rest);
      if (!l) throw new Error(`line ${i + 1}: bad labels ${m[2]}`);
      labels[l[1]] = l[2];
      rest = rest.slice(l[0].length);
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : m[3] === 'NaN' ? NaN : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`line ${i + 1}: bad value ${m[3]}`);
    const family = familyOf(m[1]);
    if (!family) throw new Error(`line ${i + 1}: sample ${m[1]} of no declared family`);
    family.samples.push({ name: m[1], labels, value });
  }
  return families;
}

const value = (f: Family | undefined, name: string, labels: Record<string, string>) =>
  f?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

t.test('the reader rejects what is not Prometheus text', async (t) => {
  t.throws(() => parsePrometheus('{"json": true}'));
  t.throws(() => parsePrometheus('# TYPE x counter\nx{a=b} 1'));
  t.throws(() => parsePrometheus('y 1'), /no declared family/);
  t.equal(parsePrometheus('# TYPE x counter\nx_total{a="b\\"c"} 1.5e3').get('x')?.samples[0].value, 1500);
});

t.test('/metrics is Prometheus text and counts the requests this test made', async (t) => {
  const app = await buildTestApp(t, { MODELS: 'bert-base-uncased' });
  let tokens = 0;
  for (const inputs of [['hello world', 'I love to eat pizza!'], ['a'], ['tokenserve counts tokens', 'b', 'c']]) {
    const res = await post(app, '/tokenize', { inputs });
    t.equal(res.status, 200);
    tokens += res.body.reduce((n: number, list: unknown[]) => n + list.length, 0);
  }
  t.equal((await call(app, { url: '/no-such-route' })).status, 404);
  t.equal((await post(app, '/tokenize', { inputs: 42 })).status, 400);

  const res = await app.inject({ url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const m = parsePrometheus(res.body);

  const requests = m.get('tokenserve_requests_total');
  t.equal(requests?.type, 'counter');
  t.equal(value(requests, 'tokenserve_requests_total', { method: 'POST', route: '/tokenize', status: '200' }), 3);
  t.equal(value(requests, 'tokenserve_requests_total', { method: 'POST', route: '/tokenize', status: '400' }), 1);
  t.equal(value(requests, 'tokenserve_requests_total', { method: 'GET', route: 'unmatched', status: '404' }), 1, 'unknown paths share one label');

  const duration = m.get('tokenserve_request_duration_seconds');
  t.equal(duration?.type, 'histogram');
  const okTokenize = { route: '/tokenize', status: '200' };
  t.equal(value(duration, 'tokenserve_request_duration_seconds_count', okTokenize), 3);
  t.equal(value(duration, 'tokenserve_request_duration_seconds_bucket', { ...okTokenize, le: '+Inf' }), 3);
  t.ok(value(duration, 'tokenserve_request_duration_seconds_sum', okTokenize)! > 0);

  const batch = m.get('tokenserve_batch_size');
  t.equal(value(batch, 'tokenserve_batch_size_count', { route: '/tokenize' }), 3, 'valid requests only');
  t.equal(value(batch, 'tokenserve_batch_size_sum', { route: '/tokenize' }), 6, 'inputs per request');
  t.equal(value(m.get('tokenserve_tokens_processed_total'), 'tokenserve_tokens_processed_total', { route: '/tokenize', model: 'bert-base-uncased' }), tokens);
  t.ok(value(m.get('tokenserve_model_load_seconds'), 'tokenserve_model_load_seconds', { model: 'bert-base-uncased' })! >= 0, 'model load time from the registry');
  t.equal(value(m.get('tokenserve_queue_depth'), 'tokenserve_queue_depth', { queue: 'requests' }), 0, 'nothing in progress (/metrics is an open route, not admitted)');
  t.equal(value(m.get('tokenserve_queue_depth'), 'tokenserve_queue_depth', { queue: 'workers' }), 0, 'worker queue reported');
  t.equal(value(m.get('tokenserve_queue_depth'), 'tokenserve_queue_depth', { queue: 'embedding-batches' }), 0, 'embedding batch queue reported');
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
    t.ok(m.has(name) || m.has(name.replace(/_total$/, '')), `process metric ${name}`);
  }
});

t.test('tokens and batch sizes are read by shape: total_tokens, OpenAI usage, x-compute-tokens, ids', async (t) => {
  const app = await buildTestApp(t, { MODELS: 'bert-base-uncased' });
  app.post('/test-usage', async () => ({ usage: { prompt_tokens: 7, total_tokens: 7 } }));
  app.post('/test-header', async (_request, reply) => { reply.header('x-compute-tokens', '5'); return [[0.1, 0.2]]; });
  t.equal((await app.inject({ method: 'POST', url: '/test-usage', payload: { input: [1, 2, 3] } })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/test-header', payload: { inputs: ['a', 'b', 'c', 'd'] } })).statusCode, 200);
  const enc = await post(app, '/encode', { inputs: ['one two', 'three'] });
  const decode = await post(app, '/decode', { ids: [[101, 102], [101, 102], [101, 102]] });
  t.equal(decode.status, 200);
  const m = parsePrometheus((await app.inject({ url: '/metrics' })).body);
  const tokens = (route: string) => value(m.get('tokenserve_tokens_processed_total'), 'tokenserve_tokens_processed_total', { route });
  const batches = (route: string) => value(m.get('tokenserve_batch_size'), 'tokenserve_batch_size_sum', { route });
  t.equal(tokens('/test-usage'), 7, 'OpenAI usage.total_tokens');
  t.equal(tokens('/test-header'), 5, 'x-compute-tokens header');
  t.equal(tokens('/encode'), enc.body.total_tokens, '/encode total_tokens');
  t.equal(batches('/test-usage'), 1, 'one id sequence is one input');
  t.equal(batches('/test-header'), 4);
  t.equal(batches('/decode'), 3, 'a batch of id sequences');
});
