/** Offset units of the API (schemas/OffsetUnit.json). Internally offsets are UTF-16 code units. */
export type OffsetUnit = 'char' | 'utf16' | 'byte';

/**
 * Converts UTF-16 positions of `text` to another unit. Built once per text: position → units before it.
 * Lone surrogates count as one code point and three UTF-8 bytes (U+FFFD), as in a UTF-8 encoding.
 */
export function offsetConverter(text: string, unit: OffsetUnit): (utf16: number) => number {
  if (unit === 'utf16') return (p) => p;
  const table = new Uint32Array(text.length + 1);
  let acc = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = acc;
    const c = text.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const pairLow = high && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pairLow) {
      table[i + 1] = acc; // inside a pair: same position as the pair's start
      acc += unit === 'char' ? 1 : 4;
      i++;
      continue;
    }
    acc += unit === 'char' ? 1 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  table[text.length] = acc;
  return (p) => table[p];
}
