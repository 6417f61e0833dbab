import { allowedTransitions, viterbi, type SequenceModel } from '../../src/analyzers/ner/sequence-model.js';
import { mulberry32 } from '../prng.js';

/** A model as training makes it: feature strings in a Map, float weights. */
type TrainedModel = { labels: string[]; features: Map<string, number>; weights: Float32Array; transitions: Float32Array };

/** One training sequence: the features of each token and its gold label. */
export interface Example {
  features: string[][];
  labels: string[];
}

export interface TrainOptions {
  epochs: number;
  /** Features seen fewer times in the training data are dropped (smaller model, less over-fitting). */
  minCount: number;
  seed: number;
  /** Called after each epoch (e.g. to print held-out scores of the averaged model so far). */
  onEpoch?: (epoch: number, model: () => SequenceModel) => void;
}

/**
 * Trains a structured averaged perceptron (Collins 2002): Viterbi-decode each sequence with the current
 * weights, and where the best path differs from the gold one, add the gold path's features and
 * subtract the predicted path's. The averaged weights (kept with the usual timestamp trick) are returned.
 * Sequences are visited in a seeded shuffled order, so a run is reproducible.
 */
export function trainPerceptron(data: Example[], labels: string[], o: TrainOptions): SequenceModel {
  const n = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const counts = new Map<string, number>();
  for (const ex of data) for (const fs of ex.features) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, c] of counts) if (c >= o.minCount) index.set(f, index.size);
  const seqs = data.map((ex) => ({
    feats: ex.features.map((fs) => Int32Array.from(fs.map((f) => index.get(f) ?? -1).filter((i) => i >= 0))),
    gold: ex.labels.map((l) => {
      const i = labelIndex.get(l);
      if (i === undefined) throw new Error(`unknown label ${l}`);
      return i;
    }),
  }));
  const F = index.size;
  const w = new Float64Array(F * n);
  const acc = new Float64Array(F * n);
  const tr = new Float64Array((n + 1) * n);
  const trAcc = new Float64Array((n + 1) * n);
  const allowed = allowedTransitions(labels);
  let step = 1;
  const bump = (weights: Float64Array, sums: Float64Array, i: number, d: number) => {
    weights[i] += d;
    sums[i] += step * d;
  };
  const averaged = (): TrainedModel => {
    const weights = new Float32Array(F * n);
    for (let i = 0; i < weights.length; i++) weights[i] = w[i] - acc[i] / step;
    const transitions = new Float32Array((n + 1) * n);
    for (let i = 0; i < transitions.length; i++) transitions[i] = tr[i] - trAcc[i] / step;
    return { labels, features: index, weights, transitions };
  };
  const random = mulberry32(o.seed);
  const order = seqs.map((_, i) => i);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const { feats, gold } = seqs[k];
      const T = gold.length;
      if (T === 0) continue;
      const emit = new Float64Array(T * n);
      for (let t = 0; t < T; t++) {
        for (const f of feats[t]) for (let j = 0; j < n; j++) emit[t * n + j] += w[f * n + j];
      }
      const pred = viterbi(emit, T, tr, allowed, n);
      for (let t = 0; t < T; t++) {
        const g = gold[t];
        const p = pred[t];
        const gPrev = t === 0 ? n : gold[t - 1];
        const pPrev = t === 0 ? n : pred[t - 1];
        if (g !== p) {
          for (const f of feats[t]) {
            bump(w, acc, f * n + g, 1);
            bump(w, acc, f * n + p, -1);
          }
        }
        if (g !== p || gPrev !== pPrev) {
          bump(tr, trAcc, gPrev * n + g, 1);
          bump(tr, trAcc, pPrev * n + p, -1);
        }
      }
      step++;
    }
    o.onEpoch?.(epoch, averaged);
  }
  return prune(averaged());
}

/** Drops the features whose weights all round to zero at 16-bit precision (they never change a score). */
function prune(m: TrainedModel): SequenceModel {
  const n = m.labels.length;
  let max = 0;
  for (const x of m.weights) max = Math.max(max, Math.abs(x));
  const eps = max / 32767;
  const keep: string[] = [];
  const rows: number[] = [];
  for (const [f, row] of m.features) {
    let big = false;
    for (let j = 0; j < n && !big; j++) big = Math.abs(m.weights[row * n + j]) >= eps;
    if (big) { keep.push(f); rows.push(row); }
  }
  const weights = new Float32Array(keep.length * n);
  rows.forEach((row, i) => weights.set(m.weights.subarray(row * n, row * n + n), i * n));
  return { labels: m.labels, features: new Map(keep.map((f, i) => [f, i])), weights, transitions: m.transitions };
}
