import t from 'tap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { discoverCatalog } from '../src/models/catalog.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { corpus } from './fixtures/corpus.js';
import { ourView, referenceView } from './fixtures/encoding-views.js';

// The oracle: Hugging Face tokenizers (Rust) loading the very same tokenizer.json files.
const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

// Byte-level BPE is lossless up to the tokenizer's own normalizer (Qwen3 applies NFC): decode gives the line back.
// The others round-trip as the reference decodes (WordPiece loses case and spaces; SentencePiece adds a
// space to each section after an added token).
const models: Record<string, ((line: string) => string) | null> = {
  'bert-base-uncased': null, 'bert-base-cased': null, 'gpt-4o': (l) => l, 'llama-3': (l) => l, qwen3: (l) => l.normalize('NFC'),
  'gemma-3': null, 'llama-2': null, 'deepseek-v3': (l) => l, 'gpt-oss': (l) => l,
};
const config = loadConfig(process.env, { MODELS: Object.keys(models).join(',') });
const registry = new ModelRegistry(config);
await registry.loadAll();
const sources = new Map((await discoverCatalog(config)).map((s) => [s.name, s]));
const lines = corpus(2000);

for (const [name, roundTrip] of Object.entries(models)) {
  t.test(`${name}: ids, tokens, offsets, word ids, ids alone, counts and decode equal Hugging Face tokenizers on ${lines.length} lines`, async (t) => {
    const ours = registry.getKind<SubwordTokenizer>(name, 'tokenizer', 'test');
    const reference = Tokenizer.fromFile(join(sources.get(name)!.dir, 'tokenizer.json'));
    let mismatches = 0;
    for (const line of lines) {
      const ref = await reference.encode(line);
      const e = ours.encode(line, null);
      const got = ourView(line, e);
      const want = referenceView(ref);
      const decoded = ours.decode(e.ids, false, false);
      const refDecoded = await reference.decode(ref.getIds(), false);
      // The ids-only path (a plain /encode, /count) against the reference, with and without special tokens.
      const idsAlone = [ours.encodeIds(line, true), ours.encodeIds(line, false)];
      const refIds = [ref.getIds(), (await reference.encode(line, null, { addSpecialTokens: false })).getIds()];
      const same = JSON.stringify(got) === JSON.stringify(want) && decoded === refDecoded && (!roundTrip || decoded === roundTrip(line))
        && JSON.stringify(idsAlone) === JSON.stringify(refIds) && ours.count(line, true) === refIds[0].length;
      if (!same && mismatches++ < 3) {
        t.same(got, want, `line ${JSON.stringify(line)}`);
        t.equal(decoded, refDecoded, 'decode');
        if (roundTrip) t.equal(decoded, roundTrip(line), 'round trip');
        t.same(idsAlone, refIds, 'ids alone (encodeIds), with and without special tokens');
        t.equal(ours.count(line, true), refIds[0].length, 'count');
      }
    }
    t.equal(mismatches, 0, 'lines that differ from the reference');
  });
}
