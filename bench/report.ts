/**
 * Renders the benchmark results as docs/BENCHMARKS.md and an SVG bar chart (MB/s per library): from a
 * whole run (bench/run.ts), or from the results stored in bench/results/*.json after one part was rerun.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WARM_UP_S, type EmbedBatchingResult } from './embed-batching.js';
import type { ChatCountResult } from './chat-count.js';
import type { RerankBatchingResult } from './rerank-batching.js';
import type { HttpReport } from './http.js';
import type { LibResult } from './in-process.js';
import type { MarkdownChunkingResult, SizeResult } from './markdown-chunking.js';
import type { PoolScaling } from './worker-scaling.js';

export interface Machine { cpu: string; cores: number; memoryGB: number; node: string; os: string; loadAverage: number[] }

/** One analyzer's throughput without and with `entities: true` (bench/entities.ts). */
export interface EntitiesRow {
  analyzer: string;
  corpus: string;
  plainMBs: number;
  entitiesMBs: number;
  /** Time with entities ÷ time without. */
  ratio: number;
}

export interface EntitiesReport {
  rows: EntitiesRow[];
  rounds: number;
  /** Memory the loaded weights and word lists hold (MB): V8 heap used plus array buffers, after a full GC. */
  heldMB: number;
  /** Resident memory added by loading them (MB; RSS also moves with heap growth and release). */
  rssAddedMB: number;
}

const f = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));

