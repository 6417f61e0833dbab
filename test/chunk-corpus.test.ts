import type { Chunk } from '../src/generated/wire-types.js';
/**
 * Acceptance of /chunk and /count on 500 generated documents (1-50k characters) for every shipped
 * tokenizer, checked against Hugging Face tokenizers (the Rust binding) loading the same files: every
 * chunk re-encodes to its token_count ≤ max_tokens, chunks cover the input in order, overlaps re-encode
 * to ≤ overlap_tokens, cuts are on the requested boundary unless the chunk says fallback, and /count
 * equals the number of ids of the whole document. Service functions are called in-process (HTTP is
 * covered by chunk.test.ts); the parameters rotate over boundaries, sizes and overlaps. The word
 * analyzers (words, words-zh) are checked on 120 shorter documents, with their own counts.
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { analyzerTextUnits } from '../src/analyzers/text-units.js';
import type { TextUnits } from '../src/features/chunking/counted-text.js';
import { BOUNDARIES } from '../src/features/chunking/chunker.js';
import { chunk } from '../src/features/chunking/chunking.js';
import { count } from '../src/features/tokenization/count.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { mulberry32 } from '../scripts/prng.js';
import { documents } from './fixtures/documents.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

const TOKENIZERS = ['bert-base-uncased', 'gpt-4o', 'llama-3', 'qwen3'];
const config = loadConfig(process.env, { MODELS: TOKENIZERS.join(','), MAX_INPUT_CHARS: 50_000, MAX_ANALYZER_CHARS: 50_000, MAX_CHUNKS: 100_000 });
const registry = new ModelRegistry(config);
await registry.loadAll();
const sources = new Map((await discoverCatalog(config)).map((s) => [s.name, s]));
const docs = documents(500);
// Small windows on short documents, realistic ones on long documents (the chunks, each re-encoded, set the test's time).
const SIZES = [8, 16, 32, 64, 128, 256, 512];
const LONG_DOC_SIZES = [128, 256, 512];

// The analyzers' boundaries depend on the text only: computed once per document for all tokenizers.
const analyzers = analyzerTextUnits('');
const memo = <A extends unknown[]>(f: (text: string, ...rest: A) => number[]) => {
  const cache = new Map<string, number[]>();
  return (text: string, ...rest: A) => {
    let v = cache.get(text);
    if (!v) cache.set(text, (v = f(text, ...rest)));
    return v;
  };
};
const units: TextUnits = { paragraphs: memo(analyzers.paragraphs), sentences: memo(analyzers.sentences), words: memo(analyzers.words) };

t.test('the corpus spans what the acceptance asks', async (t) => {
  const lengths = docs.map((d) => d.length);
  t.equal(docs.length, 500);
  t.ok(Math.min(...lengths) >= 1 && Math.max(...lengths) <= 50_000 && Math.max(...lengths) > 30_000, `lengths ${Math.min(...lengths)}-${Math.max(...lengths)}`);
  t.ok(docs.filter((d) => /\p{Script=Han}{20}/u.test(d)).length > 100, 'Chinese');
  t.ok(docs.filter((d) => /\n[^\S\n]*\n[^\S\n]*\n/.test(d)).length > 50, 'empty paragraphs');
  t.ok(docs.filter((d) => /[A-Za-z0-9+/]{300}/.test(d)).length > 20, 'long single words');
  t.ok(docs.filter((d) => /function |const |return /.test(d)).length > 100, 'code');
});

/** Positions where a cut is on the requested boundary (input edges aside); token starts come from the reference. */
function allowedCuts(doc: string, boundary: string, referenceStarts: () => number[]): Set<number> {
  const para = units.paragraphs(doc);
  if (boundary === 'paragraph') {
    // Independently of the analyzers: a paragraph starts after a blank line.
    return new Set(para.filter((p) => /\n[^\S\n]*\n\s*$/.test(doc.slice(Math.max(0, p - 200), p))));
  }
  if (boundary === 'sentence') return new Set([...para, ...units.sentences(doc, 'multi')]);
  if (boundary === 'word') return new Set([...para, ...units.words(doc, 'multi')]);
  // Reference offsets are code points: map them to UTF-16.
  const utf16: number[] = [];
  let u = 0;
  for (const ch of doc) { utf16.push(u); u += ch.length; }
  utf16.push(u);
  return new Set(referenceStarts().map((c) => utf16[c]));
}

