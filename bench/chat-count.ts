/**
 * /count of a conversation against /count of the same text joined: what the chat template adds to a
 * request (rendering, the template's markup to tokenize). Requests go through the real app (buildApp,
 * production options) by inject, without the network, whose cost would only make the ratio look smaller;
 * the measure is this process's CPU time per request.
 *
 * Standalone: `npm run bench:chat` (prints, writes bench/results/chat-count.json and rewrites this
 * section of docs/BENCHMARKS.md through bench/report.ts); `npm run bench` runs it too.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { benchCorpus } from './corpus.js';
import { medianRatio } from './http.js';
import { readResults, writeResults } from './report.js';

export interface ChatCountResult {
  model: string;
  /** Characters of message content in the conversation. */
  chars: number;
  messages: number;
  /** CPU µs per request, median round. */
  chatCpuUs: number;
  textCpuUs: number;
  /** Chat ÷ text time per request: the median of the per-round ratios, and their range. */
  ratio: number;
  ratioRange: [number, number];
  rounds: number;
  /** The machine's 1-minute load average when this model's rounds started (the machine is shared). */
  loadAverage: number;
}

/** Models with a chat format among the shipped ones (gpt-4o: OpenAI's documented count). */
const MODELS = ['llama-3', 'qwen3', 'gpt-4o'];

/** A system message and 10 turns (5 user, 5 assistant) of ~200-character lines: ~2,000 characters. */
function conversation(lines: string[]): { role: string; content: string }[] {
  const turns = lines.slice(0, 10).map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }));
  return [{ role: 'system', content: 'You are a helpful assistant.' }, ...turns];
}

export async function runChatCount(lines: string[], rounds: number, log: (s: string) => void): Promise<ChatCountResult[]> {
  const app = await buildApp(loadConfig(process.env, { LOG_LEVEL: 'warn', MODELS: ['bert-base-uncased', ...MODELS].join(',') }));
  await app.registry.loadAll();
  // The worker threads start on the first request that asks for them (/count of text does) and load every
  // tokenizer: started here, their loading is not counted in the first model's rounds (CPU time is the
  // whole process's).
  await app.workers.start();
  const messages = conversation(lines);
  const text = messages.map((m) => m.content).join('\n');
  const results: ChatCountResult[] = [];
  const bodies = (model: string) => ({ chat: { model, messages }, text: { model, inputs: text } });
  /**
   * CPU seconds of this process per request over n requests: the machine is shared, and CPU time
   * leaves out the time other processes take from it, which wall time would count.
   */
  const time = async (body: { model: string }, n: number) => {
    const started = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const res = await app.inject({ method: 'POST', url: '/count', payload: body });
      if (res.statusCode !== 200) throw new Error(`${body.model}: /count answered ${res.statusCode}: ${res.body}`);
    }
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1e6 / n;
  };
  try {
    // Every model's requests once before any is measured: the engine's compiler threads (CPU time of this
    // process) optimize the shared code during the first requests, which would weigh on the first model.
    for (const model of MODELS) {
      await time(bodies(model).chat, 200);
      await time(bodies(model).text, 200);
    }
    for (const model of MODELS) {
      const { chat: chatBody, text: textBody } = bodies(model);
      const loadAverage = loadavg()[0];
      await time(chatBody, 200);
      await time(textBody, 200);
      const chat: number[] = [];
      const plain: number[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate which goes first, so a drifting machine favours neither.
        if (r % 2 === 0) {
          chat.push(await time(chatBody, 500));
          plain.push(await time(textBody, 500));
        } else {
          plain.push(await time(textBody, 500));
          chat.push(await time(chatBody, 500));
        }
      }
      const ratio = medianRatio(chat.map((c, i) => c / plain[i]));
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
      results.push({
        model, chars: text.length, messages: messages.length, chatCpuUs: median(chat) * 1e6, textCpuUs: median(plain) * 1e6,
        ratio: ratio.median, ratioRange: ratio.range, rounds, loadAverage,
      });
      log(`chat /count ${model}: ${(median(chat) * 1e6).toFixed(0)} CPU µs per request with messages, ${(median(plain) * 1e6).toFixed(0)} joined; ratio ${ratio.median.toFixed(2)}× (${ratio.range.map((x) => x.toFixed(2)).join('–')})`);
    }
  } finally {
    await app.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lines = benchCorpus(200_000).segments.english.filter((l) => l.length >= 150 && l.length <= 260);
  const results = await runChatCount(lines, 5, console.log);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  writeResults(root, { ...readResults(root), chat: results });
}
