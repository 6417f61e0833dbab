import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BLOCK_REACH, type BlockKey, type FeatureSink } from './features.js';
import { StringTable } from './string-table.js';

/**
 * A linear sequence labeller (a structured averaged perceptron once trained): one weight per
 * (feature, label), one per (previous label, label), decoded by Viterbi. With BIOES labels (B-X begins,
 * I-X continues, E-X ends a name of several units, S-X is a name of one), Viterbi only follows the
 * transitions that keep every name well formed; labels of other kinds (POS tags) may follow any label.
 */
export interface SequenceModel {
  labels: string[];
  /** Feature string → row of `weights` (rows of `labels.length`): a Map while training, a StringTable once read. */
  features: Map<string, number> | StringTable;
  /** Float weights while training; 16-bit ones (× `scale`) once read from a file. */
  weights: Float32Array | Int16Array;
  scale?: number;
  /** (labels + 1) × labels: row `labels.length` holds the scores of starting a sequence. */
  transitions: Float32Array;
}

/** Labels that continue a name (I-X, E-X): they need B-X or I-X before them. */
const inside = (l: string) => l.startsWith('I-') || l.startsWith('E-');
/** Labels that leave a name open (B-X, I-X): they need I-X or E-X after them. */
const open = (l: string) => l.startsWith('B-') || l.startsWith('I-');

/**
 * Which transitions BIOES allows: (labels + 1) × labels, the last row being the start of a sequence,
 * then one more row: which labels may end a sequence.
 */
export function allowedTransitions(labels: string[]): Uint8Array {
  const n = labels.length;
  const allowed = new Uint8Array((n + 2) * n).fill(1);
  labels.forEach((to, j) => {
    for (let i = 0; i <= n; i++) {
      const from = i < n ? labels[i] : 'O';
      const ok = open(from) ? inside(to) && from.slice(2) === to.slice(2) : !inside(to);
      if (!ok) allowed[i * n + j] = 0;
    }
    if (open(to)) allowed[(n + 1) * n + j] = 0;
  });
  return allowed;
}

/** Adds each known feature's weight row into `out` (one row of `labels` scores per token). */
function emissions(model: SequenceModel, features: string[][]): Float32Array {
  const n = model.labels.length;
  const out = new Float32Array(features.length * n);
  features.forEach((fs, t) => {
    const base = t * n;
    for (const f of fs) {
      const row = model.features.get(f);
      if (row === undefined) continue;
      const w = row * n;
      for (let j = 0; j < n; j++) out[base + j] += model.weights[w + j];
    }
  });
  if (model.scale !== undefined) for (let i = 0; i < out.length; i++) out[i] *= model.scale;
  return out;
}

const predecessorLists = new WeakMap<Uint8Array, Int32Array[]>();

/** For each label, the labels `allowed` lets precede it, in increasing order. */
function predecessors(allowed: Uint8Array, n: number): Int32Array[] {
  let lists = predecessorLists.get(allowed);
  if (!lists) {
    lists = [];
    for (let j = 0; j < n; j++) {
      const from: number[] = [];
      for (let i = 0; i < n; i++) if (allowed[i * n + j]) from.push(i);
      lists.push(Int32Array.from(from));
    }
    predecessorLists.set(allowed, lists);
  }
  return lists;
}

/** Viterbi's scores and back pointers, grown as needed and shared by every call (decoding is synchronous). */
let viterbiScores = new Float64Array(0);
let viterbiBack = new Int32Array(0);

