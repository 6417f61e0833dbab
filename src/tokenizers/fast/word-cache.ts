/**
 * A bounded cache of pre-token → tokens: an open-addressing hash table over one Int32Array of entries.
 * A pre-token is looked up by its range in the text, so a hit needs no substring, and it touches two
 * places in memory (its slot, its entry) instead of a Map's bucket, entry, key string and value object:
 * the tokenizers run between other work that evicts them from the CPU caches, so misses set the pace.
 * When it holds `capacity` entries it starts over empty.
 *
 * An entry at `e` in `data`: the pre-token's length n, its n UTF-16 units, then (at e + n + 1) the token
 * count c and c × (id, start, end), start and end in UTF-16 units of the pre-token.
 */
export class WordCache {
  /** The entries (replaced when it grows: read it after add). */
  data = new Int32Array(1 << 14);
  private used = 0;
  /** Two values per slot: the key's hash, and its entry's start + 1 (0: empty). */
  private slots = new Int32Array(2 << 12);
  private count = 0;

  constructor(private readonly capacity = 50_000) {}

  /** Where the tokens of text[from, to) start in `data` (the token count, then the tokens), or -1. */
  find(text: string, from: number, to: number): number {
    const hash = hashRange(text, from, to);
    const { slots, data } = this;
    const mask = (slots.length >> 1) - 1;
    const n = to - from;
    for (let i = hash & mask; slots[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i] !== hash) continue;
      const e = slots[2 * i + 1] - 1;
      if (data[e] !== n) continue;
      let k = 0;
      while (k < n && data[e + 1 + k] === text.charCodeAt(from + k)) k++;
      if (k === n) return e + 1 + n;
    }
    return -1;
  }

  /**
   * Caches `tokens` (id, start, end per token) for text[from, to), which must not be cached yet; returns
   * where they start in `data`, as find would.
   */
  add(text: string, from: number, to: number, tokens: Int32Array): number {
    if (this.count >= this.capacity) this.clear();
    if (2 * (this.count + 1) > this.slots.length >> 1) this.rehash(this.slots.length << 1);
    const n = to - from;
    const size = n + 2 + tokens.length;
    if (this.used + size > this.data.length) {
      const bigger = new Int32Array(Math.max(this.data.length * 2, this.used + size));
      bigger.set(this.data.subarray(0, this.used));
      this.data = bigger;
    }
    const e = this.used;
    const { data } = this;
    data[e] = n;
    for (let k = 0; k < n; k++) data[e + 1 + k] = text.charCodeAt(from + k);
    data[e + 1 + n] = tokens.length / 3;
    data.set(tokens, e + 2 + n);
    this.used += size;
    this.insert(hashRange(text, from, to), e);
    this.count++;
    return e + 1 + n;
  }

  private insert(hash: number, entry: number): void {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    let i = hash & mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
    slots[2 * i] = hash;
    slots[2 * i + 1] = entry + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.insert(old[i], old[i + 1] - 1);
  }

  private clear(): void {
    this.slots = new Int32Array(2 << 12);
    this.data = new Int32Array(1 << 14);
    this.used = 0;
    this.count = 0;
  }
}

/** FNV-1a over UTF-16 units. */
function hashRange(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * One pre-token's tokens as `tokenize` functions return them: for each token, its id and [start, end)
 * in UTF-16 units relative to the pre-token, packed as [id0, start0, end0, id1, ...].
 */
export type CachedTokens = Int32Array;
