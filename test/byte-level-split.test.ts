import t from 'tap';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { discoverCatalog } from '../src/models/catalog.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { corpus } from './fixtures/corpus.js';
import { ourView, referenceView } from './fixtures/encoding-views.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

/**
 * Byte-level BPE whose Split pattern leaves gaps between its matches (the shipped tokenizers' patterns
 * match every character): with Isolated the gaps are pre-tokens of their own, with Removed + invert they
 * are dropped. GPT-4o's files with the pre-tokenizer changed, compared with the reference.
 */
const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-byte-level-'));
t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
const source = (await discoverCatalog(loadConfig(process.env, {}))).find((s) => s.name === 'gpt-4o')!.dir!;
const base = JSON.parse(readFileSync(join(source, 'tokenizer.json'), 'utf8'));
const split = (behavior: string, invert: boolean) => ({
  type: 'Sequence',
  pretokenizers: [
    { type: 'Split', pattern: { Regex: " ?\\p{L}+|\\p{N}{1,3}" }, behavior, invert },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
  ],
});
const variants: Record<string, object> = { 'bl-gaps-isolated': split('Isolated', false), 'bl-gaps-matches-only': split('Removed', true) };
for (const [name, pre] of Object.entries(variants)) {
  mkdirSync(join(modelDir, name));
  writeFileSync(join(modelDir, name, 'tokenizer.json'), JSON.stringify({ ...base, pre_tokenizer: pre }));
  writeFileSync(join(modelDir, name, 'tokenizer_config.json'), readFileSync(join(source, 'tokenizer_config.json')));
}
const names = Object.keys(variants);
const registry = new ModelRegistry(loadConfig(process.env, { MODELS: names.join(','), DEFAULT_MODEL: names[0], MODEL_DIR: modelDir }));
await registry.loadAll();
const lines = corpus(1000);

for (const name of names) {
  t.test(`${name}: ids, tokens, offsets and word ids equal the reference on ${lines.length} lines`, async (t) => {
    const ours = registry.getKind<SubwordTokenizer>(name, 'tokenizer', 'test');
    const reference = Tokenizer.fromFile(join(modelDir, name, 'tokenizer.json'));
    let mismatches = 0;
    for (const line of lines) {
      const ref = await reference.encode(line);
      const e = ours.encode(line, null);
      const got = ourView(line, e);
      const want = referenceView(ref);
      if (JSON.stringify(got) !== JSON.stringify(want) && mismatches++ < 3) t.same(got, want, `line ${JSON.stringify(line)}`);
    }
    t.equal(mismatches, 0, 'lines that differ from the reference');
  });
}