/** The best label sequence (indices) for `emit` (tokens × labels) under `transitions` and `allowed` (see allowedTransitions). */
export function viterbi(emit: ArrayLike<number>, tokens: number, transitions: ArrayLike<number>, allowed: Uint8Array, n: number): number[] {
  if (tokens === 0) return [];
  if (viterbiScores.length < tokens * n) {
    viterbiScores = new Float64Array(tokens * n * 2);
    viterbiBack = new Int32Array(tokens * n * 2);
  }
  // Every cell read below was written before, so the buffers are reused as they are.
  const score = viterbiScores;
  const back = viterbiBack;
  for (let j = 0; j < n; j++) score[j] = allowed[n * n + j] ? emit[j] + transitions[n * n + j] : -Infinity;
  const from = predecessors(allowed, n);
  for (let t = 1; t < tokens; t++) {
    for (let j = 0; j < n; j++) {
      let best = -Infinity;
      let arg = 0;
      const fj = from[j];
      for (let k = 0; k < fj.length; k++) {
        const i = fj[k];
        const s = score[(t - 1) * n + i] + transitions[i * n + j];
        if (s > best) { best = s; arg = i; }
      }
      score[t * n + j] = best + emit[t * n + j];
      back[t * n + j] = arg;
    }
  }
  let arg = -1;
  for (let j = 0; j < n; j++) {
    if (allowed[(n + 1) * n + j] && (arg < 0 || score[(tokens - 1) * n + j] > score[(tokens - 1) * n + arg])) arg = j;
  }
  const path = new Array<number>(tokens);
  for (let t = tokens - 1; t >= 0; t--) {
    path[t] = arg;
    arg = back[t * n + arg];
  }
  return path;
}

const allowedCache = new WeakMap<SequenceModel, Uint8Array>();

function decode(model: SequenceModel, emit: Float32Array, units: number): string[] {
  let allowed = allowedCache.get(model);
  if (!allowed) {
    allowed = allowedTransitions(model.labels);
    allowedCache.set(model, allowed);
  }
  const path = viterbi(emit, units, model.transitions, allowed, model.labels.length);
  const labels: string[] = [];
  for (const j of path) labels.push(model.labels[j]);
  return labels;
}

/** The label of each token of one sequence, from its features as strings. */
export function label(model: SequenceModel, features: string[][]): string[] {
  return decode(model, emissions(model, features), features.length);
}

/** Block sums kept per slot and model (FeatureSink.begin): at most this many each (then the slot starts afresh). */
const SUMS_KEPT = 16384;
const REACH = BLOCK_REACH;
/** Slots of the table of integer keys: twice SUMS_KEPT, so probes stay short. */
const INT_BITS = 15;
const INT_SLOTS = 1 << INT_BITS;
const isInt32 = (key: BlockKey): key is number => typeof key === 'number' && (key | 0) === key;

/** The first slot probed for an integer key (Fibonacci hashing: the top bits of key × 2^32/φ). */
const slotOf = (key: number) => Math.imul(key, 0x9e3779b1) >>> (32 - INT_BITS);

/**
 * The block sums of one slot (FeatureSink.begin): a block's summed weight rows by its key, all in one
 * array of floats (no object per sum for the collector to trace, and neighbours in memory): at a sum's
 * offset, the offset of the first unit it reaches, the number of units, then one row of labels per unit.
 */
class BlockSums {
  /**
   * Offsets by key: 32-bit integer keys (a character's code, a pair of them…) in an open-addressing table
   * of their own (made on first use: `intKeys`, and offset + 1 in `intAt`, 0 for an empty slot), cheaper
   * than a Map; other keys in the Map.
   */
  private readonly offsets = new Map<BlockKey, number>();
  private intKeys: Int32Array | null = null;
  private intAt = new Int32Array(0);
  private count = 0;
  pool = new Float32Array(4096);
  used = 0;

  /** Where the sum kept under `key` is, if any. */
  get(key: BlockKey): number | undefined {
    if (!isInt32(key)) return this.offsets.get(key);
    const keys = this.intKeys;
    if (keys === null) return undefined;
    for (let i = slotOf(key); this.intAt[i] !== 0; i = (i + 1) & (INT_SLOTS - 1)) {
      if (keys[i] === key) return this.intAt[i] - 1;
    }
    return undefined;
  }

