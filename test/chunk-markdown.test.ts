/**
 * Acceptance of /chunk `boundary: "markdown"` on 30 README.md files shipped inside installed npm packages
 * (test/fixtures/readme-corpus.ts), bert-base-uncased, max_tokens 128 with special tokens, overlap 0:
 * every chunk re-encodes (Hugging Face tokenizers, the Rust binding) to its token_count ≤ 128, `text` is
 * the input slice, chunks cover the input in order, `headings` is the heading path at the chunk's start,
 * and no chunk starts or ends strictly inside a fenced code block unless it says `split: fallback` (nor
 * at all when the code block alone fits a chunk). The reference structure comes from another parser than
 * the service's (micromark + mdast-util-from-markdown with GFM, against markdown-it in the service).
 * Also: include_headings with an overlap, headings on the other boundaries, and the same checks on the
 * 652 examples of the CommonMark spec (commonmark-spec: headings and fences of every kind, ~~~ included).
 */
import t, { type Test } from 'tap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Root } from 'mdast';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { analyzerTextUnits } from '../src/analyzers/text-units.js';
import type { TextUnits } from '../src/features/chunking/counted-text.js';
import { chunk } from '../src/features/chunking/chunking.js';
import type { Chunk, ChunkRequest } from '../src/generated/wire-types.js';
import { readmeCorpus, type Readme } from './fixtures/readme-corpus.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

const config = loadConfig(process.env, { MODELS: 'bert-base-uncased', MAX_INPUT_CHARS: 100_000, MAX_ANALYZER_CHARS: 100_000, MAX_CHUNKS: 100_000 });
const registry = new ModelRegistry(config);
await registry.loadAll();
const source = (await discoverCatalog(config)).find((s) => s.name === 'bert-base-uncased')!;
const reference = Tokenizer.fromFile(join(source.dir!, 'tokenizer.json'));
const units: TextUnits = analyzerTextUnits('');
const corpus = readmeCorpus();

/** The structure the checks need, from micromark's syntax tree (positions are UTF-16 offsets into the text). */
interface Structure {
  /** Top-level headings: start of their line, depth, text (source between the first and last child, trimmed). */
  headings: { start: number; depth: number; text: string }[];
  /** Fenced code blocks at any depth: [start of the opening fence's line, end of the closing fence]. */
  fences: [number, number][];
  types: Set<string>;
}

