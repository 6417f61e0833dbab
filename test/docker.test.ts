import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { configSchema } from '../src/config.js';
import { projectRoot } from '../src/paths.js';
import { httpRequest, startServer } from './production-server.js';

/**
 * Performs the Dockerfile's steps without Docker: every stage gets a folder standing for its root file
 * system; COPY copies exactly what the Dockerfile names (minus .dockerignore), RUN runs the npm commands,
 * and the runtime stage's exact CMD must serve /health and a route. A runtime dependency, file or
 * build step missing from the Dockerfile fails here.
 */
interface Instruction { op: string; args: string; line: number }
interface Stage { name: string; root: string; workdir: string; env: Record<string, string>; user?: string; volumes: string[]; expose: string[]; healthcheck?: string[]; cmd?: string[] }

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    while (line.endsWith('\\')) line = line.slice(0, -1) + ' ' + lines[++i];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(trimmed)!;
    out.push({ op: op.toUpperCase(), args: args.trim(), line: start + 1 });
  }
  return out;
}

/** .dockerignore patterns as regexes over context-relative paths (a match excludes a folder's content). */
function ignoreMatcher(text: string): (rel: string) => boolean {
  const res = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((p) => new RegExp(
    '^' + p.replace(/^\//, '').replace(/[.+^${}()|[\]]/g, '\\$&').replace(/\*\*\//g, '\uf000').replace(/\*/g, '[^/]*').replace(/\uf000/g, '(?:.*/)?') + '(?:/.*)?$'));
  return (rel) => res.some((r) => r.test(rel));
}

const dockerfile = parseDockerfile(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'));
const ignored = ignoreMatcher(readFileSync(join(projectRoot, '.dockerignore'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'tokenserve-docker-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

const stages: Stage[] = [];
const inStage = (stage: Stage, path: string) => join(stage.root, path.startsWith('/') ? path : join(stage.workdir, path));
/** ENV values that are absolute paths point into the stage's root folder. */
const stageEnv = (stage: Stage) => Object.fromEntries(Object.entries(stage.env).map(([k, v]) => [k, v.startsWith('/') ? join(stage.root, v) : v]));
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|TAP|NODE_OPTIONS)/i.test(k)));

function copy(stage: Stage, args: string): void {
  const parts = args.split(/\s+/);
  const from = parts[0].startsWith('--from=') ? stages.find((s) => s.name === parts.shift()!.slice(7)) : undefined;
  while (parts[0].startsWith('--')) parts.shift();
  const dest = parts.pop()!;
  for (const src of parts) {
    const source = from ? inStage(from, src) : join(projectRoot, src);
    if (!existsSync(source)) throw new Error(`COPY source missing: ${src}`);
    const target = dest.endsWith('/') || parts.length > 1 ? join(inStage(stage, dest), src.split('/').pop()!) : inStage(stage, dest);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, {
      recursive: true, filter: (p) => from !== undefined || !ignored(relative(projectRoot, p)),
    });
  }
}

function run(stage: Stage, args: string): void {
  const command = args.replace(/--mount=\S+\s+/g, '');
  const mkdir = /^mkdir -p (\S+) && chown \S+ \1$/.exec(command);
  if (mkdir) return void mkdirSync(inStage(stage, mkdir[1]), { recursive: true }); // no such user here
  if (!/^npm /.test(command)) throw new Error(`this test does not know how to run: ${command}`);
  const started = performance.now();
  try {
    execFileSync('sh', ['-c', command], { cwd: inStage(stage, '.'), env: { ...cleanEnv(), ...stageEnv(stage) }, stdio: 'pipe', encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`${(err as Error).message.split('\n')[0]}\n${(stdout + stderr).split('\n').filter((l) => !/EBADENGINE/.test(l)).slice(-40).join('\n')}`, { cause: err });
  }
  t.comment(`${stage.name}: ${command} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

t.test('the Dockerfile builds and runs (its steps, without Docker)', async (t) => {
  for (const { op, args, line } of dockerfile) {
    const stage = stages.at(-1)!;
    try {
      if (op === 'ARG') continue;
      if (op === 'FROM') {
        const [, name] = /\bAS\s+(\S+)$/i.exec(args) ?? [];
        stages.push({ name, root: join(work, name), workdir: '/', env: {}, volumes: [], expose: [] });
        mkdirSync(join(work, name), { recursive: true });
      } else if (op === 'WORKDIR') {
        stage.workdir = args;
        mkdirSync(inStage(stage, '.'), { recursive: true });
      } else if (op === 'ENV') for (const [, k, v] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v;
      else if (op === 'COPY') copy(stage, args);
      else if (op === 'RUN') run(stage, args);
      else if (op === 'USER') stage.user = args;
      else if (op === 'VOLUME') stage.volumes.push(...(JSON.parse(args) as string[]));
      else if (op === 'EXPOSE') stage.expose.push(...args.split(/\s+/));
      else if (op === 'HEALTHCHECK') stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4)) as string[];
      else if (op === 'CMD') stage.cmd = JSON.parse(args) as string[];
      else throw new Error(`unknown instruction ${op}`);
    } catch (err) {
      throw new Error(`Dockerfile line ${line} (${op} ${args}): ${(err as Error).message}`, { cause: err });
    }
  }

  const runtime = stages.at(-1)!;
  t.ok(stages.length >= 2, 'multi-stage');
  t.ok(runtime.user && runtime.user !== 'root' && runtime.user !== '0', `non-root user (${runtime.user})`);
  t.same(runtime.expose, [String(runtime.env.PORT ?? configSchema.properties.PORT.default)], 'EXPOSE is the port the app listens on');
  t.ok(runtime.volumes.includes(runtime.env.MODEL_DIR), 'MODEL_DIR is a volume');
  t.equal(runtime.healthcheck?.[0], 'node', 'HEALTHCHECK with node (no curl in slim images)');
  t.notOk(existsSync(join(runtime.root, 'app', 'node_modules', 'typescript')), 'no dev dependencies in the runtime stage');
  t.ok(statSync(join(runtime.root, 'app', '.cache')).isDirectory(), 'prepared models are in the image');

  // The exact CMD, with `node` being this test's node, on a free loopback port.
  const [bin, ...argv] = runtime.cmd!;
  t.equal(bin, 'node');
  const env = { ...stageEnv(runtime), PORT: '0', HOST: '127.0.0.1' };
  const server = await startServer(env, argv, join(runtime.root, runtime.workdir.replace(/^\//, '')), 180_000);
  t.teardown(() => { server.child.kill('SIGKILL'); });
  t.equal((await httpRequest(server.port, 'GET', '/health')).status, 200, '/health 200');
  const res = await httpRequest(server.port, 'POST', '/tokenize', { inputs: 'I love to eat pizza!', model: 'bert-base-uncased' });
  t.equal(res.status, 200);
  t.same(JSON.parse(res.body)[0].map((x: { id: number }) => x.id), [101, 1045, 2293, 2000, 4521, 10733, 999, 102]);
  const playground = await httpRequest(server.port, 'GET', '/');
  t.equal(playground.status, 200, 'the playground page (web/public and the compiled dist/web are in the image)');
  const script = /src="([^"]+main\.js)"/.exec(playground.body)?.[1] ?? '/missing';
  t.equal((await httpRequest(server.port, 'GET', script)).status, 200, 'and its script');
  const probe = spawnSync(process.execPath, runtime.healthcheck!.slice(1), { env: { ...cleanEnv(), PORT: String(server.port) }, timeout: 30_000 });
  t.equal(probe.status, 0, 'the HEALTHCHECK command passes');
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'stops cleanly on SIGTERM');
});