  /** Keeps `rows` (whole rows of labels) reaching from unit offset `first` under `key`; returns where. */
  put(key: BlockKey, first: number, rows: Float32Array, units: number): number {
    if (this.count >= SUMS_KEPT) {
      this.offsets.clear();
      this.intAt.fill(0);
      this.count = 0;
      this.used = 0;
    }
    const at = this.used;
    this.used += rows.length + 2;
    if (this.used > this.pool.length) {
      const grown = new Float32Array(Math.max(this.used, this.pool.length * 2));
      grown.set(this.pool.subarray(0, at));
      this.pool = grown;
    }
    this.pool[at] = first;
    this.pool[at + 1] = units;
    this.pool.set(rows, at + 2);
    if (isInt32(key)) {
      if (this.intKeys === null) {
        this.intKeys = new Int32Array(INT_SLOTS);
        this.intAt = new Int32Array(INT_SLOTS);
      }
      let i = slotOf(key);
      while (this.intAt[i] !== 0) i = (i + 1) & (INT_SLOTS - 1);
      this.intKeys[i] = key;
      this.intAt[i] = at + 1;
    } else this.offsets.set(key, at);
    this.count++;
    return at;
  }
}

/**
 * One sink per model, kept with its block sums. Kept for the process also because V8 drops optimized code
 * that saw objects a garbage collection then frees.
 */
const sinks = new WeakMap<SequenceModel, EmissionSink>();

/** Adds each feature's weight row to its unit's scores as the features arrive, hashing their parts. */
class EmissionSink implements FeatureSink {
  private out: Float32Array = new Float32Array(0);
  private units = 0;
  private unit = -1;
  /** Where add() writes (at `at`): the scores, or the block sum being made; -1 for nowhere (outside the sequence). */
  private dst: Float32Array = this.out;
  private at = 0;
  /** The block being summed: where its sum goes, under which key, and the offsets it reached. */
  private into: BlockSums | null = null;
  private key: BlockKey = '';
  private lo = 0;
  private hi = 0;
  /** How many units from `at` add() writes to (FeatureSink.to). */
  private span = 1;
  private readonly scratch: Float32Array;
  /** Per slot, the block sums. */
  private readonly slots: BlockSums[] = [];

  constructor(private readonly model: SequenceModel & { features: StringTable }, private readonly n: number) {
    this.scratch = new Float32Array((2 * REACH + 1) * n);
  }

  /** Starts a sequence whose units' scores go to `out` (rows of labels, zeroed). */
  start(out: Float32Array): void {
    this.out = out;
    this.dst = out;
    this.units = out.length / this.n;
    this.unit = -1;
    this.at = 0;
    this.into = null;
  }

  labels(): string[] {
    const out = this.out;
    if (this.model.scale !== undefined) for (let i = 0; i < out.length; i++) out[i] *= this.model.scale;
    return decode(this.model, out, this.units);
  }

  next(): void {
    this.unit++;
    this.at = this.unit * this.n;
    this.span = 1;
  }

  begin(slot: number, key: BlockKey | undefined): boolean {
    if (key === undefined) return true;
    const sums = (this.slots[slot] ??= new BlockSums());
    const sum = sums.get(key);
    if (sum !== undefined) {
      this.apply(sums.pool, sum);
      return false;
    }
    this.into = sums;
    this.key = key;
    this.scratch.fill(0);
    this.lo = 0;
    this.hi = 0;
    this.dst = this.scratch;
    this.at = REACH * this.n;
    this.span = 1;
    return true;
  }

  to(offset: number, count = 1): void {
    this.span = 1;
    if (this.into !== null) {
      this.lo = Math.min(this.lo, offset);
      this.hi = Math.max(this.hi, offset);
      this.at = (REACH + offset) * this.n;
      return;
    }
    const first = Math.max(this.unit + offset, 0);
    const last = Math.min(this.unit + offset + count, this.units) - 1;
    this.at = first > last ? -1 : first * this.n;
    this.span = last - first + 1;
  }

  end(): void {
    if (this.into !== null) {
      const { n, lo, hi } = this;
      const sums = this.into;
      const sum = sums.put(this.key, lo, this.scratch.subarray((REACH + lo) * n, (REACH + hi + 1) * n), hi - lo + 1);
      this.into = null;
      this.dst = this.out;
      this.apply(sums.pool, sum);
    }
    this.at = this.unit * this.n;
    this.span = 1;
  }

