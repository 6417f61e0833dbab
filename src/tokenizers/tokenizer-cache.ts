import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TokenIndex } from './token-index.js';
import type { TokenizerBytes } from './load.js';
import type { TokenizerJson } from './tokenizer-json.js';
import type { PairTable, TokenizerData } from './vocab-data.js';

/**
 * A prepared, compact form of a tokenizer folder (written by `npm run prepare` for the shipped
 * tokenizers and on first load for MODEL_DIR folders), so that start-up neither parses a 10 MB
 * tokenizer.json nor rebuilds its maps (an order of magnitude slower; docs/MEASUREMENTS.md).
 *
 * A file is named after its folder's path and the SHA-256 of the tokenizer files' bytes (and this format's
 * version): a changed tokenizer.json has another name, so a stale cache is never read (and writing the new
 * one removes the folder's old ones); a missing, truncated or otherwise unreadable one is ignored and the
 * tokenizer is built from its files. Layout (little-endian): magic, header length, header JSON (padded to
 * 8 bytes), then pair keys (float64), pair ranks, token ids, vocab slots, token hash table (int32), token
 * lengths (uint32) and the tokens (UTF-16).
 */
const MAGIC = 0x4b545354; // "TSTK"
/** Part of every cache key: bump it whenever what is stored, or how vocab-data.ts derives it, changes. */
const FORMAT = 3;

interface Header {
  json: TokenizerJson;
  config: Record<string, unknown>;
  tokens: number;
  units: number;
  vocabLength: number;
  slots: number;
  pairs: number;
  mergeCount: number | null;
}

/** The cache file name for a tokenizer's files. */
export function cacheKey(bytes: TokenizerBytes): string {
  const hash = createHash('sha256').update(`tokenserve-tokenizer-cache ${FORMAT}\0`).update(bytes.json).update('\0');
  if (bytes.config) hash.update(bytes.config);
  return hash.digest('hex');
}

/** The cache file of tokenizer folder `dir` whose files have `key`. */
export function cacheFile(cacheDir: string, dir: string, key: string): string {
  return join(cacheDir, 'tokenizers', `${folderPrefix(dir)}-${key}.bin`);
}

function folderPrefix(dir: string): string {
  return createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `data` atomically (temporary file + rename), so a reader never sees half a file. */
export async function writeTokenizerCache(file: string, data: TokenizerData): Promise<void> {
  if (!littleEndian) return;
  const entries = [...data.tokenToId.entries()];
  const keys = entries.map(([k]) => k);
  const slot = new Map(keys.map((k, i) => [k, i]));
  const table = TokenIndex.slotsFor(keys);
  const header: Header = {
    json: data.json, config: data.config, tokens: keys.length, units: keys.reduce((n, k) => n + k.length, 0),
    vocabLength: data.vocab.length, slots: table.length, pairs: data.pairs?.keys.length ?? 0, mergeCount: data.pairs?.mergeCount ?? null,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil((8 + headerBytes.length) / 8) * 8;
  const prefix = Buffer.alloc(padded);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, 8);
  const parts: ArrayBufferView[] = [
    prefix,
    data.pairs?.keys ?? new Float64Array(0),
    data.pairs?.ranks ?? new Int32Array(0),
    Int32Array.from(entries, ([, id]) => id),
    Int32Array.from({ length: data.vocab.length }, (_, id) => (data.vocab[id] === undefined ? -1 : slot.get(data.vocab[id]!)!)),
    table,
    Uint32Array.from(keys, (k) => k.length),
    Buffer.from(keys.join(''), 'utf16le'),
  ];
  await mkdir(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, Buffer.concat(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength))));
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  // The folder's caches of earlier contents (or formats) will never be read again.
  const [folder] = basename(file).split('-');
  for (const old of await readdir(dirname(file))) {
    if (old.startsWith(`${folder}-`) && old.endsWith('.bin') && old !== basename(file)) await rm(join(dirname(file), old), { force: true });
  }
}

/** Reads a cache file, or null when it is missing or not a complete file of this format. */
export async function readTokenizerCache(file: string): Promise<TokenizerData | null> {
  if (!littleEndian) return null;
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return null;
  }
  try {
    return parse(buf);
  } catch {
    return null;
  }
}

function parse(buf: Buffer): TokenizerData | null {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) return null;
  const headerLength = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as Header;
  let at = Math.ceil((8 + headerLength) / 8) * 8;
  const expected = at + header.pairs * 12 + header.tokens * 8 + header.vocabLength * 4 + header.slots * 4 + header.units * 2;
  if (buf.length !== expected) return null;
  // Copies into fresh typed arrays: aligned whatever the Buffer's offset, and the file buffer can go.
  const take = <T>(Type: { new(b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, count: number): T => {
    const bytes = count * Type.BYTES_PER_ELEMENT;
    const copy = new Uint8Array(buf.subarray(at, at + bytes)).buffer;
    at += bytes;
    return new Type(copy);
  };
  const pairKeys = take(Float64Array, header.pairs);
  const pairRanks = take(Int32Array, header.pairs);
  const ids = take(Int32Array, header.tokens);
  const slots = take(Int32Array, header.vocabLength);
  const table = take(Int32Array, header.slots);
  const lengths = take(Uint32Array, header.tokens);
  const all = buf.toString('utf16le', at, at + header.units * 2);
  const keys = new Array<string>(header.tokens);
  for (let i = 0, u = 0; i < header.tokens; i++) { keys[i] = all.slice(u, u + lengths[i]); u += lengths[i]; }
  const tokenToId = new TokenIndex(keys, ids, table);
  const vocab = new Array<string | undefined>(header.vocabLength);
  for (let id = 0; id < slots.length; id++) if (slots[id] >= 0) vocab[id] = keys[slots[id]];
  const pairs: PairTable | null = header.mergeCount === null ? null : { keys: pairKeys, ranks: pairRanks, mergeCount: header.mergeCount };
  return { json: header.json, config: header.config, vocab, tokenToId, pairs };
}
