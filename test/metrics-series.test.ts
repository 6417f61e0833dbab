import t from 'tap';
import { Counter, Histogram, Registry } from 'prom-client';
import { RequestCounter, RequestHistogram } from '../src/metrics/series.js';

/** The exposition's samples with their labels sorted: what it means, whatever order each writer puts labels in. */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const labels = (m[2] ?? '').split(/,(?=[a-z_]+=")/).filter(Boolean).sort().join(',');
    return `${m[1]}{${labels}} ${m[3]}`;
  }).sort();
}

const headers = (text: string) => text.split('\n').filter((line) => line.startsWith('#')).sort();

t.test('the same metrics text as prom-client for the same observations', async (t) => {
  const ours = new Registry();
  const theirs = new Registry();
  const buckets = [0.001, 0.01, 0.1, 1];
  const labelNames = ['method', 'route', 'status'];
  const duration = new RequestHistogram('d_seconds', 'Time.', labelNames, ours, buckets);
  const reference = new Histogram({ name: 'd_seconds', help: 'Time.', labelNames, buckets, registers: [theirs] });
  const tokens = new RequestCounter('t_total', 'Tokens.', ['route', 'model'], ours);
  const referenceTokens = new Counter({ name: 't_total', help: 'Tokens.', labelNames: ['route', 'model'], registers: [theirs] });
  // On a bound (Prometheus buckets are ≤), past the last bound, zero, and label values that need escaping.
  const observations: [Record<string, string>, number][] = [
    [{ method: 'POST', route: '/encode', status: '200' }, 0.01],
    [{ method: 'POST', route: '/encode', status: '200' }, 0.0004],
    [{ method: 'POST', route: '/encode', status: '200' }, 5],
    [{ method: 'POST', route: '/encode', status: '413' }, 0],
    [{ method: 'GET', route: 'a"b\\c\nd', status: '404' }, 0.05],
  ];
  for (const [labels, value] of observations) {
    duration.observe(labels, value);
    reference.observe(labels, value);
  }
  for (const [labels, n] of [[{ route: '/encode', model: 'gpt-4o' }, 7], [{ route: '/encode', model: 'gpt-4o' }, 5], [{ route: '/count', model: 'bert' }, 1]] as const) {
    tokens.inc(labels, n);
    referenceTokens.inc(labels, n);
  }
  const [a, b] = [await ours.metrics(), await theirs.metrics()];
  t.same(samples(a), samples(b));
  t.same(headers(a), headers(b));
  t.ok(samples(a).includes('d_seconds_bucket{le="0.01",method="POST",route="/encode",status="200"} 2'), 'a value on a bound counts in that bucket');
});

t.test('a label set is one series whatever the key order; reset empties every series', async (t) => {
  const registry = new Registry();
  const counter = new RequestCounter('c_total', 'C.', ['route', 'model'], registry);
  counter.inc({ route: '/a', model: 'm' });
  counter.inc({ model: 'm', route: '/a' }, 2);
  t.same(samples(await registry.metrics()), ['c_total{model="m",route="/a"} 3']);
  registry.resetMetrics();
  t.same(samples(await registry.metrics()), []);
});