  /** Adds the block sum at `sum` of `pool` to the units it reaches. */
  private apply(pool: Float32Array, sum: number): void {
    const n = this.n;
    const out = this.out;
    const first = this.unit + pool[sum];
    const last = first + pool[sum + 1];
    for (let k = sum + 2, u = first; u < last; k += n, u++) {
      if (u < 0 || u >= this.units) continue;
      const base = u * n;
      for (let j = 0; j < n; j++) out[base + j] += pool[k + j];
    }
  }

  add(p0: string, p1?: string, p2?: string, p3?: string, p4?: string, p5?: string): void {
    const { n, dst, at } = this;
    if (at < 0) return;
    const row = this.model.features.getParts(p0, p1, p2, p3, p4, p5);
    if (row === undefined) return;
    const weights = this.model.weights;
    const w = row * n;
    for (let k = 0, base = at; k < this.span; k++, base += n) {
      for (let j = 0; j < n; j++) dst[base + j] += weights[w + j];
    }
  }
}

/** The units' scores of unitSink, grown as needed and shared by every call. */
let scores = new Float32Array(0);

/** A sink that labels the units whose features it was given. */
interface LabellingSink extends FeatureSink {
  /** The label of each unit. */
  labels(): string[];
}

/**
 * The sink for the features of `units` units (tokens, characters) of one sequence, for a model read from a
 * file (no feature string is built): give it every unit's features, then ask for its labels. The sink of
 * a model is reused by every call (labelling is synchronous).
 */
export function unitSink(model: SequenceModel, units: number): LabellingSink {
  if (!(model.features instanceof StringTable)) throw new Error('unitSink needs a model read from a file');
  if (scores.length < units * model.labels.length) scores = new Float32Array(units * model.labels.length * 2);
  let sink = sinks.get(model);
  if (!sink) sinks.set(model, (sink = new EmissionSink(model as SequenceModel & { features: StringTable }, model.labels.length)));
  sink.start(scores.subarray(0, units * model.labels.length).fill(0));
  return sink;
}

// File format (gzip of): u32 header length, header JSON {labels, scale, transitions}, u32 feature-list
// length, the feature strings joined by "\n" (UTF-8), then one Int16 per (feature, label): weight / scale.

/** Serializes a model with its weights quantized to 16 bits (the largest weight maps to 32767). */
export function encodeModel(model: SequenceModel): Buffer {
  if (model.scale !== undefined || !(model.features instanceof Map)) throw new Error('only a trained model can be written');
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 32767 || 1;
  const header = Buffer.from(JSON.stringify({ labels: model.labels, scale, transitions: [...model.transitions] }));
  const names = Buffer.from([...model.features.keys()].join('\n'));
  const q = new Int16Array(model.weights.length);
  model.weights.forEach((w, i) => { q[i] = Math.round(w / scale); });
  const len = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  return gzipSync(Buffer.concat([len(header.length), header, len(names.length), names, Buffer.from(q.buffer)]), { level: 9 });
}

/** Reads a model written by `encodeModel`. */
function decodeModel(gz: Buffer): SequenceModel {
  const buf = gunzipSync(gz);
  const headerLen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLen).toString('utf8')) as { labels: string[]; scale: number; transitions: number[] };
  const namesAt = 8 + headerLen;
  const namesLen = buf.readUInt32LE(4 + headerLen);
  const raw = buf.subarray(namesAt + namesLen);
  const rows = raw.length / 2 / header.labels.length;
  const features = new StringTable(rows);
  let row = 0;
  for (const f of namesLen === 0 ? [] : buf.subarray(namesAt, namesAt + namesLen).toString('utf8').split('\n')) features.set(f, row++);
  return {
    labels: header.labels,
    features,
    weights: new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)),
    scale: header.scale,
    transitions: Float32Array.from(header.transitions),
  };
}

/** Loads a model file. */
export function loadModel(path: string): SequenceModel {
  return decodeModel(readFileSync(path));
}
