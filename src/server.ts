import { buildApp } from './app.js';
import { loadConfig } from './config.js';

/** Entry point: config → app → listen → load models (health is 503 until they are ready). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const app = await buildApp(config);
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app.registry.state = 'draining';
    await app.close();
    await app.registry.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await app.listen({ port: config.PORT, host: config.HOST });
  const started = performance.now();
  try {
    await app.registry.loadAll();
  } catch (err) {
    app.log.fatal((err as Error).message);
    await app.close();
    process.exit(1);
  }
  app.log.info({ models: app.registry.loadedCount, ms: Math.round(performance.now() - started) }, 'models loaded; ready');
}

void main();
