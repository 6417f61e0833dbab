import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/paths.js';
import { startServer, type ServerProcess } from './support/server-process.js';
import { makeTestModel, TEST_HEADS } from './support/make-test-model.js';
import { loadConfig } from '../src/config.js';

// Every `$ curl` example in README.md's console blocks runs, with the real curl, against a real server
// (all shipped models, an empty temporary MODEL_DIR; in a block marked "# with the generated test models",
// a second server whose MODEL_DIR holds test/support/make-test-model.ts' TEST_HEADS); its JSON answer must equal the output printed
// under it. "# after a restart" in a block restarts the server (same MODEL_DIR). Timings differ per
// run, so keys named in VOLATILE only need the same type; other numbers compare to the printed digits.
const VOLATILE = new Set(['training_ms', 'load_ms', 'created']);
// Random answer ids (the id of a /v1/rerank answer) only need the same form.
const RANDOM_ID = /^rerank-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Example { command: string; output: string; restartBefore: boolean; testModels: boolean; line: number }

/** `$ ` commands (with `\` continuations) of every ```console block, each with the lines printed under it. */
export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  let inBlock = false;
  let restart = false;
  let testModels = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('```')) { inBlock = !inBlock && lines[i] === '```console'; restart = false; testModels = false; continue; }
    if (!inBlock) continue;
    if (lines[i].startsWith('# after a restart')) restart = true;
    if (lines[i].startsWith('# with the generated test models')) testModels = true;
    if (!lines[i].startsWith('$ ')) continue;
    const start = i;
    let command = lines[i].slice(2);
    while (command.endsWith('\\')) command = `${command.slice(0, -1)} ${lines[++i].trim()}`;
    const output: string[] = [];
    while (i + 1 < lines.length && lines[i + 1] !== '' && !lines[i + 1].startsWith('$ ') && !lines[i + 1].startsWith('#') && !lines[i + 1].startsWith('```')) output.push(lines[++i]);
    out.push({ command, output: output.join('\n'), restartBefore: restart, testModels, line: start + 1 });
    restart = false;
  }
  return out;
}

/** Shell words of a one-line command: single and double quotes, no expansion (enough for the README). */
function words(command: string): string[] {
  const result: string[] = [];
  for (const m of command.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)) result.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]);
  return result;
}

/** Deep equality where README numbers may be printed shortened: equal to the digits shown. */
function compare(actual: unknown, expected: unknown, path: string, problems: string[]): void {
  const key = path.split('.').pop()!;
  if (VOLATILE.has(key)) {
    if (typeof actual !== typeof expected) problems.push(`${path}: ${typeof actual}, README shows ${typeof expected}`);
  } else if (typeof expected === 'string' && RANDOM_ID.test(expected)) {
    if (typeof actual !== 'string' || !RANDOM_ID.test(actual)) problems.push(`${path}: ${JSON.stringify(actual)}, README shows an id like ${expected}`);
  } else if (typeof expected === 'number' && typeof actual === 'number') {
    const digits = (String(expected).split('.')[1] ?? '').length;
    if (Math.abs(actual - expected) > 0.5 * 10 ** -digits) problems.push(`${path}: ${actual}, README shows ${expected}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) problems.push(`${path}: ${actual.length} items, README shows ${expected.length}`);
    else expected.forEach((e, i) => compare(actual[i], e, `${path}[${i}]`, problems));
  } else if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) compare((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`, problems);
  } else if (actual !== expected) {
    problems.push(`${path}: ${JSON.stringify(actual)}, README shows ${JSON.stringify(expected)}`);
  }
}

const all = examples(readFileSync(join(projectRoot, 'README.md'), 'utf8'));
const curls = all.filter((e) => e.command.startsWith('curl '));
const modelDir = mkdtempSync(join(tmpdir(), 'tokenserve-readme-'));
t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
let server: ServerProcess = await startServer({ MODEL_DIR: modelDir, LOG_LEVEL: 'warn', TRAIN_ENABLED: 'true' });
t.teardown(() => server.stop());

let headServer: ServerProcess | null = null;
/** A server with the generated reranker, classifier and SPLADE models (started for the first example that needs it). */
async function testModelServer(): Promise<ServerProcess> {
  if (!headServer) {
    const dir = join(modelDir, '..', `${modelDir.split('/').pop()}-heads`);
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, { size, head }] of Object.entries(TEST_HEADS)) makeTestModel(join(dir, name), loadConfig().CACHE_DIR, size, head);
    headServer = await startServer({ MODEL_DIR: dir, MODELS: `bert-base-uncased,${Object.keys(TEST_HEADS).join(',')}`, LOG_LEVEL: 'warn' });
    t.teardown(() => headServer?.stop());
  }
  return headServer;
}

t.ok(curls.length >= 10, `README has curl examples (${curls.length}); other commands are not run: ${all.filter((e) => !curls.includes(e)).map((e) => `line ${e.line}`).join(', ')}`);

for (const example of curls) {
  t.test(`README line ${example.line}: ${example.command.slice(0, 100)}`, async (t) => {
    if (example.restartBefore) {
      await server.stop();
      server = await startServer({ MODEL_DIR: modelDir, LOG_LEVEL: 'warn', TRAIN_ENABLED: 'true' });
    }
    const target = example.testModels ? await testModelServer() : server;
    const args = words(example.command).slice(1).map((w) => w.replace(/^(http:\/\/)?localhost:8080/, target.url));
    const { stdout } = await promisify(execFile)('curl', args, { maxBuffer: 64 << 20 });
    const problems: string[] = [];
    compare(JSON.parse(stdout), JSON.parse(example.output), '$', problems);
    t.same(problems, [], 'the answer is what the README prints');
  });
}
