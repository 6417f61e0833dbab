/**
 * Starts the real server (src/server.ts, as `npm run dev` does) as a child process on 127.0.0.1 and a
 * free port, for the fuzz and load scripts and the process-level tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/paths.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** The last 2,000 output lines (pino JSON). */
  logs: string[];
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | string | null>;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

/**
 * Spawns the server with `env` added to this process's environment (HOST=127.0.0.1, a free PORT) and
 * resolves once GET /health answers 200 (every model loaded); rejects with its output if it exits first.
 * Readiness comes from /health, not from logs, so any LOG_LEVEL works.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If this process dies (a crashed script), the server must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const logs: string[] = [];
  const onLine = (line: string) => {
    logs.push(line);
    if (logs.length > 2_000) logs.splice(0, 1_000);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => {
    process.off('exit', orphanGuard);
    resolve(code ?? signal);
  }));
  let ended = false;
  void exited.then(() => { ended = true; });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (ended) throw new Error(`server exited (${await exited}) before it was ready:\n${logs.slice(-20).join('\n')}`);
    const status = await fetch(`${url}/health`).then((r) => r.status, () => 0);
    if (status === 200) break;
    await sleep(100);
  }
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, url, port, logs, exited, stop };
}
