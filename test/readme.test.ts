import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/paths.js';
import { startServer, type ServerProcess } from '../scripts/server-process.js';

// Every `$ curl` example in README.md's console blocks runs, with the real curl, against a real server
// (all shipped models, an empty temporary MODEL_DIR); its JSON answer must equal the output printed
// under it. "# after a restart" in a block restarts the server (same MODEL_DIR). Timings differ per
// run, so keys named in VOLATILE only need the same type; other numbers compare to the printed digits.
const VOLATILE = new Set(['training_ms', 'load_ms', 'created']);

interface Example { command: string; output: string; restartBefore: boolean; line: number }

/** `$ ` commands (with `\` continuations) of every ```console block, each with the lines printed under it. */
export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  let inBlock = false;
  let restart = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('```')) { inBlock = !inBlock && lines[i] === '```console'; restart = false; continue; }
    if (!inBlock) continue;
    if (lines[i].startsWith('# after a restart')) restart = true;
    if (!lines[i].startsWith('$ ')) continue;
    const start = i;
    let command = lines[i].slice(2);
    while (command.endsWith('\\')) command = `${command.slice(0, -1)} ${lines[++i].trim()}`;
    const output: string[] = [];
    while (i + 1 < lines.length && lines[i + 1] !== '' && !lines[i + 1].startsWith('$ ') && !lines[i + 1].startsWith('#') && !lines[i + 1].startsWith('```')) output.push(lines[++i]);
    out.push({ command, output: output.join('\n'), restartBefore: restart, line: start + 1 });
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

t.ok(curls.length >= 10, `README has curl examples (${curls.length}); other commands are not run: ${all.filter((e) => !curls.includes(e)).map((e) => `line ${e.line}`).join(', ')}`);

for (const example of curls) {
  t.test(`README line ${example.line}: ${example.command.slice(0, 100)}`, async (t) => {
    if (example.restartBefore) {
      await server.stop();
      server = await startServer({ MODEL_DIR: modelDir, LOG_LEVEL: 'warn', TRAIN_ENABLED: 'true' });
    }
    const args = words(example.command).slice(1).map((w) => w.replace(/^(http:\/\/)?localhost:8080/, server.url));
    const { stdout } = await promisify(execFile)('curl', args, { maxBuffer: 64 << 20 });
    const problems: string[] = [];
    compare(JSON.parse(stdout), JSON.parse(example.output), '$', problems);
    t.same(problems, [], 'the answer is what the README prints');
  });
}
