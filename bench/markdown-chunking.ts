/**
 * Markdown chunking benchmark: POST /chunk's service function in-process on about 1 MB of README.md
 * files shipped in node_modules (concatenated in path order), bert-base-uncased, max_tokens 128, overlap
 * 0, `boundary: "markdown"` against `boundary: "paragraph"` on the same text, in alternating rounds. Also
 * the parse alone with markdown-it (block pass, as the service runs it) and with micromark +
 * mdast-util-from-markdown + GFM (the tests' reference parser), which decided the choice. Part of
 * `npm run bench`; also runs alone.
 *
 * Usage: npm run bench:chunk [-- chars=1000000] [-- rounds=2]
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { analyzerTextUnits } from '../src/analyzers/text-units.js';
import { chunk } from '../src/features/chunking/chunking.js';
import { markdownOutline } from '../src/features/chunking/markdown-outline.js';

export interface MarkdownChunkingResult {
  chars: number; files: number; rounds: number; maxTokens: number;
  /** Median ms per request, and chunks made, by boundary. */
  paragraph: { ms: number; chunks: number; fallback: number };
  markdown: { ms: number; chunks: number; fallback: number };
  /** markdown ÷ paragraph time. */
  ratio: number;
  /** ms to parse the text alone. */
  parse: { markdownIt: number; micromark: number };
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** README.md files of the installed packages, in path order, joined until `chars`. */
function readmes(chars: number): { text: string; files: number } {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const parts: string[] = [];
  let length = 0;
  for (const dir of Object.keys(lock.packages).sort()) {
    const path = join(root, dir, 'README.md');
    if (!dir.startsWith('node_modules/') || !existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    parts.push(text);
    length += text.length + 2;
    if (length >= chars) break;
  }
  return { text: parts.join('\n\n').slice(0, chars), files: parts.length };
}

/** The median (the mean of the middle two for an even count). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function runMarkdownChunking(chars: number, rounds: number, log: (s: string) => void): Promise<MarkdownChunkingResult> {
  const { text, files } = readmes(chars);
  const config = loadConfig({}, { MODELS: 'bert-base-uncased', LOG_LEVEL: 'silent', MAX_INPUT_CHARS: chars, MAX_ANALYZER_CHARS: chars, MAX_CHUNKS: 1_000_000 });
  const registry = new ModelRegistry(config);
  await registry.loadAll();
  const units = analyzerTextUnits('');
  const maxTokens = 128;
  const run = (inputs: string, boundary: 'paragraph' | 'markdown') =>
    chunk(registry, config, { inputs, model: 'bert-base-uncased', max_tokens: maxTokens, overlap_tokens: 0, boundary, include_headings: false, add_special_tokens: true, offset_unit: 'char', embed: false }, units).chunks[0];
  // Warm-up: the analyzers load their models on first use.
  run(text.slice(0, 20_000), 'paragraph');
  run(text.slice(0, 20_000), 'markdown');
  const times: Record<'paragraph' | 'markdown', number[]> = { paragraph: [], markdown: [] };
  const made = { paragraph: { chunks: 0, fallback: 0 }, markdown: { chunks: 0, fallback: 0 } };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['paragraph', 'markdown'] as const) : (['markdown', 'paragraph'] as const);
    for (const boundary of order) {
      const t0 = performance.now();
      const out = run(text, boundary);
      times[boundary].push(performance.now() - t0);
      made[boundary] = { chunks: out.length, fallback: out.filter((c) => c.split === 'fallback').length };
      log(`chunk ${boundary}: ${(times[boundary].at(-1)! / 1000).toFixed(1)} s, ${out.length} chunks`);
    }
  }
  const timed = (f: () => unknown) => median([0, 1, 2].map(() => { const t0 = performance.now(); f(); return performance.now() - t0; }));
  const parse = {
    markdownIt: timed(() => markdownOutline(text)),
    micromark: timed(() => fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })),
  };
  const paragraph = { ms: median(times.paragraph), ...made.paragraph };
  const markdown = { ms: median(times.markdown), ...made.markdown };
  return { chars: text.length, files, rounds, maxTokens, paragraph, markdown, ratio: markdown.ms / paragraph.ms, parse };
}

/** The section of docs/BENCHMARKS.md. */
export function markdownChunkingSection(r: MarkdownChunkingResult): string {
  const row = (name: string, x: MarkdownChunkingResult['paragraph'], ratio: number) => `| ${name} | ${(x.ms / 1000).toFixed(1)} | ${x.chunks} | ${x.fallback} | ${ratio.toFixed(2)}× |`;
  return [
    '## Chunking: Markdown structure', '',
    `POST /chunk's service function in-process (bench/markdown-chunking.ts) on ${r.chars.toLocaleString('en')} characters of README.md files shipped in node_modules (${r.files} files in path order), bert-base-uncased, max_tokens ${r.maxTokens}, overlap 0; after a warm-up on 20k characters, ${r.rounds} rounds alternating which boundary goes first (the median, or the mean of two). Both boundaries need the word analyzers' sentences and words of the whole text once some unit is too long for a chunk; in a profile of the paragraph boundary on 250k characters, that analysis (wink-nlp) took most of the time.`, '',
    '| boundary | s | chunks | fallback | ÷ paragraph |', '|---|---:|---:|---:|---:|',
    row('paragraph', r.paragraph, 1), row('markdown', r.markdown, r.ratio), '',
    `Parsing the same text alone: markdown-it (block pass, as the service runs it) ${r.parse.markdownIt.toFixed(0)} ms; micromark + mdast-util-from-markdown with GFM (the tests' reference parser) ${r.parse.micromark.toFixed(0)} ms.`, '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback);
  const result = await runMarkdownChunking(arg('chars', 1_000_000), arg('rounds', 2), console.log);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/markdown-chunking.json'), JSON.stringify(result, null, 2));
  console.log(markdownChunkingSection(result));
}
