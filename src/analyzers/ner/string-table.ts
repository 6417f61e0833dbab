/**
 * A compact map from strings to small non-negative integers: open addressing over two independent 32-bit
 * FNV-1a hashes of each key, with no key strings kept. Each slot is two 32-bit words side by side (the
 * first hash; the second hash's high bits and the value plus one, 0 marking an empty slot), so a lookup
 * reads one cache line, and tens of thousands of tagger features or dictionary words take a few bytes
 * each. Two different keys would have to agree on 44 bits of hash (about one chance in 10^13 per pair
 * compared) to be confused. The table doubles when three quarters full (linear probing stays within a
 * cache line or two), rehashing from the first hash alone.
 */
export class StringTable {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** `capacity`: the number of keys expected (the table grows past it). */
  constructor(capacity = 8) {
    let n = 16;
    while (n * 3 < capacity * 4) n *= 2;
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
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
  }

  get(key: string): number | undefined {
    const [a, b] = hashes(key);
    return this.find(a, b);
  }

  /**
   * The value of the concatenation of `parts` (undefined ones left out), without building that string.
   * `p0` is one of a few fixed strings (a feature template's name): the hashes of those are kept, and
   * the second hash is only computed when a slot matches the first.
   */
  getParts(p0: string, p1?: string, p2?: string, p3?: string, p4?: string, p5?: string): number | undefined {
    const start = prefixState(p0);
    let a = start.a;
    if (p1 !== undefined) a = hashA(a, p1);
    if (p2 !== undefined) a = hashA(a, p2);
    if (p3 !== undefined) a = hashA(a, p3);
    if (p4 !== undefined) a = hashA(a, p4);
    if (p5 !== undefined) a = hashA(a, p5);
    const slots = this.slots;
    let tag = 0;
    let tagged = false;
    for (let i = a & this.mask, w = slots[2 * i + 1]; w !== 0; i = (i + 1) & this.mask, w = slots[2 * i + 1]) {
      if (slots[2 * i] !== a) continue;
      if (!tagged) {
        let b = start.b;
        if (p1 !== undefined) b = hashB(b, p1);
        if (p2 !== undefined) b = hashB(b, p2);
        if (p3 !== undefined) b = hashB(b, p3);
        if (p4 !== undefined) b = hashB(b, p4);
        if (p5 !== undefined) b = hashB(b, p5);
        tag = b & TAG_MASK;
        tagged = true;
      }
      if ((w & TAG_MASK) === tag) return (w & VALUE_MASK) - 1;
    }
    return undefined;
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

const A0 = 0x811c9dc5 | 0;
const B0 = (0x01000193 ^ 0x5bd1e995) | 0;

// Both hashes run over UTF-16 units in sequence, so the parts of a key chain: hashing "ab" continues
// from the hash of "a". Kept as two functions of plain integers (no shared state), which V8 inlines.

/** FNV-1a of `s`, continuing from `a`. */
function hashA(a: number, s: string): number {
  for (let i = 0; i < s.length; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  return a;
}

/** A second FNV-style hash of `s` (another offset basis, an extra shift), continuing from `b`. */
function hashB(b: number, s: string): number {
  for (let i = 0; i < s.length; i++) b = Math.imul(b ^ s.charCodeAt(i), 0x01000193) ^ (b >>> 13);
  return b;
}

/** Hash states after the first parts of keys (template names), computed once each. */
const prefixes = new Map<string, { a: number; b: number }>();
/** More distinct first parts than this are hashed each time (the cache is for a fixed set of templates). */
const PREFIXES_KEPT = 4096;

function prefixState(p0: string): { a: number; b: number } {
  let s = prefixes.get(p0);
  if (s === undefined) {
    s = { a: hashA(A0, p0), b: hashB(B0, p0) };
    if (prefixes.size < PREFIXES_KEPT) prefixes.set(p0, s);
  }
  return s;
}

const pair: [number, number] = [0, 0];

/** Both hashes of `s`, as signed 32-bit integers. */
function hashes(s: string): [number, number] {
  pair[0] = hashA(A0, s);
  pair[1] = hashB(B0, s);
  return pair;
}
