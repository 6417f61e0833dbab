/** Entity-level scoring as conlleval does it: a predicted name counts only if its span and type are exact. */
export class EntityScore {
  private readonly counts = new Map<string, { tp: number; pred: number; gold: number }>();

  private of(type: string) {
    let c = this.counts.get(type);
    if (!c) this.counts.set(type, (c = { tp: 0, pred: 0, gold: 0 }));
    return c;
  }

  /** Adds one sentence: spans as `start:end` keys per type. */
  add(gold: { start: number; end: number; type: string }[], pred: { start: number; end: number; type: string }[]): void {
    const key = (s: { start: number; end: number; type: string }) => `${s.start}:${s.end}:${s.type}`;
    const goldKeys = new Set(gold.map(key));
    for (const g of gold) this.of(g.type).gold++;
    for (const p of pred) {
      const c = this.of(p.type);
      c.pred++;
      if (goldKeys.has(key(p))) c.tp++;
    }
  }

  /** Precision, recall and F1 of one type, or of all types together (micro average) when none is given. */
  prf(type?: string): { p: number; r: number; f1: number; gold: number } {
    const cs = type ? [this.of(type)] : [...this.counts.values()];
    const tp = cs.reduce((n, c) => n + c.tp, 0);
    const pred = cs.reduce((n, c) => n + c.pred, 0);
    const gold = cs.reduce((n, c) => n + c.gold, 0);
    const p = pred ? tp / pred : 0;
    const r = gold ? tp / gold : 0;
    return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, gold };
  }

  /** One line per type and a micro-average line. */
  table(types: string[]): string {
    const row = (name: string, s: ReturnType<EntityScore['prf']>) =>
      `${name.padEnd(6)} P ${s.p.toFixed(3)}  R ${s.r.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (${s.gold} gold)`;
    return [...types.map((t) => row(t, this.prf(t))), row('all', this.prf())].join('\n');
  }
}
