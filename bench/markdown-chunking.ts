/**
 * Markdown chunking benchmark: POST /chunk's service function in-process on README.md files shipped in
 * node_modules (concatenated in path order), bert-base-uncased, max_tokens 128, overlap 0,
 * `boundary: "markdown"` against `boundary: "paragraph"` on the same text. A small text in alternating
 * rounds gives the markdown ÷ paragraph ratio; one run of each on a text ten times larger gives it again
 * and shows how the time per character grows with the size (also against the same large text sent as
 * small requests, which takes the content's share out). Also the parse alone with markdown-it (block
 * pass, as the service runs it) and with micromark + mdast-util-from-markdown + GFM (the tests' reference
 * parser), which decided the choice. Part of `npm run bench`; `npm run bench:chunk` runs it alone
 * (bench/run.ts); bench/report.ts renders its section of docs/BENCHMARKS.md.
 */
import { existsSync, readFileSync } from 'node:fs';
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

type Boundary = 'paragraph' | 'markdown';

/**
 * One boundary on one text, the median over its runs: CPU ms of this process per request (user +
 * system: on a shared machine it moves far less than the wall-clock time, also given), chunks made.
 */
export interface ChunkTiming { cpuMs: number; wallMs: number; chunks: number; fallback: number }

/** The two boundaries on one text. */
export interface SizeResult {
  chars: number;
  files: number;
  runs: number;
  paragraph: ChunkTiming;
  markdown: ChunkTiming;
  /** markdown ÷ paragraph CPU time: the median of the per-run ratios, and their range. */
  ratio: number;
  ratioRange: [number, number];
}

export interface MarkdownChunkingResult {
  maxTokens: number;
  /** The small text (alternating rounds), then the large one (one run each). */
  sizes: [SizeResult, SizeResult];
  /** CPU time per character on the large text ÷ on the small one, by boundary (1 when time grows linearly). */
  perCharGrowth: Record<Boundary, number>;
  /** How many requests of the small size the large text makes. */
  pieces: number;
  /** CPU time of the large text in one request ÷ as `pieces` requests, by boundary: the growth with size alone, the content being the same. */
  oneVsPieces: Record<Boundary, number>;
  /** CPU ms to parse the small text alone (median of 5 after a warm-up run). */
  parse: { chars: number; markdownIt: number; micromark: number };
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** README.md files of the installed packages, in path order, joined until `chars` (a smaller text is a prefix of a larger one). */
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

/** CPU ms of this process (user + system) and wall-clock ms that `f` takes, and its value. */
function cpuTimed<T>(f: () => T): { cpuMs: number; wallMs: number; value: T } {
  const [c0, t0] = [process.cpuUsage(), performance.now()];
  const value = f();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(c0);
  return { cpuMs: (used.user + used.system) / 1000, wallMs, value };
}

/**
 * Runs the benchmark on `small` characters in `rounds` alternating rounds, then on `large` characters
 * once per boundary, in one request and as requests of `small` characters.
 */
export async function runMarkdownChunking(small: number, large: number, rounds: number, log: (s: string) => void): Promise<MarkdownChunkingResult> {
  const config = loadConfig({}, { MODELS: 'bert-base-uncased', LOG_LEVEL: 'silent', MAX_INPUT_CHARS: large, MAX_ANALYZER_CHARS: large, MAX_CHUNKS: 1_000_000 });
  const registry = new ModelRegistry(config);
  await registry.loadAll();
  const units = analyzerTextUnits('');
  const maxTokens = 128;
  const run = (inputs: string, boundary: Boundary) =>
    chunk(registry, config, { inputs, model: 'bert-base-uncased', max_tokens: maxTokens, overlap_tokens: 0, boundary, include_headings: false, add_special_tokens: true, offset_unit: 'char', embed: false }, units).chunks[0];
  const measure = (chars: number, runs: number): SizeResult => {
    const { text, files } = readmes(chars);
    const cpu: Record<Boundary, number[]> = { paragraph: [], markdown: [] };
    const wall: Record<Boundary, number[]> = { paragraph: [], markdown: [] };
    const made = { paragraph: { chunks: 0, fallback: 0 }, markdown: { chunks: 0, fallback: 0 } };
    for (let r = 0; r < runs; r++) {
      for (const boundary of r % 2 === 0 ? (['paragraph', 'markdown'] as const) : (['markdown', 'paragraph'] as const)) {
        const { cpuMs, wallMs, value: out } = cpuTimed(() => run(text, boundary));
        cpu[boundary].push(cpuMs);
        wall[boundary].push(wallMs);
        made[boundary] = { chunks: out.length, fallback: out.filter((c) => c.split === 'fallback').length };
        log(`chunk ${text.length} chars, ${boundary}: ${(cpuMs / 1000).toFixed(2)} s CPU, ${(wallMs / 1000).toFixed(2)} s`);
      }
    }
    const ratios = cpu.markdown.map((m, r) => m / cpu.paragraph[r]);
    const timing = (b: Boundary): ChunkTiming => ({ cpuMs: median(cpu[b]), wallMs: median(wall[b]), ...made[b] });
    return {
      chars: text.length, files, runs,
      paragraph: timing('paragraph'),
      markdown: timing('markdown'),
      ratio: median(ratios), ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    };
  };
  // Warm-up: the analyzers load their models on first use, and the first runs are compiled as they go.
  const { text: smallText } = readmes(small);
  run(smallText, 'paragraph');
  run(smallText, 'markdown');
  const sizes: [SizeResult, SizeResult] = [measure(small, rounds), measure(large, 1)];
  const perChar = (s: SizeResult, b: Boundary) => s[b].cpuMs / s.chars;
  const growth = (b: Boundary) => perChar(sizes[1], b) / perChar(sizes[0], b);
  // The same large text as requests of `small` characters: its content, without its size.
  const { text: largeText } = readmes(large);
  const pieces: string[] = [];
  for (let i = 0; i < largeText.length; i += small) pieces.push(largeText.slice(i, i + small));
  const oneVsPieces = (b: Boundary) => sizes[1][b].cpuMs / cpuTimed(() => pieces.forEach((p) => run(p, b))).cpuMs;
  // Each parser once to warm it up (markdown-it has already run in every chunk request), then 5 runs.
  const timed = (f: () => unknown) => { f(); return median([0, 1, 2, 3, 4].map(() => cpuTimed(f).cpuMs)); };
  const parse = {
    chars: smallText.length,
    markdownIt: timed(() => markdownOutline(smallText)),
    micromark: timed(() => fromMarkdown(smallText, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })),
  };
  return {
    maxTokens, sizes, pieces: pieces.length,
    perCharGrowth: { paragraph: growth('paragraph'), markdown: growth('markdown') },
    oneVsPieces: { paragraph: oneVsPieces('paragraph'), markdown: oneVsPieces('markdown') },
    parse,
  };
}
