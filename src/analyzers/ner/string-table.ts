/**
 * A compact read-only map from strings to small non-negative integers: open addressing over two
 * independent 32-bit FNV-1a hashes of each key, with no key strings kept. Tens of thousands of tagger
 * features or dictionary words then take a few bytes each instead of a JavaScript string and a Map
 * entry. Two different keys would have to agree on both hashes (about one chance in 10^19 per pair) to
 * be confused.
 */
export class StringTable {
  private readonly h1: Uint32Array;
  private readonly h2: Uint32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.h1 = new Uint32Array(slots);
    this.h2 = new Uint32Array(slots);
    this.values = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
  }

  /** Sets `key` to `value` (≥ 0) unless the key is already there. */
  set(key: string, value: number): void {
    const [a, b] = hashes(key);
    let i = a & this.mask;
    while (this.values[i] >= 0) {
      if (this.h1[i] === a && this.h2[i] === b) return;
      i = (i + 1) & this.mask;
    }
    if (this.size * 2 >= this.values.length) throw new Error('StringTable is full');
    this.h1[i] = a;
    this.h2[i] = b;
    this.values[i] = value;
    this.size++;
  }

  get(key: string): number | undefined {
    const [a, b] = hashes(key);
    for (let i = a & this.mask; this.values[i] >= 0; i = (i + 1) & this.mask) {
      if (this.h1[i] === a && this.h2[i] === b) return this.values[i];
    }
    return undefined;
  }
}

const pair: [number, number] = [0, 0];

/** Two 32-bit FNV-1a hashes of the UTF-16 units of `s` (different offset bases). */
function hashes(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  pair[0] = a >>> 0;
  pair[1] = b >>> 0;
  return pair;
}