function structure(text: string): Structure {
  const tree: Root = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const lineStart = (offset: number) => Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const out: Structure = { headings: [], fences: [], types: new Set() };
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    const kids = node.children;
    const body = kids.length === 0 ? '' : text.slice(kids[0].position!.start.offset, kids[kids.length - 1].position!.end.offset).trim();
    // Its first line: where its text starts (mdast starts a setext heading that follows a link reference definition at the definition).
    out.headings.push({ start: lineStart((kids[0] ?? node).position!.start.offset!), depth: node.depth, text: body });
  }
  const visit = (node: Nodes, parent: string) => {
    const { start, end } = node.position ?? {};
    if (node.type === 'code' && /^[ \t]*(```|~~~)/.test(text.slice(lineStart(start!.offset!), end!.offset))) {
      out.fences.push([lineStart(start!.offset!), end!.offset!]);
      out.types.add(text.slice(start!.offset!).trimStart().startsWith('~') ? 'tilde fence' : 'backtick fence');
    }
    if (node.type === 'heading' && !/^[ \t]*#/.test(text.slice(lineStart(start!.offset!)))) out.types.add('setext heading');
    if (node.type === 'table') out.types.add('table');
    if (node.type === 'html' && parent !== 'paragraph' && parent !== 'heading') out.types.add('HTML block');
    if (node.type === 'list' && parent === 'listItem') out.types.add('nested list');
    if ('children' in node) for (const child of node.children) visit(child, node.type);
  };
  visit(tree, 'root');
  return out;
}

/** The heading path at `at`: headings whose line starts at or before it, each closing the deeper or equal open ones. */
function pathAt(headings: Structure['headings'], at: number): string[] {
  const stack: Structure['headings'] = [];
  for (const h of headings) {
    if (h.start > at) break;
    while (stack.length > 0 && stack[stack.length - 1].depth >= h.depth) stack.pop();
    stack.push(h);
  }
  return stack.map((h) => h.text);
}

const structures = corpus.map((r) => structure(r.text));
const breadcrumbMemo = new Map<string, number>();
async function breadcrumbTokens(text: string): Promise<number> {
  if (!breadcrumbMemo.has(text)) breadcrumbMemo.set(text, (await reference.encode(text, null, { addSpecialTokens: false })).getIds().length);
  return breadcrumbMemo.get(text)!;
}

t.test('the corpus: 30 README files of 3–60k characters with the Markdown features that matter', async (t) => {
  t.equal(corpus.length, 30);
  t.ok(corpus.every((r) => r.text.length >= 3000 && r.text.length <= 60_000));
  t.equal(new Set(corpus.map((r) => r.path)).size, 30, 'distinct files');
  const files = (type: string) => structures.filter((s) => s.types.has(type)).length;
  // No installed README fences code with ~~~: the CommonMark examples below do.
  for (const [type, least] of [['backtick fence', 15], ['setext heading', 3], ['table', 4], ['HTML block', 4], ['nested list', 4]] as const) {
    t.ok(files(type) >= least, `${type}: ${files(type)} files`);
  }
  t.ok(structures.reduce((n, s) => n + s.headings.length, 0) > 300, 'headings');
});

/** Runs the checks on every file; returns the number of chunks. */
async function check(t: Test, body: Omit<ChunkRequest, 'inputs'>, opts: { overlap?: number; fencesWhole?: boolean; docs?: Readme[] } = {}) {
  let problems = 0;
  let chunks = 0;
  let fallbacks = 0;
  const docs = opts.docs ?? corpus;
  for (const [i, { path, text }] of docs.entries()) {
    const { headings, fences } = opts.docs ? structure(text) : structures[i];
    const bad = (what: string) => { if (problems++ < 8) t.fail(`${path}: ${what}`); };
    const out: Chunk[] = chunk(registry, config, { ...body, inputs: text }, units).chunks[0];
    if (text.length === 0) continue;
    chunks += out.length;
    if (out[0].start !== 0 || out[out.length - 1].stop !== text.length) bad('chunks do not span the input');
    const encoded = await reference.encodeBatch(out.map((c) => (c.heading_prefix ?? '') + c.text), { addSpecialTokens: true });
    const tails: string[] = [];
    out.forEach((c, j) => {
      if (c.text !== text.slice(c.start, c.stop)) bad(`chunk ${j}: text is not the input slice`);
      const n = encoded[j].getIds().length;
      if (n !== c.token_count || n > body.max_tokens) bad(`chunk ${j} re-encodes to ${n} tokens (says ${c.token_count}, max ${body.max_tokens})`);
      const want = pathAt(headings, c.start);
      if (JSON.stringify(c.headings) !== JSON.stringify(want)) bad(`chunk ${j} at ${c.start}: headings ${JSON.stringify(c.headings)}, reference ${JSON.stringify(want)}`);
      if (c.split === 'fallback') fallbacks++;
      else if (body.boundary === 'markdown') {
        for (const p of [c.start, c.stop]) if (fences.some(([s, e]) => s < p && p < e)) bad(`chunk ${j} (split: boundary) cut at ${p}, inside a fenced code block`);
      }
      const next = out[j + 1];
      if (!next) return;
      if (!(next.start > c.start && next.start <= c.stop && next.stop > c.stop)) bad(`chunks ${j}, ${j + 1} out of order`);
      if (!opts.overlap && next.start !== c.stop) bad(`chunks ${j}, ${j + 1} overlap without overlap_tokens`);
      if (next.start < c.stop) tails.push(text.slice(next.start, c.stop));
    });
    if (body.include_headings) {
      // The breadcrumb: the innermost headings whose "A > B\n\n" has at most half the room for text.
      for (const [j, c] of out.entries()) {
        const path = pathAt(headings, c.start);
        let want = '';
        for (let k = path.length - 1; k >= 0; k--) {
          const longer = `${path.slice(k).join(' > ')}\n\n`;
          if ((await breadcrumbTokens(longer)) > (body.max_tokens - 2) >> 1) break;
          want = longer;
        }
        if (c.heading_prefix !== want) bad(`chunk ${j}: prefix ${JSON.stringify(c.heading_prefix)}, reference ${JSON.stringify(want)}`);
      }
    }
    if (opts.overlap) {
      for (const e of await reference.encodeBatch(tails, { addSpecialTokens: false })) if (e.getIds().length > opts.overlap) bad(`an overlap re-encodes to ${e.getIds().length} tokens`);
    }
    if (opts.fencesWhole) {
      // A fenced block cut at all must not fit a chunk on its own.
      const cut = fences.filter(([s, e]) => out.some((c) => (s < c.start && c.start < e) || (s < c.stop && c.stop < e)));
      const alone = await reference.encodeBatch(cut.map(([s, e]) => text.slice(s, e)), { addSpecialTokens: true });
      alone.forEach((e, k) => { if (e.getIds().length <= body.max_tokens) bad(`the fenced block at ${cut[k][0]} fits a chunk (${e.getIds().length} tokens) but is cut`); });
    }
  }
  t.equal(problems, 0, `problems in ${chunks} chunks (${fallbacks} fallback) of ${docs.length} documents`);
  return chunks;
}

const base = { model: 'bert-base-uncased', max_tokens: 128, overlap_tokens: 0, add_special_tokens: true, offset_unit: 'utf16' as const, include_headings: false, embed: false };

t.test('markdown, 128 tokens, no overlap: bound, exact slices, coverage, order, heading paths, fences cut only in fallback', async (t) => {
  const n = await check(t, { ...base, boundary: 'markdown' }, { fencesWhole: true });
  t.ok(n > 500, `${n} chunks`);
});

t.test('markdown with include_headings and a 32-token overlap: prefix + text within 128 tokens, overlaps within 32', async (t) => {
  await check(t, { ...base, boundary: 'markdown', include_headings: true, overlap_tokens: 32 }, { overlap: 32 });
});

t.test('the other boundaries carry the same heading paths', async (t) => {
  await check(t, { ...base, boundary: 'paragraph' });
  await check(t, { ...base, boundary: 'token', max_tokens: 256, include_headings: true });
});

t.test('the CommonMark spec examples, cut into 8-token chunks: the same checks', async (t) => {
  const { tests } = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; section: string; number: number }[] };
  // The spec writes tabs as →.
  const docs = tests.map((e) => ({ path: `example ${e.number} (${e.section})`, text: e.markdown.replaceAll('→', '\t') }));
  const types = new Set(docs.flatMap((d) => [...structure(d.text).types]));
  t.ok(types.has('tilde fence') && types.has('setext heading'), [...types].join(', '));
  const n = await check(t, { ...base, boundary: 'markdown', max_tokens: 8 }, { docs, fencesWhole: true });
  t.ok(n > 1000, `${n} chunks`);
});
