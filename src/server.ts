import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import { destination } from 'pino';
import { buildApp } from './app.js';
import { BatchedLogStream } from './log-stream.js';
import { loadConfig, type Config } from './config.js';
import { cliEnv, usage } from './config-cli.js';

/** Log characters gathered before a write to stdout. */
const LOG_BATCH_CHARS = 8192;
/** Longest a buffered log line waits for its write, in ms. */
const LOG_FLUSH_MS = 100;

/** Env vars, overridden by command-line flags; a bad value or flag ends the process with a clear message. */
function configFromProcess(): Config {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(usage());
    process.exit(0);
  }
  try {
    return loadConfig({ ...process.env, ...cliEnv(process.argv.slice(2)) });
  } catch (err) {
    console.error((err as Error).message);
    console.error('Run with --help to list every setting.');
    process.exit(1);
  }
}

/**
 * Entry point: config → app → listen → load models (health is 503 until they are ready).
 * Shutdown (SIGTERM/SIGINT): /health turns 503 at once, requests keep being served for
 * SHUTDOWN_DELAY_MS (load balancers stop routing here), then the listener closes, in-flight requests
 * finish, models close and the process exits 0 — or 1 if that takes longer than SHUTDOWN_GRACE_MS
 * (a second signal also exits 1 at once).
 */
async function main(): Promise<void> {
  const config = configFromProcess();
  // Log lines go to stdout asynchronously, once 8K characters have gathered or LOG_FLUSH_MS has passed:
  // each asynchronous write hands over to a libuv thread, and a write per event-loop turn (every few
  // requests) was a measurable share of a small request's cost, as was a synchronous write per line
  // (docs/MEASUREMENTS.md). Flushed at exit.
  const logStream = new BatchedLogStream(destination({ dest: 1, sync: false }), LOG_BATCH_CHARS, LOG_FLUSH_MS);
  const app = await buildApp(config, { logStream });
  closeWithGrace(
    { delay: config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS, logger: { error: (msg: unknown) => app.log.error(msg) } },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'fatal error; shutting down');
      else app.log.info({ signal, delayMs: config.SHUTDOWN_DELAY_MS, graceMs: config.SHUTDOWN_GRACE_MS }, 'draining');
      app.readiness.drain();
      if (config.SHUTDOWN_DELAY_MS > 0) await sleep(config.SHUTDOWN_DELAY_MS);
      await app.close(); // stops accepting; resolves once every in-flight request has been answered
      await app.registry.close();
      app.log.info('shut down');
      logStream.flushSync();
    },
  );
  await app.listen({ port: config.PORT, host: config.HOST });
  const started = performance.now();
  try {
    await app.registry.loadAll();
  } catch (err) {
    app.log.fatal((err as Error).message);
    await app.close();
    logStream.flushSync();
    process.exit(1);
  }
  app.log.info({ models: app.registry.loadedCount, ms: Math.round(performance.now() - started) }, 'models loaded; ready');
}

void main();
