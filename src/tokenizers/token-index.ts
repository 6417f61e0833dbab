import { buildSlots, stringHash, validSlots } from '../models/string-index.js';

/** Token → id lookups: a Map, or a TokenIndex read from the prepared cache. */
export interface TokenLookup {
  get(token: string): number | undefined;
  has(token: string): boolean;
  readonly size: number;
  entries(): IterableIterator<[string, number]>;
}

/**
 * Token → id over parallel arrays of tokens and ids with a prepared hash table (models/string-index.ts):
 * loading one costs no Map building (time and memory per token; docs/MEASUREMENTS.md).
 */
export class TokenIndex implements TokenLookup {
  private readonly mask: number;

  constructor(private readonly tokens: readonly string[], private readonly ids: Int32Array, private readonly slots: Int32Array) {
    if (tokens.length !== ids.length || !validSlots(slots, tokens.length)) throw new Error('token index does not match its tokens');
    this.mask = slots.length - 1;
  }

  /** The table for `tokens` (what the cache stores). */
  static slotsFor(tokens: readonly string[]): Int32Array {
    return buildSlots(tokens.length, (i) => tokens[i]);
  }

  get size(): number {
    return this.tokens.length;
  }

  get(token: string): number | undefined {
    const { slots, tokens, mask } = this;
    for (let slot = stringHash(token) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] - 1;
      if (entry < 0) return undefined;
      if (tokens[entry] === token) return this.ids[entry];
    }
  }

  has(token: string): boolean {
    return this.get(token) !== undefined;
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.tokens.length; i++) yield [this.tokens[i], this.ids[i]];
  }
}
