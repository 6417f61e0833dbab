import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { projectRoot } from '../src/paths.js';

/** A real server process (the production entry point src/server.ts) listening on 127.0.0.1. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Every pino log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once a log line matches. */
  waitForLog(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/**
 * Starts `node --import tsx src/server.ts` (or `command`) with `env` on a free port and resolves once
 * models are loaded. Ports come from the server's own "listening" log line (PORT=0), so tests never race
 * for a port.
 */
export async function startServer(env: Record<string, string>, command: string[] = ['--import', 'tsx', 'src/server.ts'], cwd = projectRoot, startTimeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, command, {
    // LOG_LEVEL info or lower: the port and readiness are read from the log.
    cwd, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { msg: text };
    }
    logs.push(line);
    for (const w of [...waiters]) if (w.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLog = (test: (l: Record<string, unknown>) => boolean) => {
    const seen = logs.find(test);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<Record<string, unknown>>((resolve) => waiters.push({ test, resolve })),
      exited.then((code) => { throw new Error(`server exited with ${code} while waiting; last logs: ${JSON.stringify(logs.slice(-5))}`); }),
    ]);
  };
  const timer = setTimeout(() => child.kill('SIGKILL'), startTimeoutMs); // a server that never starts fails the test, never hangs it
  const listening = await waitForLog((l) => typeof l.msg === 'string' && /listening at http:\/\/127\.0\.0\.1:\d+/.test(l.msg));
  const port = Number(/:(\d+)$/.exec(String(listening.msg))![1]);
  await waitForLog((l) => l.msg === 'models loaded; ready');
  clearTimeout(timer);
  return { child, port, logs, exited, waitForLog };
}

export interface HttpResult { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/**
 * One HTTP request on its own connection (no keep-alive), so a test controls exactly what is in flight.
 * Rejects if no complete answer comes within `timeoutMs` of socket inactivity: a hung request fails the test.
 */
export function httpRequest(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({
      host: '127.0.0.1', port, method, path, agent: false,
      headers: { connection: 'close', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)));
    req.end(payload);
  });
}
