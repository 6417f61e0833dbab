/**
 * A bounded pre-token cache with two generations: lookups hit the current map, then the previous one
 * (promoting the entry); when the current map is full it becomes the previous one. Memory stays below
 * 2 × `capacity` entries without the bookkeeping cost of a true LRU.
 */
export class WordCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly capacity = 50_000) {}

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}

/**
 * One cached pre-token: for each token, its id and [start, end) in UTF-16 units relative to the
 * pre-token, packed as [id0, start0, end0, id1, ...].
 */
export type CachedTokens = Int32Array;
