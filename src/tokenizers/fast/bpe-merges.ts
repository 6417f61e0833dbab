import type { TokenLookup } from '../token-index.js';
import { PAIR_SHIFT, type PairTable } from '../vocab-data.js';

/**
 * Byte-pair merging with Hugging Face's order: repeatedly apply the adjacent pair with the lowest merge
 * rank, leftmost first on ties (tokenizers' BPE::merge_word priority queue). Symbols are vocabulary ids.
 */
export class BpeMerges {
  /** Merge rank (or NONE) and merged id by id pair, filled as pairs are met: a small table that stays in the CPU caches. */
  private readonly ranks = new PairCache();
  /** Every pair's merge rank (for pairs not met yet). */
  private readonly table: PairRanks;
  /** Merge rank → id of the merged token (-1: not looked up yet). */
  private readonly merged: Int32Array;

  /** `pairs`: merge ranks by id pair (vocab-data.ts); `vocab` and `tokenToId` the vocabulary both ways. */
  constructor(
    pairs: PairTable,
    private readonly vocab: readonly (string | undefined)[],
    private readonly tokenToId: TokenLookup,
  ) {
    this.table = new PairRanks(pairs);
    this.merged = new Int32Array(pairs.mergeCount).fill(-1);
  }

  /** The merged id of the pair last given to rank, when it is a merge (read from the same cache slot). */
  private id = -1;

  private rank(left: number, right: number): number {
    const cache = this.ranks;
    const at = cache.slot(left, right);
    if (cache.slots[at] !== 0) {
      this.id = cache.slots[at + 3];
      return cache.slots[at + 2];
    }
    let r = this.table.get(left, right);
    if (r < 0) r = NONE;
    else if (this.merged[r] < 0) {
      const id = this.tokenToId.get(`${this.vocab[left]}${this.vocab[right]}`);
      if (id === undefined) r = NONE; // tokenizers refuses such a file; never merge into nothing
      else this.merged[r] = id;
    }
    this.id = r === NONE ? -1 : this.merged[r];
    cache.set(left, right, r, this.id);
    return r;
  }

  /**
   * Merges `sym[0..n)` in place, with `len` holding each symbol's byte count; returns the new count.
   * Short words scan for the best pair; long ones use a heap so work stays O(n log n).
   */
  merge(sym: Int32Array, len: Int32Array, n: number): number {
    return n <= SHORT_WORD ? this.mergeShort(sym, len, n) : this.mergeLong(sym, len, n);
  }

  private mergeShort(sym: Int32Array, len: Int32Array, n: number): number {
    if (this.pairAt.length < n) this.growScratch(n);
    const { pairAt: pr, pairId: ids } = this;
    for (let i = 0; i + 1 < n; i++) { pr[i] = this.rank(sym[i], sym[i + 1]); ids[i] = this.id; }
    while (n > 1) {
      let best = NONE;
      let at = -1;
      for (let i = 0; i + 1 < n; i++) if (pr[i] < best) { best = pr[i]; at = i; }
      if (at < 0) break;
      sym[at] = ids[at];
      len[at] += len[at + 1];
      for (let i = at + 1; i + 1 < n; i++) { sym[i] = sym[i + 1]; len[i] = len[i + 1]; pr[i] = pr[i + 1]; ids[i] = ids[i + 1]; }
      n--;
      if (at > 0) { pr[at - 1] = this.rank(sym[at - 1], sym[at]); ids[at - 1] = this.id; }
      if (at + 1 < n) { pr[at] = this.rank(sym[at], sym[at + 1]); ids[at] = this.id; }
    }
    return n;
  }

  /** Scratch space of mergeShort and mergeLong, grown to the longest word met. */
  private pairAt = new Int32Array(64);
  /** The merged id of the pair at each position (when pairAt is not NONE). */
  private pairId = new Int32Array(64);
  private next = new Int32Array(64);
  private prev = new Int32Array(64);
  private readonly heap = new MinHeap(64);

  private growScratch(n: number): void {
    this.pairAt = new Int32Array(n * 2);
    this.pairId = new Int32Array(n * 2);
    this.next = new Int32Array(n * 2);
    this.prev = new Int32Array(n * 2);
  }

  private mergeLong(sym: Int32Array, len: Int32Array, n: number): number {
    if (this.pairAt.length < n) this.growScratch(n);
    // pairAt[i]: rank of the pair that symbol i starts now (NONE: none). A rank names one pair, so a heap
    // entry (r, i) is current exactly when pairAt[i] is still r: stale entries are skipped without a lookup.
    const { next, prev, pairAt, pairId, heap } = this;
    for (let i = 0; i < n; i++) { next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; }
    heap.size = 0;
    for (let i = 0; i + 1 < n; i++) {
      const r = this.rank(sym[i], sym[i + 1]);
      pairAt[i] = r;
      pairId[i] = this.id;
      if (r !== NONE) heap.push(r * POS + i);
    }
    pairAt[n - 1] = NONE;
    while (heap.size > 0) {
      const top = heap.pop();
      const r = Math.floor(top / POS);
      const pos = top - r * POS;
      if (pairAt[pos] !== r) continue;
      const right = next[pos];
      sym[pos] = pairId[pos];
      len[pos] += len[right];
      pairAt[right] = NONE;
      const after = next[right];
      next[pos] = after;
      if (after >= 0) prev[after] = pos;
      const before = prev[pos];
      if (before >= 0) {
        const br = this.rank(sym[before], sym[pos]);
        pairAt[before] = br;
        pairId[before] = this.id;
        if (br !== NONE) heap.push(br * POS + before);
      }
      const ar = after >= 0 ? this.rank(sym[pos], sym[after]) : NONE;
      pairAt[pos] = ar;
      pairId[pos] = this.id;
      if (ar !== NONE) heap.push(ar * POS + pos);
    }
    let k = 0;
    for (let i = 0; i >= 0; i = next[i]) { sym[k] = sym[i]; len[k] = len[i]; k++; }
    return k;
  }
}

