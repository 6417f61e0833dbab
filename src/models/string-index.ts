/**
 * An open-addressing hash table of strings (FNV-1a over UTF-16 units, linear probing) stored as one
 * Int32Array of entry + 1 (0 = empty), where the strings themselves live elsewhere (an array, or one text);
 * lookups probe from `stringHash(key) & (size - 1)` until an empty slot.
 * Large model tables (the 341k words of glove-100d, the 200k tokens of o200k) keep it in their prepared
 * cache files, so start-up reads it instead of building a Map (0.1-0.3 s and ~25 MB for those tables).
 */

/** FNV-1a hash of `s`'s UTF-16 units. */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The table for `count` entries whose strings `keyOf` gives (at most half full). */
export function buildSlots(count: number, keyOf: (entry: number) => string): Int32Array {
  let size = 1;
  while (size < count * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let entry = 0; entry < count; entry++) {
    let slot = stringHash(keyOf(entry)) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }
  return slots;
}

/** True when `slots` can be a table built by buildSlots for `count` entries. */
export function validSlots(slots: Int32Array, count: number): boolean {
  const size = slots.length;
  return size >= count * 2 && (size & (size - 1)) === 0;
}
