/**
 * In-process encode/decode throughput of our tokenizers against the reference libraries on the bench
 * corpus, with id equality checked on every line in the same run. Libraries run interleaved, round
 * after round (the median round counts), so a busy machine slows all of them alike. Every round (the
 * warm-up too) has a corpus of its own, so no library meets a line again that it has seen (and may have
 * cached) in an earlier round: words repeat across rounds as in any text, lines do not.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { encode as gptEncode, decode as gptDecode } from 'gpt-tokenizer/encoding/o200k_base';
import { getEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { readTokenizerFiles } from '../src/tokenizers/load.js';
import { createTransformersTokenizer } from '../src/tokenizers/transformers-tokenizer.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import type { BenchCorpus, Segment } from './corpus.js';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

export const TOKENIZERS = ['gpt-4o', 'llama-3', 'qwen3', 'bert-base-uncased', 'bert-base-cased', 'gemma-3', 'llama-2', 'deepseek-v3', 'gpt-oss'] as const;
/** The byte-level BPE tokenizers, each timed against gpt-tokenizer (o200k) in its own interleaved rounds. */
const BYTE_LEVEL_BPE = new Set<string>(['gpt-4o', 'llama-3', 'qwen3', 'deepseek-v3', 'gpt-oss']);

export interface LibResult {
  tokenizer: string;
  corpus: string;
  library: string;
  encodeMBs: number;
  tokensPerS: number;
  decodeMBs: number | null;
  /** Lines whose ids differ from ours (null: not compared). */
  idMismatches: number | null;
}

interface Lib {
  name: string;
  encode: (line: string) => number[] | Promise<number[]>;
  decode: ((ids: number[]) => string | Promise<string>) | null;
  /** false: another vocabulary, a speed baseline only (ids not compared). */
  sameVocab?: boolean;
}

/** `gc` when node runs with --expose-gc (npm run bench does). */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * CPU seconds (user + system, every thread of this process) spent running `fn`: on a machine shared with
 * other work, wall-clock windows of different libraries see different amounts of it, CPU time does not.
 */
async function timeIt(fn: () => Promise<void> | void): Promise<number> {
  collect?.(); // each library starts on a clean heap, not with the garbage of the one before
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function libraries(name: string, ours: SubwordTokenizer, dir: string): Promise<Lib[]> {
  const tj = createTransformersTokenizer(await readTokenizerFiles(dir));
  const rust = Tokenizer.fromFile(join(dir, 'tokenizer.json'));
  const libs: Lib[] = [
    { name: 'tokenserve', encode: (s) => ours.encode(s, null).ids, decode: (ids) => ours.decode(ids, false, false) },
    { name: 'transformers.js', encode: (s) => tj.encode(s), decode: (ids) => tj.decode(ids) },
    { name: 'tokenizers (HF Rust)', encode: async (s) => (await rust.encode(s)).getIds(), decode: (ids) => rust.decode(ids, false) },
  ];
  if (BYTE_LEVEL_BPE.has(name)) {
    libs.push({ name: 'gpt-tokenizer', encode: (s) => gptEncode(s, { allowedSpecial: 'all' }), decode: (ids) => gptDecode(ids), sameVocab: name === 'gpt-4o' });
  }
  if (name === 'gpt-4o') {
    const tk = get_encoding('o200k_base');
    const js = getEncoding('o200k_base');
    const utf8 = new TextDecoder();
    libs.push(
      { name: 'tiktoken (wasm)', encode: (s) => Array.from(tk.encode(s, 'all')), decode: (ids) => utf8.decode(tk.decode(Uint32Array.from(ids))) },
      { name: 'js-tiktoken', encode: (s) => js.encode(s, 'all'), decode: (ids) => js.decode(ids) },
    );
  }
  return libs;
}

/**
 * Runs every library on every corpus ("all", then "english"), in a warm-up round and `rounds` timed ones
 * (their median counts). `corpusFor(pass)` gives each pass of each tokenizer a corpus of its own (the
 * "english" rounds too: the English lines of an "all" round are not seen again). `names`: the
 * tokenizers (all by default).
 */
export async function runInProcess(corpusFor: (pass: number) => BenchCorpus, rounds: number, log: (s: string) => void, names: readonly string[] = TOKENIZERS): Promise<LibResult[]> {
  const config = loadConfig(process.env, { LOG_LEVEL: 'silent', MODELS: names.join(','), DEFAULT_MODEL: names[0] });
  const registry = new ModelRegistry(config);
  await registry.loadAll();
  const dirs = new Map((await discoverCatalog(config)).map((s) => [s.name, s.dir!]));
  const sets: [string, (c: BenchCorpus) => string[]][] = [['all', (c) => c.all], ['english', (c) => c.segments.english]];
  const results: LibResult[] = [];
  for (const name of names) {
    const ours = registry.getKind<SubwordTokenizer>(name, 'tokenizer', 'bench');
    const libs = await libraries(name, ours, dirs.get(name)!);
    for (const [set, [label, linesOf]] of sets.entries()) {
      const rate = new Map(libs.map((l) => [l.name, { enc: [] as number[], tokens: [] as number[], dec: [] as number[], mismatches: 0 }]));
      for (let round = 0; round <= rounds; round++) {
        const lines = linesOf(corpusFor(set * (rounds + 1) + round));
        const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / 1e6;
        const ids = new Map<string, number[][]>();
        for (const lib of libs) {
          const out: number[][] = [];
          const encS = await timeIt(async () => { for (const line of lines) out.push(await lib.encode(line)); });
          ids.set(lib.name, out);
          const decS = lib.decode ? await timeIt(async () => { for (const x of out) await lib.decode!(x); }) : null;
          if (round === 0) continue; // the warm-up round is compared, not timed
          const r = rate.get(lib.name)!;
          r.enc.push(bytes / encS);
          r.tokens.push(out.reduce((n, x) => n + x.length, 0) / encS);
          if (decS !== null) r.dec.push(bytes / decS);
        }
        const reference = ids.get('tokenserve')!;
        for (const lib of libs) {
          rate.get(lib.name)!.mismatches += ids.get(lib.name)!.filter((x, i) => x.length !== reference[i].length || x.some((v, k) => v !== reference[i][k])).length;
        }
      }
      for (const lib of libs) {
        const r = rate.get(lib.name)!;
        const row: LibResult = {
          tokenizer: name, corpus: label, library: lib.name, encodeMBs: median(r.enc), tokensPerS: median(r.tokens),
          decodeMBs: r.dec.length ? median(r.dec) : null, idMismatches: lib.sameVocab === false ? null : r.mismatches,
        };
        results.push(row);
        log(`${name.padEnd(18)} ${label.padEnd(8)} ${lib.name.padEnd(22)} encode ${row.encodeMBs.toFixed(2).padStart(6)} MB/s  decode ${row.decodeMBs?.toFixed(2).padStart(6)} MB/s  ids differ on ${row.idMismatches ?? '(other vocabulary)'} lines`);
      }
    }
  }
  return results;
}

export type { Segment };
