import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTestApp, call, post } from './helper.js';

const MODELS = 'bert-base-uncased';

t.test('API keys: every route but the open ones needs a valid Bearer key', async (t) => {
  const app = await buildTestApp(t, { MODELS, API_KEYS: 'alpha-key, beta-key' });
  const tokenize = (authorization?: string) => call(app, {
    method: 'POST', url: '/tokenize', payload: { inputs: 'hello' }, headers: authorization ? { authorization } : {},
  });
  const none = await tokenize();
  t.equal(none.status, 401, 'no key');
  t.equal(none.body.code, 'UNAUTHORIZED');
  t.match(none.headers['www-authenticate'], /^Bearer/);
  for (const bad of ['Bearer wrong', 'Bearer alpha-ke', 'Bearer alpha-key-x', 'Basic YWxwaGEta2V5', 'alpha-key', 'Bearer ']) {
    const res = await tokenize(bad);
    t.equal(res.status, 401, `bad key: ${bad}`);
    t.equal(res.body.error_type, 'Validation');
  }
  for (const good of ['Bearer alpha-key', 'Bearer beta-key', 'bearer beta-key']) {
    const res = await tokenize(good);
    t.equal(res.status, 200, `good key: ${good}`);
    t.equal(res.headers['www-authenticate'], undefined);
  }
  t.equal((await call(app, { url: '/info' })).status, 401, '/info is protected');
  t.equal((await call(app, { url: '/no-such-route' })).status, 401, 'unknown routes do not reveal themselves without a key');
  t.equal((await call(app, { url: '/no-such-route', headers: { authorization: 'Bearer alpha-key' } })).status, 404);
  for (const url of ['/health', '/metrics', '/docs', '/docs/static/swagger-ui.css', '/openapi.json']) {
    t.equal((await call(app, { url })).status, 200, `${url} is open`);
  }
});

t.test('without API_KEYS nothing needs a key', async (t) => {
  const app = await buildTestApp(t, { MODELS });
  t.equal((await post(app, '/tokenize', { inputs: 'hello' })).status, 200);
});

t.test('a body over BODY_LIMIT is 413 BODY_TOO_LARGE', async (t) => {
  const app = await buildTestApp(t, { MODELS, BODY_LIMIT: 4096 });
  const res = await post(app, '/tokenize', { inputs: 'x'.repeat(5000) });
  t.equal(res.status, 413);
  t.equal(res.body.code, 'BODY_TOO_LARGE');
  t.equal((await post(app, '/tokenize', { inputs: 'x'.repeat(3000) })).status, 200, 'just under the limit passes');
});

t.test('rate limit: 429 RATE_LIMITED with Retry-After past RATE_LIMIT_MAX, per client', async (t) => {
  const app = await buildTestApp(t, { MODELS, RATE_LIMIT_MAX: 2, RATE_LIMIT_WINDOW_MS: 60000 });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await post(app, '/tokenize', { inputs: 'hi' })).status);
  t.same(statuses, [200, 200, 429]);
  const limited = await post(app, '/tokenize', { inputs: 'hi' });
  t.equal(limited.body.code, 'RATE_LIMITED');
  t.equal(limited.body.error_type, 'Overloaded');
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After in seconds');
  const other = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' }, remoteAddress: '10.0.0.9' });
  t.equal(other.status, 200, 'another client has its own budget');
  t.equal((await call(app, { url: '/health' })).status, 200, 'probes are never limited');
});

t.test('MAX_CONCURRENT_REQUESTS sheds the excess with 503 OVERLOADED and Retry-After', async (t) => {
  const app = await buildTestApp(t, { MODELS, MAX_CONCURRENT_REQUESTS: 2 });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  app.get('/test-slow', async () => { await gate; return { ok: true }; });
  const held = [app.inject({ url: '/test-slow' }), app.inject({ url: '/test-slow' })];
  await sleep(50); // let both reach the handler
  const shed = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' } }, true);
  t.equal(shed.status, 503);
  t.equal(shed.body.code, 'OVERLOADED');
  t.equal(shed.body.error_type, 'Overloaded');
  t.equal(shed.headers['retry-after'], '1');
  t.equal((await call(app, { url: '/health' })).status, 200, 'probes are never shed');
  release();
  t.same((await Promise.all(held)).map((r) => r.statusCode), [200, 200]);
  t.equal((await post(app, '/tokenize', { inputs: 'hi' })).status, 200, 'capacity is given back');
});

t.test('HANDLER_TIMEOUT_MS answers 503 TIMEOUT', async (t) => {
  const app = await buildTestApp(t, { MODELS, HANDLER_TIMEOUT_MS: 100 });
  app.get('/test-stuck', async (request) => {
    await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
    return { ok: true };
  });
  const res = await call(app, { url: '/test-stuck' }, true);
  t.equal(res.status, 503);
  t.equal(res.body.code, 'TIMEOUT');
});

