/**
 * SentencePiece's precompiled normalizer (tokenizer.json `Precompiled`), as Hugging Face tokenizers runs
 * it. `precompiled_charsmap` (base64) is: a little-endian u32 trie size in bytes, the trie (darts-clone
 * double array of u32 units over UTF-8 bytes, whose leaf values are offsets into the blob), then the blob
 * of NUL-terminated replacement strings.
 *
 * The reference walks the text by extended grapheme cluster: a cluster under 6 UTF-8 bytes that some
 * trie key prefixes is replaced whole by the replacement of the shortest such key; any other cluster is
 * replaced character by character (a character no key prefixes stays). Alignments follow from the list
 * of (character, change) pairs it builds, applied as NormalizedString::transform applies them, quirks
 * included (a replacement that removes characters charges the removal to the character before it).
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A darts-clone unit's child offset. */
const offsetOf = (unit: number): number => (unit >>> 10) << ((unit & 0x200) >>> 6);

/** The charsmap: its trie and, per leaf value, the replacement's code points. */
class Charsmap {
  private readonly replacements = new Map<number, string[]>();

  constructor(private readonly trie: Uint32Array, private readonly blob: Uint8Array) {}

  /** Parses a base64 `precompiled_charsmap`; throws on a malformed one. */
  static parse(base64: string): Charsmap {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length < 4) throw new Error('precompiled_charsmap is too short');
    const trieSize = bytes.readUInt32LE(0);
    if (trieSize % 4 !== 0 || trieSize === 0 || 4 + trieSize > bytes.length) throw new Error('precompiled_charsmap has an invalid trie size');
    const trie = new Uint32Array(trieSize / 4);
    for (let i = 0; i < trie.length; i++) trie[i] = bytes.readUInt32LE(4 + 4 * i);
    const blob = new Uint8Array(bytes.subarray(4 + trieSize));
    utf8.decode(blob); // the reference refuses a blob that is not UTF-8
    return new Charsmap(trie, blob);
  }

  /**
   * The replacement for the UTF-8 bytes of code points chars[from..to), when a trie key prefixes them
   * (the shortest such key: the reference takes the first result of a common-prefix search); else null.
   */
  lookup(chars: readonly string[], from: number, to: number): string[] | null {
    const trie = this.trie;
    let pos = offsetOf(trie[0]);
    for (let i = from; i < to; i++) {
      const cp = chars[i].codePointAt(0)!;
      const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = n - 1; k >= 0; k--) {
        const byte = n === 1 ? cp : k === n - 1 ? ((0xf0 << (4 - n)) & 0xff) | (cp >> (6 * k)) : 0x80 | ((cp >> (6 * k)) & 0x3f);
        if (byte === 0) return null; // the search stops at a NUL byte
        pos ^= byte;
        const unit = trie[pos];
        if (unit === undefined || (unit & 0x800000ff) !== byte) return null;
        pos ^= offsetOf(unit);
        if ((unit >>> 8) & 1) return this.replacement((trie[pos] ?? 0) & 0x7fffffff);
      }
    }
    return null;
  }

  private replacement(at: number): string[] {
    let chars = this.replacements.get(at);
    if (!chars) {
      let end = at;
      while (end < this.blob.length && this.blob[end] !== 0) end++;
      chars = [...utf8.decode(this.blob.subarray(Math.min(at, end), end))];
      this.replacements.set(at, chars);
    }
    return chars;
  }
}

let last: { base64: string; map: Charsmap } | null = null;

/** The parsed charsmap (the last one is kept: a tokenizer's normalizers ask for the same one twice). */
function parsed(base64: string): Charsmap {
  if (last?.base64 !== base64) last = { base64, map: Charsmap.parse(base64) };
  return last.map;
}

/**
 * A test for text the charsmap leaves as it is: printable ASCII only (each such character is a cluster
 * of its own), none of it a key. Null without a charsmap.
 */
export function precompiledKeeps(base64: string | null | undefined): ((text: string) => boolean) | null {
  if (!base64) return null;
  const map = parsed(base64);
  const kept = new Uint8Array(128);
  for (let c = 0x20; c < 0x7f; c++) kept[c] = map.lookup([String.fromCharCode(c)], 0, 1) === null ? 1 : 0;
  return (text) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || kept[c] === 0) return false;
    }
    return true;
  };
}

/** UTF-8 length of one code point. */
const utf8Length = (ch: string): number => {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
};

/** Normalized code points, each with the index of the input code point whose alignment it takes (-1: the text's start). */
export interface CharsmapResult {
  chars: string[];
  from: Int32Array;
}

/**
 * The charsmap normalization for a `precompiled_charsmap` (null or empty: none, it changes nothing):
 * code points in, normalized code points out, or null when nothing changed. Throws on a malformed
 * charsmap, so such a tokenizer fails at load.
 */
export function precompiledCharsmap(base64: string | null | undefined): ((chars: readonly string[]) => CharsmapResult | null) | null {
  if (!base64) return null;
  const map = parsed(base64);
  return (chars) => {
    // The (character, change) list: 0 replaces one input character, 1 inserts, -k also removes k more.
    const out: string[] = [];
    const changes: number[] = [];
    const replace = (oldCount: number, norm: string[]): void => {
      for (const c of norm) { out.push(c); changes.push(0); }
      const diff = norm.length - oldCount;
      if (diff > 0) for (let k = changes.length - diff; k < changes.length; k++) changes[k] = 1;
      else if (diff < 0 && changes.length > 0) changes[changes.length - 1] += diff;
    };
    let modified = false;
    let cp = 0; // code point index of the current cluster
    for (const { segment } of graphemes.segment(chars.join(''))) {
      const start = cp;
      let bytes = 0;
      for (let u = 0; u < segment.length; cp++) {
        bytes += utf8Length(chars[cp]);
        u += chars[cp].length;
      }
      if (bytes < 6) {
        const norm = map.lookup(chars, start, cp);
        if (norm) { modified = true; replace(cp - start, norm); continue; }
      }
      for (let i = start; i < cp; i++) {
        const norm = map.lookup(chars, i, i + 1);
        if (norm) { modified = true; replace(1, norm); } else { out.push(chars[i]); changes.push(0); }
      }
    }
    if (!modified) return null;
    // NormalizedString::transform: an inserted character takes the alignment of the one before it, any
    // other that of the input character it replaces; removals skip input characters.
    const from = new Int32Array(out.length);
    const last = chars.length - 1;
    let at = 0;
    changes.forEach((change, k) => {
      from[k] = change > 0 ? at - 1 : Math.min(at, last);
      if (change <= 0) at += 1 - change;
    });
    return { chars: out, from };
  };
}