/** Horizontal bars of encode MB/s on the whole corpus, grouped by tokenizer. */
export function chartSvg(rows: LibResult[]): string {
  const data = rows.filter((r) => r.corpus === 'all');
  const max = Math.max(...data.map((r) => r.encodeMBs));
  const barH = 18;
  const left = 300;
  const width = 860;
  const scale = (width - left - 80) / max;
  let y = 40;
  const parts: string[] = [];
  let last = '';
  for (const r of data) {
    if (r.tokenizer !== last) {
      y += 10;
      parts.push(`<text x="10" y="${y + 13}" font-weight="bold">${r.tokenizer}</text>`);
      y += barH + 4;
      last = r.tokenizer;
    }
    const w = Math.max(1, r.encodeMBs * scale);
    const color = r.library === 'tokenserve' ? '#2f6fde' : '#9aa5b1';
    parts.push(`<text x="${left - 8}" y="${y + 13}" text-anchor="end">${r.library}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"/>`);
    parts.push(`<text x="${left + w + 6}" y="${y + 13}">${r.encodeMBs.toFixed(2)}</text>`);
    y += barH + 4;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 20}" font-family="sans-serif" font-size="12">
<text x="10" y="22" font-size="15" font-weight="bold">Encode throughput per line, MB/s (bench corpus, higher is better)</text>
${parts.join('\n')}
</svg>
`;
}

/** The figures of one run, as bench/run.ts stores them in bench/results/*.json. */
export interface StoredResults {
  /**
   * `rounds`: of the in-process libraries; `serviceRounds` and `seconds`: of the worker and HTTP runs;
   * `inProcessOnly`: this section was re-measured alone (npm run bench -- --in-process-only).
   */
  inProcess: { machine: Machine; corpusBytes: number; lines: number; rounds: number; serviceRounds: number; seconds: number; totalS: number; results: LibResult[]; poolScaling: PoolScaling[]; inProcessOnly?: boolean };
  http: (HttpReport & { machine: Machine; coldStartMs: number[] | null; embedBatching: EmbedBatchingResult[] | null; rerankBatching: RerankBatchingResult | null }) | null;
  /** bench/chat-count.ts (chat-count.json). */
  chat: ChatCountResult[] | null;
  /** bench/markdown-chunking.ts (markdown-chunking.json). */
  chunking: MarkdownChunkingResult | null;
  /** bench/entities.ts (entities.json). */
  entities: StoredEntities | null;
}

/** bench/entities.ts's figures and the size of the corpus they ran on. */
export type StoredEntities = EntitiesReport & { corpusBytes: number };

const resultFiles = (root: string) => ({
  inProcess: join(root, 'bench', 'results', 'in-process.json'), http: join(root, 'bench', 'results', 'http.json'), chat: join(root, 'bench', 'results', 'chat-count.json'),
  chunking: join(root, 'bench', 'results', 'markdown-chunking.json'),
  entities: join(root, 'bench', 'results', 'entities.json'),
});

/** The stored results (bench/results/*.json; no http.json after a run with --no-http). */
export function readResults(root: string): StoredResults {
  const files = resultFiles(root);
  const read = (file: string) => { try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; } };
  const inProcess = read(files.inProcess);
  if (!inProcess) throw new Error(`${files.inProcess} is missing: run npm run bench first`);
  return { inProcess, http: read(files.http), chat: read(files.chat), chunking: read(files.chunking), entities: read(files.entities) };
}

/** Stores the results and renders docs/BENCHMARKS.md and docs/benchmarks.svg from them. */
export function writeResults(root: string, r: StoredResults): void {
  const files = resultFiles(root);
  writeFileSync(files.inProcess, JSON.stringify(r.inProcess, null, 2));
  if (r.http) writeFileSync(files.http, JSON.stringify(r.http, null, 2));
  if (r.chat) writeFileSync(files.chat, JSON.stringify(r.chat, null, 2));
  if (r.chunking) writeFileSync(files.chunking, JSON.stringify(r.chunking, null, 2));
  if (r.entities) writeFileSync(files.entities, JSON.stringify(r.entities, null, 2));
  const { machine, results, poolScaling, corpusBytes, lines, rounds, serviceRounds, seconds, totalS, inProcessOnly } = r.inProcess;
  writeFileSync(join(root, 'docs', 'benchmarks.svg'), chartSvg(results));
  writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), markdown(machine, results, poolScaling, r.http, r.http?.coldStartMs ?? null, r.http?.embedBatching ?? null,
    r.http?.rerankBatching ?? null, { corpusBytes, lines, rounds, serviceRounds: serviceRounds ?? rounds, seconds, totalS, inProcessOnly: inProcessOnly === true }, r.chat, r.chunking, r.entities));
}

/** The rerank batching section (bench/rerank-batching.ts). */
function rerankMarkdown(r: RerankBatchingResult): string {
  return [
    '## Rerank: batching', '',
    `POST /rerank of one query against ${r.passages} passages (12–72 words) on the generated ${r.model} (bench/rerank-batching.ts), over HTTP from one client: the ${r.passages} texts in one request (one model call), as ${r.passages} one-pair requests sent at once (dynamic batching merges what arrives together), and as ${r.passages} one-pair requests one after another (one model call each). ${r.rounds} rounds of ${r.reranksPerRound} reranks each way, alternating the order; the median round is shown, and the ratio is the median of the per-round ratios (their range in brackets). INFERENCE_THREADS=1; load average ${r.loadAverage.toFixed(1)} at the start (the machine is shared).`, '',
    '| way | ms per rerank of all passages | vs one request |', '|---|---:|---:|',
    `| one request of ${r.passages} texts | ${f(r.oneRequestMs)} | 1.00× |`,
    `| ${r.passages} requests at once | ${f(r.concurrentMs)} | ${f(r.concurrentRatio.median)}× (${f(r.concurrentRatio.range[0])}–${f(r.concurrentRatio.range[1])}) slower |`,
    `| ${r.passages} requests one by one | ${f(r.sequentialMs)} | ${f(r.sequentialRatio.median)}× (${f(r.sequentialRatio.range[0])}–${f(r.sequentialRatio.range[1])}) slower |`, '',
  ].join('\n');
}

export function markdown(machine: Machine, rows: LibResult[], pool: PoolScaling[], http: HttpReport | null, coldStartMs: number[] | null, batching: EmbedBatchingResult[] | null, rerank: RerankBatchingResult | null, meta: { corpusBytes: number; lines: number; rounds: number; serviceRounds: number; seconds: number; totalS: number; inProcessOnly: boolean }, chat: ChatCountResult[] | null, chunking: MarkdownChunkingResult | null, entities: StoredEntities | null): string {
  const out: string[] = [];
  out.push('# Benchmarks', '', 'Generated by `npm run bench` (bench/run.ts); do not edit by hand. Raw figures: bench/results/*.json.', '');
  out.push('## Machine', '', `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGB} GB`, `- ${machine.os}, Node ${machine.node}`,
    `- Load average when the run started: ${machine.loadAverage.map((x) => x.toFixed(2)).join(', ')} (other work on the machine slows every library alike: libraries run interleaved and ratios come from the same run)`, ...(meta.inProcessOnly ? ['', 'This run re-measured the in-process section alone (`npm run bench -- --in-process-only`); the worker-thread, HTTP, start-up and embedding sections show the figures of the last full run (bench/results/*.json).'] : []), '');
  out.push('## Corpus', '', `${meta.lines} lines, ${(meta.corpusBytes / 1e6).toFixed(2)} MB, generated deterministically by bench/corpus.ts: 70 % English prose (Zipf-sampled words of bert-base-uncased's vocabulary, ~200-character lines, 5 % of ~2,000), 10 % Chinese (jieba's dictionary by frequency), 10 % code, 10 % mixed (test/fixtures/corpus.ts: many scripts, emoji, whitespace, control characters, special-token strings). "english" is the English part alone.`, '');
  out.push('## In-process encode / decode', '', `One call per line, median of ${meta.rounds} rounds after a warm-up round. Every round, the warm-up included, runs on a corpus of its own (the same generator with another seed), for "all" and "english" alike: no library meets a line it has already seen (and may have cached), while words repeat across rounds as in any text. Rates divide bytes (or tokens) by the CPU time the benchmark process spent in the pass (user + system, all its threads, the Rust binding's included), so the time the shared machine gives to other work counts for no library. tokenserve's encode returns the full Encoding (ids, tokens, offsets, word ids, masks); the others return ids only. "ids differ" counts lines whose ids differ from tokenserve's (all lines are compared). gpt-tokenizer (o200k) also runs in the llama-3, qwen3, deepseek-v3 and gpt-oss rounds, as their same-run speed baseline; its ids are not compared there (other vocabulary: —).`, '');
  out.push('![encode MB/s](benchmarks.svg)', '');
  for (const corpus of ['all', 'english']) {
    out.push(`### Corpus: ${corpus}`, '', '| tokenizer | library | encode MB/s | tokens/s | decode MB/s | vs tokenserve | ids differ |', '|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows.filter((x) => x.corpus === corpus)) {
      const ours = rows.find((x) => x.corpus === corpus && x.tokenizer === r.tokenizer && x.library === 'tokenserve')!;
      out.push(`| ${r.tokenizer} | ${r.library} | ${f(r.encodeMBs)} | ${Math.round(r.tokensPerS).toLocaleString('en-US')} | ${f(r.decodeMBs)} | ${f(ours.encodeMBs / r.encodeMBs)}× | ${r.idMismatches ?? '—'} |`);
    }
    out.push('');
  }
  out.push('### Acceptance ratios', '', 'Each ratio compares libraries timed in the same interleaved rounds.', '', '| tokenizer | corpus | tokenserve / gpt-tokenizer (o200k) | tokenserve / transformers.js |', '|---|---|---:|---:|');
  for (const r of rows.filter((x) => x.library === 'tokenserve')) {
    const other = (library: string) => rows.find((x) => x.corpus === r.corpus && x.tokenizer === r.tokenizer && x.library === library);
    const gpt = other('gpt-tokenizer');
    out.push(`| ${r.tokenizer} | ${r.corpus} | ${gpt ? `${f(r.encodeMBs / gpt.encodeMBs)}×` : '—'} | ${f(r.encodeMBs / other('transformers.js')!.encodeMBs)}× |`);
  }
  out.push('');
  out.push('## Worker threads', '', `Batches of 32 texts of ~2,000 characters (gpt-4o /encode tasks) submitted straight to the worker pool, 4 in flight: the pool's own scaling, without HTTP. Both pools run in ${pool[0]?.rounds} rounds of ${meta.seconds} s, alternating which goes first; the median is shown, and the ratio is the median of the per-round ratios (their range in brackets). The HTTP figures below add the main thread's share of each request.`, '',
    '| threads | tasks/s | vs 1 thread |', '|---:|---:|---:|');
  for (const p of pool) out.push(`| ${p.workers} | ${f(p.tasksPerS, 1)} | ${f(p.vsOne)}× (${f(p.vsOneRange[0])}–${f(p.vsOneRange[1])}) |`);
  out.push('');
  if (http) {
    out.push('## HTTP', '', `autocannon in its own process (bench/load-generator.ts), each server in its own process, loopback, 10 connections; rotating request bodies of ~200-character lines; model bert-base-uncased (embed: glove-100d). "bare" is a plain Fastify route making the same service call without plugins, schemas or response serializer (bench/bare-server.ts). LOG_LEVEL=warn. Per endpoint, ${http.rounds} rounds of ${http.seconds} s: the service and the bare server back to back, alternating which goes first, after 1 s of warm-up in the first two; the median run of each is shown. The load generator shares the two cores, so req/s moves with it; "CPU µs/req" is the server process's CPU time (all threads) per request, the steadier measure of its own cost. The ratios are the median of the per-round ratios (their range in brackets): the machine's speed drifts over minutes, and the two runs of a round see nearly the same machine, yet one round's ratio still swings widely. "Sharing one core" is steadier: ${http.sharedRounds} rounds of 1 s with both servers pinned to CPU 0 (taskset) and loaded at the same moments, each by its own load generator on the other CPUs; the scheduler shares the core fairly, so each round's ratio is their relative cost per request under the same conditions.`, '');
    if (http.libraryBaseline?.length) {
      out.push('### /encode at default settings against a tokenizer library', '', `The service as shipped (default settings: LOG_LEVEL=info, metrics, security headers, request and response validation) against a bare Fastify route calling the library a user would otherwise call (bench/library-bare-server.ts: gpt-tokenizer's o200k for gpt-4o, transformers.js for bert-base-uncased), POST /encode of the same ~200-character lines, ${http.libraryBaseline[0].rounds} rounds of 1 s sharing one core (as above); the median of the per-round ratios (their range in brackets).`, '',
        '| model | library | service / bare library route (req/s) |', '|---|---|---:|',
        ...http.libraryBaseline.map((b) => `| ${b.model} | ${b.library} | ${f(b.rps)}× (${f(b.range[0])}–${f(b.range[1])}) |`), '');
    }
    out.push('| endpoint | service req/s | p50 ms | p99 ms | bare req/s | bare p99 ms | service / bare (req/s) | service CPU µs/req | bare CPU µs/req | bare / service (CPU) | service / bare, sharing one core (req/s) |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const labels = [...new Set(http.endpoints.map((e) => e.endpoint))];
    for (const label of labels) {
      const s = http.endpoints.find((e) => e.endpoint === label && e.target === 'service')!;
      const b = http.endpoints.find((e) => e.endpoint === label && e.target === 'bare')!;
      const r = http.ratios.find((x) => x.endpoint === label)!;
      out.push(`| ${label} | ${Math.round(s.rps)} | ${s.p50} | ${s.p99} | ${Math.round(b.rps)} | ${b.p99} | ${f(r.rps)}× (${f(r.rpsRange[0])}–${f(r.rpsRange[1])}) | ${f(s.cpuUsPerRequest, 0)} | ${f(b.cpuUsPerRequest, 0)} | ${f(r.cpu)}× (${f(r.cpuRange[0])}–${f(r.cpuRange[1])}) | ${r.shared === null || r.sharedRange === null ? '—' : `${f(r.shared)}× (${f(r.sharedRange[0])}–${f(r.sharedRange[1])})`} |`);
    }
    out.push('', '### Worker threads over HTTP', '', `POST /encode, batches of 32 texts of ~2,000 characters (gpt-4o), all run in worker threads (WORKER_MIN_CHARS=1), 4 connections; both servers run in ${meta.serviceRounds} alternating rounds of ${meta.seconds} s, the median is shown, and the ratio is the median of the per-round ratios (their range in brackets). "CPU ms/req" is the server process's CPU time per request (main thread: parsing and validating ~64 KB in, sending the ~70 KB answer the worker serialized, socket writes; plus the worker's tokenization and serialization, and garbage collection). With ${machine.cores} cores shared with the load generator, ${machine.cores} × 1,000 ÷ that figure bounds the req/s any number of workers can reach.`, '',
      '| TOKENIZATION_WORKERS | req/s | p50 ms | p99 ms | CPU ms/req | vs 1 worker | bound: cores ÷ CPU per request, req/s |', '|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of http.scaling) out.push(`| ${s.workers} | ${f(s.rps, 1)} | ${s.p50} | ${s.p99} | ${f(s.cpuMsPerRequest)} | ${f(s.vsOne)}× (${f(s.vsOneRange[0])}–${f(s.vsOneRange[1])}) | ${f((machine.cores * 1000) / s.cpuMsPerRequest, 0)} |`);
    out.push('', '### Start-up and memory', '',
      `- Cold start, \`node dist/src/server.js\` with the default settings to GET /health 200, measured first in the run: ${coldStartMs?.join(', ')} ms.`,
      `- RSS of the service (bert-base-uncased + glove-100d): ${f(http.rss.atRestMB, 0)} MB at rest, ${f(http.rss.underLoadMB, 0)} MB at most under the HTTP runs.`, '');
  }
  if (batching) {
    out.push('## Embedding: dynamic batching', '', `POST /embed on the generated tiny-bert model (bench/embed-batching.ts), 32 connections. Unbatched (MAX_BATCH_REQUESTS=1) and batched (the defaults) run as two service processes at once, loaded in ${batching[0]?.rounds} rounds of ${batching[0]?.seconds} s, both back to back and alternating which goes first, after ${WARM_UP_S[0]} s of warm-up in the first and ${WARM_UP_S[1]} s in the second (an unbatched server takes 3–6 s of load to reach its steady speed); the median run is shown, and the ratio is the median of the per-round ratios (their range in brackets). Queries: 4–9 words (about 6–12 tokens); sentences: 4–23 words (about 6–30 tokens); passages: 4–103 words (up to about 110 tokens). INFERENCE_THREADS=1. "CPU µs/req" is the CPU time of the server and its inference process (all threads) per request in the run shown.`, '',
      '"Model calls alone": the same inputs through the same model code, back to back from the benchmark process (to an inference process of its own, as in the service), µs per input with one input per call and in batches of 32 (run as the service runs a batch: calls of similar lengths, at most INFERENCE_CALL_TOKENS padded tokens each). Their ratio is what batching saves in a model call, the hand-over to the inference process included. HTTP, JSON and pooling are not shared by a batch.', '',
      '| model | workload | unbatched req/s | p99 ms | CPU µs/req | batched req/s | p99 ms | CPU µs/req | batched / unbatched | model calls alone: 1 per call, µs/input | batches of 32, µs/input | model alone: ratio |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const b of batching) {
      const { single, batch32 } = b.modelUsPerInput;
      out.push(`| ${b.model} | ${b.workload} | ${Math.round(b.unbatchedRps)} | ${b.unbatchedP99} | ${f(b.unbatchedCpuUs, 0)} | ${Math.round(b.batchedRps)} | ${b.batchedP99} | ${f(b.batchedCpuUs, 0)} | ${f(b.ratio)}× (${f(b.ratioRange[0])}–${f(b.ratioRange[1])}) | ${f(single, 0)} | ${f(batch32, 0)} | ${f(single / batch32)}× |`);
    }
    out.push('');
  }
  if (rerank) out.push(rerankMarkdown(rerank));
  if (chat) out.push(...chatCountSection(chat));
  if (chunking) out.push(markdownChunkingSection(chunking));
  if (entities) out.push(entitiesMarkdown(entities, entities.corpusBytes));
  out.push(`Whole run: ${meta.totalS.toFixed(0)} s.`, '');
  return out.join('\n');
}

const CHAT_HEADING = '## Chat conversations: /count {messages}';

/** The section of bench/chat-count.ts: /count of a conversation against /count of its text joined. */
export function chatCountSection(chat: ChatCountResult[]): string[] {
  const out = [CHAT_HEADING, '', `POST /count with a conversation (a system message and 10 turns of ~200-character English lines, ${chat[0]?.chars} characters of content) against POST /count with the same contents joined by newlines, through the app (bench/chat-count.ts: buildApp, inject, no network). ${chat[0]?.rounds} rounds of 500 requests each, alternating which goes first; CPU µs per request of the process (the machine is shared, and CPU time leaves out what other processes take), the median round shown, and the ratio is the median of the per-round ratios (their range in brackets). The conversation costs the template's rendering (@huggingface/jinja) and the tokens of its markup; gpt-4o has no template (OpenAI's documented count: its text pieces are counted, 3 tokens per message added). \`npm run bench:chat\` rewrites this section alone; "load" is the machine's 1-minute load average when the model's rounds started.`, '',
    '| model | messages | CPU µs/req | joined text | CPU µs/req | messages / joined | load |', '|---|---:|---:|---|---:|---:|---:|'];
  for (const c of chat) out.push(`| ${c.model} | ${c.messages} | ${f(c.chatCpuUs, 0)} | ${c.chars} chars | ${f(c.textCpuUs, 0)} | ${f(c.ratio)}× (${f(c.ratioRange[0])}–${f(c.ratioRange[1])}) | ${f(c.loadAverage ?? null, 1)} |`);
  out.push('');
  return out;
}

const CHUNKING_TITLE = '## Chunking: Markdown structure';

/** The section of docs/BENCHMARKS.md on /chunk's markdown boundary (bench/markdown-chunking.ts). */
export function markdownChunkingSection(r: MarkdownChunkingResult): string {
  const [small, large] = r.sizes;
  const n = (x: number) => x.toLocaleString('en-US');
  const row = (s: SizeResult) => `| ${n(s.chars)} | ${s.files} | ${s.runs} | ${f(s.paragraph.cpuMs / 1000)} | ${s.paragraph.chunks} | ${s.paragraph.fallback} | ${f(s.markdown.cpuMs / 1000)} | ${s.markdown.chunks} | ${s.markdown.fallback} | ${f(s.ratio)}×${s.runs > 1 ? ` (${f(s.ratioRange[0])}–${f(s.ratioRange[1])})` : ''} |`;
  return [
    CHUNKING_TITLE, '',
    `POST /chunk's service function in-process (bench/markdown-chunking.ts) on README.md files shipped in node_modules (concatenated in path order; the smaller text is the start of the larger), bert-base-uncased, max_tokens ${r.maxTokens}, overlap 0, after a warm-up run of each boundary on the smaller text. The ${n(small.chars)}-character text runs in ${small.runs} rounds alternating which boundary goes first (the median is shown; the ratio is the median of the per-round ratios, their range in brackets), the ${n(large.chars)}-character one once per boundary. Times are CPU seconds of the benchmark process (user + system), which a machine shared with other work moves far less than wall-clock time (also in bench/results/markdown-chunking.json). Both boundaries spend most of their time in the word analyzers' sentence and word analysis of the whole text (wink-nlp), once some unit is too long for a chunk.`, '',
    '| characters | files | runs | paragraph CPU s | chunks | fallback | markdown CPU s | chunks | fallback | markdown ÷ paragraph |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row(small), row(large), '',
    `CPU time per character on ${n(large.chars)} characters ÷ on ${n(small.chars)} (1.00× when time grows linearly with the text): paragraph ${f(r.perCharGrowth.paragraph)}×, markdown ${f(r.perCharGrowth.markdown)}×. The larger text holds other files too; the same ${n(large.chars)} characters in one request ÷ sent as ${r.pieces} requests of ${n(small.chars)} (same content, so only the size differs): paragraph ${f(r.oneVsPieces.paragraph)}×, markdown ${f(r.oneVsPieces.markdown)}×.`, '',
    `Parsing ${n(r.parse.chars)} characters alone (CPU time, median of 5 after a warm-up run): markdown-it (block pass, as the service runs it) ${f(r.parse.markdownIt, 0)} ms; micromark + mdast-util-from-markdown with GFM (the tests' reference parser) ${f(r.parse.micromark, 0)} ms.`, '',
  ].join('\n');
}

const ENTITIES_HEADING = '## Word analyzers: the cost of names';

/** The section on the cost of names (the issue's limits: at most 2× the time, at most +50 MB of RSS). */
export function entitiesMarkdown(r: EntitiesReport, corpusBytes: number): string {
  return [
    ENTITIES_HEADING, '',
    `\`entities: true\` (the learned name taggers: English per wink-nlp token, Chinese per character) against the same analyzer without it (bench/entities.ts), on the English and Chinese lines of the ${(corpusBytes / 1e6).toFixed(2)} MB bench corpus ("english + chinese" interleaves them). One call per line, MB per CPU second of the process (user + system: steadier than wall time on a shared machine); ${r.rounds} rounds alternating the two settings, the median round shown; the ratio is the median of the per-round ratios (limit: 2×). Loaded on first use, the weights and word lists hold ${r.heldMB.toFixed(1)} MB (V8 heap plus array buffers after a full GC); resident memory moved by ${r.rssAddedMB.toFixed(1)} MB in this run (limit: +50 MB).`, '',
    '| analyzer | corpus | without entities MB/CPU-s | with entities MB/CPU-s | time ratio |',
    '|---|---|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.analyzer} | ${x.corpus} | ${x.plainMBs.toFixed(3)} | ${x.entitiesMBs.toFixed(3)} | ${x.ratio.toFixed(2)}× |`),
    '',
  ].join('\n');
}

