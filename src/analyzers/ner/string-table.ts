/**
 * A compact map from strings to small non-negative integers: open addressing over two independent 32-bit
 * FNV-1a hashes of each key, with no key strings kept. Each slot is two 32-bit words side by side (the
 * first hash; the second hash's high bits and the value plus one, 0 marking an empty slot), so a lookup
 * reads one cache line, and tens of thousands of tagger features or dictionary words take a few bytes
 * each. Two different keys would have to agree on 44 bits of hash (about one chance in 10^13 per pair
 * compared) to be confused. The table doubles when half full, rehashing from the first hash alone.
 */
export class StringTable {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** `capacity`: the number of keys expected (the table grows past it). */
  constructor(capacity = 8) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Int32Array(n * 2);
    this.mask = n - 1;
  }

  /** Sets `key` to `value` (0 ≤ value < 2^20 - 1) unless the key is already there. */
  set(key: string, value: number): void {
    if (value < 0 || value >= VALUE_LIMIT) throw new RangeError(`StringTable value ${value} out of range`);
    const [a, b] = hashes(key);
    const tag = b & TAG_MASK;
    let i = a & this.mask;
    for (let w = this.slots[2 * i + 1]; w !== 0; w = this.slots[2 * i + 1]) {
      if (this.slots[2 * i] === a && (w & TAG_MASK) === tag) return;
      i = (i + 1) & this.mask;
    }
    this.slots[2 * i] = a;
    this.slots[2 * i + 1] = tag | (value + 1);
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  get(key: string): number | undefined {
    const [a, b] = hashes(key);
    return this.find(a, b);
  }

  /** The value of the concatenation of `parts` (undefined ones left out), without building that string. */
  getParts(p0: string, p1?: string, p2?: string, p3?: string, p4?: string, p5?: string): number | undefined {
    state[0] = A0;
    state[1] = B0;
    update(p0);
    if (p1 !== undefined) update(p1);
    if (p2 !== undefined) update(p2);
    if (p3 !== undefined) update(p3);
    if (p4 !== undefined) update(p4);
    if (p5 !== undefined) update(p5);
    return this.find(state[0], state[1]);
  }

  private find(a: number, b: number): number | undefined {
    const tag = b & TAG_MASK;
    const slots = this.slots;
    for (let i = a & this.mask, w = slots[2 * i + 1]; w !== 0; i = (i + 1) & this.mask, w = slots[2 * i + 1]) {
      if (slots[2 * i] === a && (w & TAG_MASK) === tag) return (w & VALUE_MASK) - 1;
    }
    return undefined;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j] & this.mask;
      while (this.slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      this.slots[2 * i] = old[j];
      this.slots[2 * i + 1] = old[j + 1];
    }
  }
}

/** Low bits of a slot's second word: the value plus one; high bits: the second hash's. */
const VALUE_BITS = 20;
const VALUE_LIMIT = 2 ** VALUE_BITS - 1;
const VALUE_MASK = VALUE_LIMIT;
const TAG_MASK = ~VALUE_MASK;

const A0 = 0x811c9dc5;
const B0 = 0x01000193 ^ 0x5bd1e995;
/** The running state of `getParts` (both hashes are sequential over UTF-16 units, so parts chain). */
const state = new Int32Array(2);

function update(s: string): void {
  let a = state[0];
  let b = state[1];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  state[0] = a;
  state[1] = b;
}

const pair: [number, number] = [0, 0];

/** Two 32-bit FNV-1a hashes (as signed integers) of the UTF-16 units of `s` (different offset bases). */
function hashes(s: string): [number, number] {
  state[0] = A0;
  state[1] = B0;
  update(s);
  pair[0] = state[0];
  pair[1] = state[1];
  return pair;
}