for (const [m, name] of TOKENIZERS.entries()) {
  t.test(`${name}: chunks of 500 documents re-encode within max_tokens, cover the input, overlap and cut as declared; /count = ids`, async (t) => {
    const model = registry.getKind<SubwordTokenizer>(name, 'tokenizer', 'test');
    const reference = Tokenizer.fromFile(join(sources.get(name)!.dir, 'tokenizer.json'));
    const random = mulberry32(100 + m);
    const problems: string[] = [];
    const problem = (i: number, what: string) => { if (problems.push(`doc ${i}: ${what}`) <= 5) t.fail(`doc ${i}: ${what}`); };
    let chunkCount = 0;
    let fallbacks = 0;
    let overlaps = 0;
    /** Checks one document's chunks and count against the reference (async: it overlaps the next document's chunking). */
    const verify = async (i: number, doc: string, chunks: Chunk[], counted: number, boundary: string, max: number, overlap: number, addSpecial: boolean) => {
      const [whole, ...encoded] = await reference.encodeBatch([doc, ...chunks.map((c) => c.text)], { addSpecialTokens: addSpecial });
      if (counted !== whole.getIds().length) problem(i, `/count ${counted} ≠ ${whole.getIds().length} reference ids`);
      if (doc.length > 0 && (chunks[0]?.start !== 0 || chunks[chunks.length - 1].stop !== doc.length)) problem(i, 'chunks do not span the input');
      const allowed = allowedCuts(doc, boundary, () => whole.getOffsets().map(([s]) => s));
      const tails: string[] = [];
      chunks.forEach((c, j) => {
        if (c.text !== doc.slice(c.start, c.stop)) problem(i, `chunk ${j} text is not the input slice`);
        const n = encoded[j].getIds().length;
        if (n !== c.token_count || n > max) problem(i, `chunk ${j} re-encodes to ${n} tokens (says ${c.token_count}, max ${max})`);
        if (c.split === 'fallback') fallbacks++;
        else {
          for (const p of [c.start, c.stop]) {
            if (p > 0 && p < doc.length && !allowed.has(p)) problem(i, `chunk ${j} cut at ${p} is not a ${boundary} boundary`);
          }
        }
        const next = chunks[j + 1];
        if (!next) return;
        if (!(next.start > c.start && next.start <= c.stop && next.stop > c.stop)) problem(i, `chunks ${j}, ${j + 1} out of order`);
        if (next.start < c.stop) tails.push(doc.slice(next.start, c.stop));
      });
      overlaps += tails.length;
      if (tails.length > 0) {
        const tailIds = await reference.encodeBatch(tails, { addSpecialTokens: false });
        tailIds.forEach((e, j) => {
          if (e.getIds().length > overlap) problem(i, `overlap ${j} re-encodes to ${e.getIds().length} > ${overlap} tokens`);
        });
      }
    };
    let pending: Promise<void> = Promise.resolve();
    for (const [i, doc] of docs.entries()) {
      const addSpecial = random() < 0.8;
      const boundary = BOUNDARIES[i % BOUNDARIES.length];
      const specials = addSpecial ? model.specialTokenCount() : 0;
      const sizes = doc.length > 5000 ? LONG_DOC_SIZES : SIZES;
      const max = Math.max(specials + 2, sizes[Math.floor(random() * sizes.length)]);
      const overlap = random() < 0.3 ? 0 : Math.floor(random() * (max - specials) * 0.6);
      const body = { inputs: doc, max_tokens: max, overlap_tokens: overlap, boundary, add_special_tokens: addSpecial, offset_unit: 'utf16' as const, include_headings: false, embed: false, model: name };
      const chunks: Chunk[] = chunk(registry, config, body, units).chunks[0];
      const counted = count(registry, config, { inputs: doc, add_special_tokens: addSpecial, model: name }).counts[0];
      chunkCount += chunks.length;
      await pending;
      pending = verify(i, doc, chunks, counted, boundary, max, overlap, addSpecial);
    }
    await pending;
    t.ok(overlaps > chunkCount / 4, `${overlaps} overlaps checked`);
    t.equal(problems.length, 0, `problems in ${chunkCount} chunks (${fallbacks} fallback)`);
  });
}

t.test('word analyzers: chunks of 120 documents hold at most max_tokens words, cover the input, overlap within bounds', async (t) => {
  const analyzerConfig = loadConfig(process.env, { MODELS: 'words,words-zh', DEFAULT_MODEL: 'words', MAX_ANALYZER_CHARS: 50_000 });
  const analyzers = new ModelRegistry(analyzerConfig);
  await analyzers.loadAll();
  const random = mulberry32(7);
  const short = docs.filter((d) => d.length < 6000).slice(0, 120);
  let problems = 0;
  let chunkCount = 0;
  // The analyzer is its own reference: a count is the number of tokens /tokenize gives for the text.
  const words = (model: string, text: string) => count(analyzers, analyzerConfig, { inputs: text, model, add_special_tokens: true }).counts[0];
  for (const [i, doc] of short.entries()) {
    const model = i % 3 === 0 ? 'words-zh' : 'words';
    const max = [4, 16, 64, 256][Math.floor(random() * 4)];
    const overlap = Math.floor(random() * max * 0.5);
    const body = { inputs: doc, model, max_tokens: max, overlap_tokens: overlap, boundary: BOUNDARIES[i % 4], add_special_tokens: true, offset_unit: 'utf16' as const, include_headings: false, embed: false };
    const chunks = chunk(analyzers, analyzerConfig, body, units).chunks[0];
    chunkCount += chunks.length;
    const bad = (what: string) => { if (problems++ < 5) t.fail(`doc ${i} (${model}): ${what}`); };
    if (doc.length > 0 && (chunks[0]?.start !== 0 || chunks[chunks.length - 1].stop !== doc.length)) bad('chunks do not span the input');
    chunks.forEach((c, j) => {
      const n = words(model, c.text);
      if (n !== c.token_count || n > max) bad(`chunk ${j} has ${n} words (says ${c.token_count}, max ${max})`);
      const next = chunks[j + 1];
      if (next && !(next.start > c.start && next.start <= c.stop && next.stop > c.stop)) bad(`chunks ${j}, ${j + 1} out of order`);
      if (next && next.start < c.stop && words(model, doc.slice(next.start, c.stop)) > overlap) bad(`overlap after chunk ${j} is over ${overlap} words`);
    });
  }
  t.equal(problems, 0, `problems in ${chunkCount} chunks`);
});
