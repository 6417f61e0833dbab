import t from 'tap';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { buildWordIndex, readWordIndex, serializeWordIndex } from '../src/embeddings/glove-index.js';
import { gloveDir } from '../src/embeddings/catalog.js';

/**
 * The word → row index of glove-100d (glove-index.ts) that replaces a Map at start-up: every word of the
 * prepared words.txt (the package's word list, in row order) must map to its own row, and a missing or
 * damaged index file must be rebuilt rather than trusted.
 */
const source = gloveDir(loadConfig(process.env));
const work = mkdtempSync(join(tmpdir(), 'glove-index-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

t.test('small texts: every word found at its row, others not found, file round trip', async (t) => {
  const words = ['the', 'a', '', 'é', '😀', 'the ', 'The', 'x'.repeat(300)];
  const text = words.join('\n');
  const index = buildWordIndex(text, words.length);
  words.forEach((w, row) => t.equal(index.get(w), row, JSON.stringify(w)));
  for (const w of ['th', 'he', 'the\n', 'b', '😀😀', 'x'.repeat(299)]) t.equal(index.get(w), undefined, JSON.stringify(w));
  const file = join(work, 'small.idx');
  writeFileSync(file, serializeWordIndex(index, text));
  const back = await readWordIndex(file, text, words.length);
  t.ok(back);
  words.forEach((w, row) => t.equal(back!.get(w), row));
  t.equal(await readWordIndex(file, text.replace('a', 'b'), words.length), null, 'another text of the same length');
  t.equal(await readWordIndex(file, text, words.length + 1), null, 'another row count');
  writeFileSync(file, readFileSync(file).subarray(0, 40));
  t.equal(await readWordIndex(file, text, words.length), null, 'truncated');
});

t.test('glove-100d: all words at their rows; a missing or damaged index file is rebuilt', async (t) => {
  const dir = join(work, 'glove');
  mkdirSync(dir);
  for (const f of ['meta.json', 'words.txt']) copyFileSync(join(source, f), join(dir, f));
  symlinkSync(join(source, 'vectors.f32'), join(dir, 'vectors.f32'));
  const words = readFileSync(join(source, 'words.txt'), 'utf8').split('\n');
  const check = async (what: string) => {
    const table = await loadGloveTable(dir);
    t.equal(words.filter((w, row) => table.index.get(w) !== row).length, 0, `${what}: every word at its row`);
    t.equal(table.index.get('zzqxvvq'), undefined);
    t.ok(await readWordIndex(join(dir, 'words.idx'), words.join('\n'), words.length), `${what}: a valid index file is left`);
  };
  await check('no index file');
  await check('with the index file');
  writeFileSync(join(dir, 'words.idx'), Buffer.alloc(64));
  await check('damaged index file');
});
