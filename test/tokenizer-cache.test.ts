import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { readTokenizerBytes, readTokenizerFiles } from '../src/tokenizers/load.js';
import { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { cacheFile, cacheKey, readTokenizerCache } from '../src/tokenizers/tokenizer-cache.js';
import { createTransformersTokenizer } from '../src/tokenizers/transformers-tokenizer.js';
import { dataFromFiles, pairRank } from '../src/tokenizers/vocab-data.js';
import { corpus } from './fixtures/corpus.js';

/**
 * The prepared tokenizer cache (tokenizer-cache.ts) and the maps built without transformers.js
 * (vocab-data.ts, fast/decode.ts): they must equal what transformers.js builds from the same files, and a
 * missing, stale or damaged cache must fall back to tokenizer.json.
 */
const config = loadConfig(process.env);
const dirs = new Map((await discoverCatalog(config)).filter((s) => s.kind === 'tokenizer' && s.dir).map((s) => [s.name, s.dir!]));
const work = mkdtempSync(join(tmpdir(), 'tokenizer-cache-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const lines = corpus(300);

for (const name of ['bert-base-uncased', 'gpt-4o', 'llama-3', 'qwen3']) {
  t.test(`${name}: vocabulary, merge ranks and decoding equal transformers.js'`, async (t) => {
    const files = await readTokenizerFiles(dirs.get(name)!);
    const tj = createTransformersTokenizer(files);
    const data = dataFromFiles(files)!;
    t.same(data.vocab, tj.model.vocab, 'id → token');
    t.same([...data.tokenToId.entries()], [...tj.model.tokens_to_ids], 'token → id, in the same order');
    const ranks = (tj.model as unknown as { bpe_ranks?: Map<string, number> }).bpe_ranks;
    if (ranks) {
      let wrong = 0;
      for (const [joined, rank] of ranks) {
        const at = joined.indexOf(' ');
        const l = data.tokenToId.get(joined.slice(0, at));
        const r = data.tokenToId.get(joined.slice(at + 1));
        if (l === undefined || r === undefined || pairRank(data.pairs!, l, r) !== rank) wrong++;
      }
      t.equal(wrong, 0, `all ${ranks.size} merges have their rank`);
      t.equal(data.pairs!.keys.length, ranks.size, 'and no pair more');
    }
    // Served without transformers.js: decoding must be transformers.js' on text, special tokens and byte soup.
    const ours = await SubwordTokenizer.load(name, dirs.get(name)!, 'test');
    const special = ours.specialTokens.map((s) => data.tokenToId.get(s)!);
    const inputs = lines.map((line) => ours.encode(line, null).ids);
    inputs.push(special, [...special, ...inputs[0], ...special]);
    for (let i = 0; i < 50; i++) inputs.push(Array.from({ length: 1 + (i % 9) }, (_, k) => (i * 7919 + k * 104729) % data.vocab.length));
    let differ = 0;
    for (const ids of inputs) {
      for (const skip of [false, true]) {
        for (const cleanUp of [false, true]) {
          const want = tj.decode(ids, { skip_special_tokens: skip, clean_up_tokenization_spaces: cleanUp });
          if (ours.decode(ids, skip, cleanUp) !== want && differ++ < 3) t.equal(ours.decode(ids, skip, cleanUp), want, JSON.stringify({ ids, skip, cleanUp }));
        }
      }
    }
    t.equal(differ, 0, `decodings that differ, of ${inputs.length * 4}`);
  });
}

t.test('a prepared cache is written, read back identical, and never served stale or damaged', async (t) => {
  const folder = join(work, 'qwen');
  cpSync(dirs.get('qwen3')!, folder, { recursive: true });
  const cacheDir = join(work, 'cache');
  const fresh = await SubwordTokenizer.load('q', folder, 'test');
  const file = cacheFile(cacheDir, folder, cacheKey(await readTokenizerBytes(folder)));
  const first = await SubwordTokenizer.load('q', folder, 'test', { cacheDir });
  const written = await readTokenizerCache(file);
  t.ok(written, 'first load wrote the cache');
  const direct = dataFromFiles(await readTokenizerFiles(folder))!;
  t.same(written!.vocab, direct.vocab);
  t.same([...written!.tokenToId.entries()], [...direct.tokenToId.entries()]);
  t.ok([...direct.tokenToId.entries()].every(([token, id]) => written!.tokenToId.get(token) === id), 'every token found in the cached index');
  t.equal(written!.tokenToId.get('no such token ⊥'), undefined);
  t.same(written!.pairs, direct.pairs);
  t.same(written!.json, direct.json);
  const cached = await SubwordTokenizer.load('q', folder, 'test', { cacheDir });
  const same = (a: SubwordTokenizer) => lines.every((line) => JSON.stringify(a.encode(line, null)) === JSON.stringify(fresh.encode(line, null)));
  t.ok(same(first), 'first load encodes like a load without cache');
  t.ok(same(cached), 'a load from the cache too');
  t.same(cached.info(), fresh.info());

  // Damaged: truncated, or not a cache at all → built from tokenizer.json, and the file repaired.
  for (const damage of [() => truncateSync(file, 1000), () => writeFileSync(file, 'not a cache')]) {
    damage();
    t.equal(await readTokenizerCache(file), null, 'damaged file is not read');
    const again = await SubwordTokenizer.load('q', folder, 'test', { cacheDir });
    t.same(again.encode(lines[7], null), fresh.encode(lines[7], null));
    t.ok(await readTokenizerCache(file), 'rewritten');
  }

  // Changed tokenizer.json (a new added token): a new key, so the old cache is not used.
  const json = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')) as { added_tokens: object[] };
  json.added_tokens.push({ id: 151669, content: 'zzqx', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(json));
  const changed = await SubwordTokenizer.load('q', folder, 'test', { cacheDir });
  t.same(changed.encode('a zzqx b', null).ids.includes(151669), true, 'the change is served');
  const newFile = cacheFile(cacheDir, folder, cacheKey(await readTokenizerBytes(folder)));
  t.not(newFile, file);
  t.ok(await readTokenizerCache(newFile), 'the new contents are cached');
  t.equal(await readTokenizerCache(file), null, 'and the cache of the old contents removed');

  // An unusable cache location only costs speed.
  const blocked = join(work, 'a-file');
  writeFileSync(blocked, '');
  const unwritable = await SubwordTokenizer.load('q', folder, 'test', { cacheDir: blocked });
  t.same(unwritable.encode(lines[3], null).ids, changed.encode(lines[3], null).ids);
});
