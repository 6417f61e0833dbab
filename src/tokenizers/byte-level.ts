/**
 * GPT-2's byte ↔ unicode table used by ByteLevel pre-tokenizers: every byte is shown as a printable
 * character (space → Ġ). Token strings of byte-level BPE models are made of these characters.
 */
export const byteToChar: string[] = (() => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) table[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return table;
})();

export const charToByte: Map<string, number> = new Map(byteToChar.map((c, b) => [c, b]));

// ignoreBOM: keep a leading U+FEFF (by default TextDecoder swallows it, which would shift offsets).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** The text a byte-level string stands for (invalid UTF-8 becomes U+FFFD). */
export function byteLevelToText(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = charToByte.get(s[i]) ?? 0x3f;
  return decoder.decode(bytes);
}