t.test('security headers, with a CSP that lets Swagger UI load every asset it references', async (t) => {
  const app = await buildTestApp(t, { MODELS });
  const page = await call(app, { url: '/docs/' });
  t.equal(page.status, 200);
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, /script-src 'self'/);
  t.match(csp, /style-src 'self'/);
  t.match(csp, /img-src 'self' data:/);
  t.notMatch(csp, /upgrade-insecure-requests/, 'plain-HTTP deployments keep working');
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.ok(page.headers['x-frame-options'] ?? csp.includes('frame-ancestors'));
  t.notMatch(page.body, /<script>[^<]/, 'no inline script (script-src has no unsafe-inline)');
  t.equal(page.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP (RFC 6797 §7.2)');
  // API answers get OWASP's API set: nothing may load or frame them, no sniffing.
  const api = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' } });
  t.equal(api.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
  t.equal(api.headers['x-content-type-options'], 'nosniff');
  t.equal(api.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
  t.equal(api.headers['x-frame-options'], undefined, 'page-only headers are left out');
  const assets = [...String(page.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  t.ok(assets.length >= 4, `assets found: ${assets.join(' ')}`);
  for (const asset of assets) {
    t.notMatch(asset, /^(https?:)?\/\//, `${asset} is same-origin ('self')`);
    const url = new URL(asset, 'http://localhost/docs/').pathname;
    t.equal((await app.inject({ url })).statusCode, 200, `${url} loads`);
  }
  const init = await app.inject({ url: '/docs/static/swagger-initializer.js' });
  t.match(init.body, /validatorUrl: null/, 'no call to the external validator (img-src/connect-src stay self)');
  const spec = /\burl: resolveUrl\('([^']+)'\)/.exec(init.body)?.[1];
  t.ok(spec, 'the initializer names the spec URL');
  const specRes = await app.inject({ url: new URL(spec ?? '', 'http://localhost/docs/').pathname });
  t.equal(specRes.statusCode, 200, 'the spec Swagger UI fetches (same origin, connect-src self) loads');
  t.ok(specRes.json().paths['/tokenize'], 'and it is the OpenAPI document');
});

t.test('every answer carries its request id: the client\'s own if usable, else a new one', async (t) => {
  const app = await buildTestApp(t, { MODELS, API_KEYS: 'k' });
  const generated = /^[0-9a-f]{12}-[1-9][0-9]*$/; // this process's random prefix, then a count
  const auth = { authorization: 'Bearer k' };
  const ok = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' }, headers: auth });
  t.match(ok.headers['x-request-id'], generated, 'generated when the client sends none');
  const again = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' }, headers: auth });
  t.not(again.headers['x-request-id'], ok.headers['x-request-id'], 'a new one per request');
  const given = 'trace-01H9Z:abc/42';
  t.equal((await call(app, { url: '/info', headers: { ...auth, 'x-request-id': given } })).headers['x-request-id'], given, 'the client\'s own is kept');
  for (const bad of ['has space', 'x'.repeat(129), 'caf\u00e9']) {
    const res = await call(app, { url: '/info', headers: { ...auth, 'x-request-id': bad } });
    t.match(res.headers['x-request-id'], generated, `replaced when unusable: ${JSON.stringify(bad.slice(0, 12))}`);
  }
  t.equal((await call(app, { url: '/nowhere', headers: { ...auth, 'x-request-id': given } })).headers['x-request-id'], given, 'on a 404');
  t.equal((await call(app, { url: '/info', headers: { 'x-request-id': given } })).headers['x-request-id'], given, 'on a 401');
  const invalid = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 42 }, headers: auth });
  t.equal(invalid.status, 400);
  t.match(invalid.headers['x-request-id'], generated, 'on a 400');
});

t.test('CORS: configured origins only; preflight works with API keys on', async (t) => {
  const app = await buildTestApp(t, { MODELS, CORS_ORIGINS: 'https://app.example.com', API_KEYS: 'k' });
  const allowed = await call(app, { url: '/info', headers: { origin: 'https://app.example.com', authorization: 'Bearer k' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
  const refused = await call(app, { url: '/info', headers: { origin: 'https://evil.example.com', authorization: 'Bearer k' } });
  t.equal(refused.headers['access-control-allow-origin'], undefined);
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/tokenize',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  t.equal(preflight.statusCode, 204);
  t.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
  const unauthorized = await call(app, { url: '/info', headers: { origin: 'https://app.example.com' } });
  t.equal(unauthorized.status, 401);
  t.equal(unauthorized.headers['access-control-allow-origin'], 'https://app.example.com', 'browsers can read the 401');

  const off = await buildTestApp(t, { MODELS });
  t.equal((await call(off, { url: '/info', headers: { origin: 'https://app.example.com' } })).headers['access-control-allow-origin'], undefined, 'off by default');
});

t.test('/health is 503 NOT_READY while draining', async (t) => {
  const app = await buildTestApp(t, { MODELS });
  app.readiness.drain();
  const res = await call(app, { url: '/health' }, true);
  t.equal(res.status, 503);
  t.equal(res.body.code, 'NOT_READY');
  t.match(res.body.message, /draining/);
});

t.test('MAX_EVENT_LOOP_DELAY_MS sheds with 503 OVERLOADED while the event loop lags', async (t) => {
  const app = await buildTestApp(t, { MODELS, MAX_EVENT_LOOP_DELAY_MS: 50 });
  await app.ready();
  const lag = () => (app as unknown as { memoryUsage(): { eventLoopDelay: number } }).memoryUsage().eventLoopDelay;
  const until = Date.now() + 1500;
  while (Date.now() < until); // block the loop, as CPU-bound work on the main thread does
  for (let i = 0; i < 50 && lag() <= 50; i++) await sleep(100); // wait for @fastify/under-pressure's next sample
  t.ok(lag() > 50, `lag measured (${Math.round(lag())} ms)`);
  const shed = await call(app, { method: 'POST', url: '/tokenize', payload: { inputs: 'hi' } }, true);
  t.equal(shed.status, 503);
  t.equal(shed.body.code, 'OVERLOADED');
  t.match(shed.body.message, /event-loop delay/);
  t.equal(shed.headers['retry-after'], '1');
  t.equal((await call(app, { url: '/health' })).status, 200, 'probes are never shed');
});
