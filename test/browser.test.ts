import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src/paths.js';
import { startServer } from './support/server-process.js';

// Swagger UI in a real browser (Debian's chromium, installed by .ci/run) against a real server on
// 127.0.0.1, with the production security headers (CSP) in force: open /docs, run the POST /tokenize
// example, read the answer from the page. The screenshot goes to test-artifacts/ (git-ignored).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = join(projectRoot, 'test-artifacts');

t.test('Swagger UI: expand POST /tokenize, Try it out, Execute shows 200 and the tokens', { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, async (t) => {
  const server = await startServer({ MODELS: 'bert-base-uncased', LOG_LEVEL: 'warn' });
  t.teardown(() => server.stop());
  const profile = mkdtempSync(join(tmpdir(), 'tokenserve-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 1400 },
  });
  t.teardown(async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });

  await page.goto(`${server.url}/docs`);
  const op = page.locator('.opblock-post', { has: page.locator('.opblock-summary-path', { hasText: /^\/tokenize$/ }) });
  await op.locator('.opblock-summary').click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  t.match(await op.locator('textarea.body-param__text').inputValue(), /I love to eat pizza!/, 'the schema example is the request body');
  await op.getByRole('button', { name: 'Execute' }).click();

  const status = op.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  t.equal((await status.innerText()).trim(), '200', 'the response panel shows 200');
  const body = JSON.parse(await op.locator('.live-responses-table .response-col_description pre').first().innerText());
  t.same(body[0].map((x: { id: number }) => x.id), [101, 1045, 2293, 2000, 4521, 10733, 999, 102], 'and the tokens of the example');
  t.same(body[0].slice(1, -1).map((x: { text: string }) => x.text), ['I', 'love', 'to', 'eat', 'pizza', '!']);

  mkdirSync(artifacts, { recursive: true });
  await op.scrollIntoViewIfNeeded();
  await op.screenshot({ path: join(artifacts, 'swagger-tokenize.png') });
  t.ok(existsSync(join(artifacts, 'swagger-tokenize.png')), 'screenshot saved to test-artifacts/swagger-tokenize.png');
  t.same(pageErrors.filter((e) => !/favicon/.test(e)), [], 'no script errors or CSP violations in the page');
});
