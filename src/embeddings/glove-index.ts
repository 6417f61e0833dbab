import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildSlots, stringHash, validSlots } from '../models/string-index.js';

/**
 * Word → row lookup for the word-vector table without a JavaScript Map: a hash table
 * (models/string-index.ts) over the words file's own text. Built once at prepare time and read as typed
 * arrays, it costs next to nothing to load, where splitting the text and filling a Map of the 341k words
 * slowed start-up (docs/MEASUREMENTS.md).
 */
export class WordIndex {
  /**
   * `text`: the words, one a line; `starts[row]` where word `row` begins (`starts[rows]` = text length + 1);
   * `slots`: power-of-two table of row + 1 (0 = empty).
   */
  constructor(private readonly text: string, private readonly starts: Int32Array, private readonly slots: Int32Array) {}

  get rows(): number {
    return this.starts.length - 1;
  }

  /** The row of `word`, or undefined. */
  get(word: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = stringHash(word) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return undefined;
      const row = entry - 1;
      const start = this.starts[row];
      if (this.starts[row + 1] - 1 - start === word.length && this.text.startsWith(word, start)) return row;
    }
  }

  has(word: string): boolean {
    return this.get(word) !== undefined;
  }
}

/** The first 8 bytes of the text's SHA-256 (native, fast), which tie an index file to its text. */
function fingerprint(text: string): Int32Array {
  return new Int32Array(new Uint8Array(createHash('sha256').update(text).digest().subarray(0, 8)).buffer);
}

/** Line starts of `text` (one word a line, no line break at the end). */
function lineStarts(text: string, rows: number): Int32Array {
  const starts = new Int32Array(rows + 1);
  let row = 0;
  for (let at = 0; row < rows; row++) {
    starts[row] = at;
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length + 1 : nl + 1;
  }
  starts[rows] = text.length + 1;
  return starts;
}

/** Builds the index of `text` (`rows` distinct words, one a line: convertGlove checks they are distinct). */
export function buildWordIndex(text: string, rows: number): WordIndex {
  const starts = lineStarts(text, rows);
  return new WordIndex(text, starts, buildSlots(rows, (row) => text.slice(starts[row], starts[row + 1] - 1)));
}

const MAGIC = 0x58444957; // "WIDX"

/**
 * The index file: magic, rows, text length, a fingerprint of the text (2 ints), table size, then starts and slots (int32,
 * host order; a file from another byte order fails the magic check and is rebuilt).
 */
export function serializeWordIndex(index: WordIndex, text: string): Buffer {
  const { starts, slots } = index as unknown as { starts: Int32Array; slots: Int32Array };
  const head = Int32Array.of(MAGIC, index.rows, text.length, ...fingerprint(text), slots.length);
  return Buffer.concat([head, starts, slots].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

/** Reads an index file written for this very `text`, or null when it is missing or does not match. */
export async function readWordIndex(file: string, text: string, rows: number): Promise<WordIndex | null> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return null;
  }
  const HEAD = 24;
  if (buf.length < HEAD) return null;
  const head = new Int32Array(new Uint8Array(buf.subarray(0, HEAD)).buffer);
  const size = head[5];
  if (head[0] !== MAGIC || head[1] !== rows || head[2] !== text.length || size <= 0) return null;
  if (buf.length !== HEAD + (rows + 1) * 4 + size * 4) return null;
  const print = fingerprint(text);
  if (head[3] !== print[0] || head[4] !== print[1]) return null;
  const starts = new Int32Array(new Uint8Array(buf.subarray(HEAD, HEAD + (rows + 1) * 4)).buffer);
  const slots = new Int32Array(new Uint8Array(buf.subarray(HEAD + (rows + 1) * 4)).buffer);
  if (starts[rows] !== text.length + 1 || !validSlots(slots, rows)) return null;
  return new WordIndex(text, starts, slots);
}
