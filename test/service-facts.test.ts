import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { call } from './helper.js';

t.test('/info reports the configured MAX_CONCURRENT_REQUESTS, MAX_BATCH_TOKENS and MAX_BATCH_REQUESTS', async (t) => {
  const config = loadConfig({ MAX_CONCURRENT_REQUESTS: '77', MAX_BATCH_TOKENS: '4096', MAX_BATCH_REQUESTS: '9' }, { LOG_LEVEL: 'silent', VALIDATE_RESPONSES: true, MODELS: 'bert-base-uncased' });
  const app = await buildApp(config);
  t.teardown(() => app.close());
  await app.registry.loadAll();
  const info = await call(app, { method: 'GET', url: '/info' });
  t.equal(info.status, 200);
  t.equal(info.body.max_concurrent_requests, 77);
  t.equal(info.body.max_batch_tokens, 4096);
  t.equal(info.body.max_batch_requests, 9);
});

t.test('/health models_total counts the models served, models_loaded those loaded so far', async (t) => {
  const config = loadConfig({}, { LOG_LEVEL: 'silent', VALIDATE_RESPONSES: true, MODELS: 'bert-base-uncased,gpt-4o,words' });
  const app = await buildApp(config);
  t.teardown(() => app.close());
  const loading = app.registry.loadAll();
  const during = await call(app, { method: 'GET', url: '/health' }, true);
  t.equal(during.status, 503, 'not ready while loading');
  await loading;
  const after = await call(app, { method: 'GET', url: '/health' });
  t.same(after.body, { status: 'ok', models_loaded: 3, models_total: 3 });
  t.equal(app.registry.availableCount, 3, 'three models selected by MODELS');
});
