import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;

/** One sample as prom-client's registry formats it. */
interface Sample { labels: Labels; value: number; metricName?: string }

/**
 * A counter or histogram recorded on every request, kept as plain numbers and handed to prom-client's
 * registry (which writes /metrics, with the default process metrics) only when scraped, through the
 * `get()` every prom-client metric has. prom-client's own inc() and observe() check and hash the labels,
 * allocate a closure and key the buckets by number-to-string conversions on every call: a measurable
 * share of a small request's cost (docs/MEASUREMENTS.md).
 */
abstract class RequestMetric<S> {
  readonly aggregator = 'sum';
  /**
   * Series by label value, one map level per label name: the values come from long-lived strings (route
   * patterns, methods, cached status strings) whose hashes V8 keeps, where a key joined per call would be
   * a new string to hash every time.
   */
  private readonly index = new Map<string, unknown>();
  private readonly series: S[] = [];

  constructor(readonly name: string, readonly help: string, private readonly labelNames: readonly string[], registry: Registry) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these labels (every label name given), created on first use. */
  protected seriesOf(labels: Labels): S {
    const names = this.labelNames;
    let level = this.index;
    for (let i = 0; i < names.length - 1; i++) {
      let next = level.get(labels[names[i]]) as Map<string, unknown> | undefined;
      if (next === undefined) level.set(labels[names[i]], (next = new Map()));
      level = next;
    }
    const last = labels[names[names.length - 1]];
    let s = level.get(last) as S | undefined;
    if (s === undefined) {
      s = this.create(Object.fromEntries(names.map((name) => [name, labels[name]])));
      level.set(last, s);
      this.series.push(s);
    }
    return s;
  }

  protected abstract create(labels: Labels): S;
  protected abstract samples(s: S): Sample[];
  abstract readonly type: 'counter' | 'histogram';

  /** What prom-client's registry reads at each scrape. */
  get(): { name: string; help: string; type: string; aggregator: string; values: Sample[] } {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.series.flatMap((s) => this.samples(s)) };
  }

  /** Called by prom-client's registry.resetMetrics(). */
  reset(): void {
    this.index.clear();
    this.series.length = 0;
  }
}

export class RequestCounter extends RequestMetric<{ labels: Labels; value: number }> {
  readonly type = 'counter';

  inc(labels: Labels, by = 1): void {
    this.seriesOf(labels).value += by;
  }

  protected create(labels: Labels) {
    return { labels, value: 0 };
  }

  protected samples(s: { labels: Labels; value: number }): Sample[] {
    return [s];
  }
}

interface HistogramSeries { labels: Labels; counts: Float64Array; sum: number; count: number }

export class RequestHistogram extends RequestMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry, private readonly buckets: readonly number[]) {
    super(name, help, labelNames, registry);
  }

  observe(labels: Labels, value: number): void {
    const s = this.seriesOf(labels);
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i++;
    s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  protected create(labels: Labels): HistogramSeries {
    return { labels, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }

  /** Cumulative buckets (le), then +Inf, sum and count, as Prometheus defines a histogram. */
  protected samples(s: HistogramSeries): Sample[] {
    let cumulative = 0;
    const bucket = `${this.name}_bucket`;
    return [
      ...[...this.buckets, '+Inf'].map((le, i) => ({ labels: { ...s.labels, le: String(le) }, value: (cumulative += s.counts[i]), metricName: bucket })),
      { labels: s.labels, value: s.sum, metricName: `${this.name}_sum` },
      { labels: s.labels, value: s.count, metricName: `${this.name}_count` },
    ];
  }
}
