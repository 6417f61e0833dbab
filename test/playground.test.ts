import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';
import { buildTestApp, call } from './helper.js';

// The playground's page and files as the server sends them (the page itself runs in
// test/playground-browser.test.ts): open with API keys on, cache headers, a strict CSP.
// The front end is compiled by `npm run build` (dist/web), which this test needs.
const MODELS = 'bert-base-uncased';

t.test('GET / is the playground page; its files load with long-lived cache headers', async (t) => {
  const app = await buildTestApp(t, { MODELS });
  const page = await call(app, { url: '/' });
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/);
  t.match(page.body, /<textarea id="text"/);
  t.equal(page.headers['cache-control'], 'no-cache', 'the page is revalidated: it names the current files');
  const csp = String(page.headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self';", "require-trusted-types-for 'script'", "object-src 'none'"]) {
    t.ok(csp.includes(directive), `CSP has ${directive}`);
  }
  t.notMatch(csp, /unsafe-inline|https:/, 'no inline scripts or styles, nothing from other hosts');
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)/, 'no inline script');
  t.notMatch(page.body, /\sstyle=/, 'no inline style');

  const again = await app.inject({ url: '/', headers: { 'if-none-match': String(page.headers.etag) } });
  t.equal(again.statusCode, 304, 'If-None-Match with the page\'s ETag: 304');
  t.equal(again.body, '');
  t.equal((await app.inject({ method: 'HEAD', url: '/' })).statusCode, 200, 'HEAD /');

  const refs = [...String(page.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  const files = refs.filter((r) => r.startsWith('/playground/'));
  t.ok(files.length >= 3, `the page loads its script, style and icon: ${files.join(' ')}`);
  t.same(refs.filter((r) => !r.startsWith('/')), [], 'every reference is same-origin');
  const types: Record<string, RegExp> = { js: /^text\/javascript/, css: /^text\/css/, svg: /^image\/svg\+xml/ };
  for (const url of files) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 200, `${url} loads`);
    t.match(res.headers['content-type'], types[url.split('.').pop()!]);
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', `${url}: cached for good (its URL changes with the content)`);
  }
  // Every module main.js imports (relative paths, resolved under the same versioned prefix) is served.
  const base = files[0].split('/').slice(0, 3).join('/');
  for (const name of readdirSync(join(projectRoot, 'dist', 'web')).filter((n) => n.endsWith('.js'))) {
    t.equal((await app.inject({ url: `${base}/${name}` })).statusCode, 200, `${name} is served`);
  }

  const stale = await call(app, { url: '/playground/0123456789ab/main.js' });
  t.equal(stale.status, 404, 'another version is not served');
  t.equal(stale.body.code, 'NOT_FOUND');
  for (const url of [`${base}/package.json`, `${base}/..%2F..%2Fpackage.json`, `${base}/index.html`, `${base}/main.ts`]) {
    t.equal((await call(app, { url })).status, 404, `${url}: only the listed files are served`);
  }
  const spec = (await call(app, { url: '/openapi.json' })).body;
  t.notOk(spec.paths['/'], 'the page is not an API route in the OpenAPI document');
  t.match(spec.info.description, /\[playground\]\(\/\)/, 'Swagger UI\'s description links the playground');
});

t.test('with API_KEYS, the page and its files are open; the API calls it makes are not', async (t) => {
  const app = await buildTestApp(t, { MODELS, API_KEYS: 'secret' });
  const page = await call(app, { url: '/' });
  t.equal(page.status, 200);
  const script = /src="([^"]+main\.js)"/.exec(page.body)?.[1] ?? '';
  t.equal((await call(app, { url: script })).status, 200, 'its script loads without a key');
  t.equal((await call(app, { url: '/info' })).status, 401, 'its first call needs the key the page asks for');
});

t.test('a link stays under the service\'s 16 KB header limit: a long text or long messages are left out of it', async (t) => {
  const { readState, writeState } = await import('../web/state.js');
  const base = readState('?model=gpt-4o');
  const query = (search: string) => new URLSearchParams(search);
  const short = writeState({ ...base, text: 'hello' });
  t.same(short.left, []);
  t.equal(query(short.search).get('text'), 'hello', 'a short text is in the link');
  const long = 'é'.repeat(5_000); // 30,000 characters once encoded
  const tokens = writeState({ ...base, text: long });
  t.same(tokens.left, ['text'], 'a long text is left out (and the page says so)');
  t.same([query(tokens.search).get('text'), query(tokens.search).getAll('model')], [null, ['gpt-4o']], 'the models stay');
  const chat = { ...base, view: 'chat' as const, text: 'x'.repeat(6_000), messages: [{ role: 'user', content: 'y'.repeat(3_000) }] };
  const both = writeState(chat);
  t.same(both.left, ['text'], 'in the chat view the messages come first; the text no longer fits beside them');
  t.same(readState(both.search).messages, chat.messages, 'and the link restores them');
  const longMessage = writeState({ ...chat, text: 'short', messages: [{ role: 'user', content: long }] });
  t.same(longMessage.left, ['messages'], 'a long message is left out');
  t.equal(query(longMessage.search).get('text'), 'short', 'the text still fits');
  for (const { search } of [tokens, both, longMessage]) t.ok(search.length < 9_000, `${search.length} characters`);
});

t.test('the server never imports the browser code (web/ compiles on its own, with DOM types)', async (t) => {
  const files = (dir: string): string[] => readdirSync(join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
  const importers = [...files('src'), ...files('routes')].filter((file) => /from '(\.\.\/)+web\//.test(readFileSync(file, 'utf8')));
  t.same(importers, [], 'no file of src/ or routes/ imports from web/');
});
