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
    return this.find(state[0] >>> 0, state[1] >>> 0);
  }

  private find(a: number, b: number): number | undefined {
    for (let i = a & this.mask; this.values[i] >= 0; i = (i + 1) & this.mask) {
      if (this.h1[i] === a && this.h2[i] === b) return this.values[i];
    }
    return undefined;
  }
}

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

/** Two 32-bit FNV-1a hashes of the UTF-16 units of `s` (different offset bases). */
function hashes(s: string): [number, number] {
  state[0] = A0;
  state[1] = B0;
  update(s);
  pair[0] = state[0] >>> 0;
  pair[1] = state[1] >>> 0;
  return pair;
}