const MAX_PAIRS = 2 ** 20;
const POS = 2 ** 24;
/** No merge: above every rank, and an int32 so PairCache can store it. */
const NONE = 0x7fffffff;
const SHORT_WORD = 48;

/** Binary min-heap of non-negative numbers (rank * POS + position). */
class MinHeap {
  private data: Float64Array;
  /** Set to 0 to empty it. */
  size = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] <= v) break;
      d[i] = d[p];
      i = p;
    }
    d[i] = v;
  }

  pop(): number {
    const d = this.data;
    const top = d[0];
    const last = d[--this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && d[c + 1] < d[c]) c++;
      if (d[c] >= last) break;
      d[i] = d[c];
      i = c;
    }
    d[i] = last;
    return top;
  }
}

/**
 * A PairTable's ranks looked up by left id: the pairs of one left id are a run of the sorted keys, so a
 * lookup binary-searches that run (a few entries next to each other) instead of the whole table, whose
 * search touches a score of cache lines. The index costs 4 bytes per token and one pass to build.
 */
class PairRanks {
  /** Left id → index of its first pair in the keys (the next id's entry ends the run). */
  private readonly starts: Int32Array;

  constructor(private readonly table: PairTable) {
    const { keys } = table;
    const lefts = keys.length ? Math.floor(keys[keys.length - 1] / PAIR_SHIFT) + 1 : 0;
    this.starts = new Int32Array(lefts + 1);
    for (let k = 0; k < keys.length; k++) this.starts[Math.floor(keys[k] / PAIR_SHIFT) + 1]++;
    for (let i = 0; i < lefts; i++) this.starts[i + 1] += this.starts[i];
  }

  /** The pair's merge rank, or -1 when it is not a merge. */
  get(left: number, right: number): number {
    if (left + 1 >= this.starts.length) return -1;
    const { keys, ranks } = this.table;
    const key = left * PAIR_SHIFT + right;
    let lo = this.starts[left];
    let hi = this.starts[left + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return ranks[mid];
    }
    return -1;
  }
}

/**
 * Id pair → merge rank (or NONE), an open-addressing hash table in one typed array: a Map keyed by
 * left * 2^20 + right boxes every key above V8's small integers, and hashing those dominated merging.
 * A slot is four adjacent values (left + 1, right, rank, merged id), so a probe touches one cache line.
 * Grows by doubling; emptied once it holds MAX_PAIRS pairs.
 */
class PairCache {
  /** Slot i at 4i: left + 1 (0: empty), right, rank, merged id. */
  slots = new Int32Array(4 << 12);
  private size = 0;

  /** The pair's slot in `slots`: where it is, or the empty one where it would go. */
  slot(left: number, right: number): number {
    const { slots } = this;
    const mask = (slots.length >> 2) - 1;
    let i = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> 0;
    i = (i ^ (i >>> 15)) & mask;
    while (slots[i << 2] !== 0 && (slots[i << 2] !== left + 1 || slots[(i << 2) + 1] !== right)) i = (i + 1) & mask;
    return i << 2;
  }

  set(left: number, right: number, rank: number, id: number): void {
    if (this.size >= MAX_PAIRS) this.reset(1 << 12);
    else if (this.size * 2 >= this.slots.length >> 2) this.grow();
    const at = this.slot(left, right);
    if (this.slots[at] === 0) this.size++;
    this.slots[at] = left + 1;
    this.slots[at + 1] = right;
    this.slots[at + 2] = rank;
    this.slots[at + 3] = id;
  }

  private reset(capacity: number): void {
    this.slots = new Int32Array(capacity << 2);
    this.size = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.reset(old.length >> 1);
    for (let k = 0; k < old.length; k += 4) if (old[k] !== 0) this.set(old[k] - 1, old[k + 1], old[k + 2], old[k + 3]);
  }
}

/**
 * The merged symbols of one pre-token as CachedTokens: each token's id and [start, end) in UTF-16 units
 * of `piece`, from its length in UTF-8 bytes (a token that covers part of a character covers all of it).
 * `charStart` and `charEnd` are scratch space of at least the piece's UTF-8 length.
 */
export function packByteTokens(piece: string, sym: Int32Array, len: Int32Array, count: number, charStart: Int32Array, charEnd: Int32Array): Int32Array {
  for (let u = 0, b = 0; u < piece.length;) {
    const cp = piece.codePointAt(u)!;
    const units = cp > 0xffff ? 2 : 1;
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let j = 0; j < width; j++, b++) { charStart[b] = u; charEnd[b] = u + units; }
    u += units;
  }
  const result = new Int32Array(count * 3);
  for (let t = 0, at = 0; t < count; t++) {
    result[t * 3] = sym[t];
    result[t * 3 + 1] = charStart[at];
    result[t * 3 + 2] = charEnd[at + len[t] - 1];
    at += len[t];
  }
  return result;
}
