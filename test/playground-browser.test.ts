import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Token, VocabResponse } from '../src/generated/wire-types.js';
import { projectRoot } from '../src/paths.js';
import { startServer, type ServerProcess } from './support/server-process.js';

// The playground (GET /) in a real browser (Debian's chromium, installed by .ci/run) against a real
// server with the production headers (its strict CSP) in force. Whatever a panel shows is compared with
// the service's own answer to the same text (/tokenize, /chunk, /chat_tokenize), fetched here directly. Screenshots in
// light and dark schemes go to test-artifacts/ (git-ignored). Needs `npm run build` (the front end).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = join(projectRoot, 'test-artifacts');
const MODELS = 'bert-base-uncased,gpt-4o,llama-3,words-en,words-zh';
const FOX = 'The quick brown fox jumps over the lazy dog';
const MIXED = 'I love to eat pizza!  我喜欢吃披萨！\tnaïve café 😀 <|endoftext|>\nSee https://example.com/a?b=c.';

/** What a token element carries: [data-token-id, data-start, data-stop]. */
type Hook = [string, string, string];
const hook = (x: Token): Hook => [String(x.id ?? ''), String(x.start ?? ''), String(x.stop ?? '')];

async function launch(t: Tap.Test): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'tokenserve-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  t.teardown(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}

/** A page that records script errors, console errors (CSP violations included) and every URL it requests. */
function watch(page: Page, problems: string[], urls: string[]): Page {
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('request', (req) => urls.push(req.url()));
  return page;
}

/** Waits until every panel has drawn an answer (none busy, each with a count or an error). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('[data-model]')];
    return panels.length > 0 && panels.every((p) => p.getAttribute('aria-busy') === 'false'
      && (p.querySelector('[data-testid="token-count"]')?.textContent !== '…' || p.querySelector('.error')));
  }, undefined, { timeout: 30_000 });
}

const panelHooks = (page: Page, model: string) => page.locator(`[data-model="${model}"] [data-token-id]`)
  .evaluateAll((els) => els.map((e) => [e.getAttribute('data-token-id'), e.getAttribute('data-start'), e.getAttribute('data-stop')] as Hook));
const countOf = async (page: Page, model: string) => (await page.locator(`[data-model="${model}"] [data-testid="token-count"]`).innerText()).trim();

t.test('the playground in Chromium', { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)` }, async (t) => {
  const server: ServerProcess = await startServer({ MODELS, LOG_LEVEL: 'warn' });
  t.teardown(() => server.stop());
  const api = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json();
  };
  const tokenize = async (model: string, inputs: string) => ((await api('/tokenize', { model, inputs })) as Token[][])[0];
  const context = await launch(t);
  const problems: string[] = [];
  const urls: string[] = [];
  const page = watch(await context.newPage(), problems, urls);
  const open = async (query: string) => {
    await page.goto(`${server.url}/${query}`);
    await settled(page);
  };

  await t.test('GET / is an HTML page; with ?model=bert-base-uncased&text=… the panel shows /tokenize\'s tokens', async (t) => {
    const res = await fetch(`${server.url}/`);
    t.match(res.headers.get('content-type'), /^text\/html/);
    await open(`?model=bert-base-uncased&text=${encodeURIComponent(MIXED)}`);
    const expected = await tokenize('bert-base-uncased', MIXED);
    t.same(await panelHooks(page, 'bert-base-uncased'), expected.map(hook), 'ids and offsets ([CLS]/[SEP] without offsets) equal /tokenize');
    t.equal(await countOf(page, 'bert-base-uncased'), String(expected.length), 'the count');
    t.equal(await page.locator('textarea').inputValue(), MIXED, 'the text box holds the text of the link');
    t.equal(await page.locator('[data-model="bert-base-uncased"] .tok.special').count(), 2, 'the two special tokens are marked');
  });

  await t.test('model given three times: three panels, each equal to /tokenize (the analyzer\'s by offsets)', async (t) => {
    await open(`?model=gpt-4o&model=llama-3&model=words-zh&text=${encodeURIComponent(MIXED)}`);
    t.same(await page.locator('[data-model]').evaluateAll((els) => els.map((e) => e.getAttribute('data-model'))), ['gpt-4o', 'llama-3', 'words-zh']);
    for (const model of ['gpt-4o', 'llama-3', 'words-zh']) {
      const expected = await tokenize(model, MIXED);
      t.same(await panelHooks(page, model), expected.map(hook), `${model}: ${expected.length} tokens, ids and offsets as /tokenize`);
      t.equal(await countOf(page, model), String(expected.length), `${model}: the count`);
    }
    t.ok(await page.locator('[data-model="words-zh"] .legend li').count() >= 3, 'the analyzer panel has a legend of the POS it shows');
  });

  await t.test('typing updates the tokens and the count without a reload, and the link follows', async (t) => {
    await open('?model=gpt-4o&model=llama-3&text=hello');
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    await page.locator('textarea').fill(FOX);
    await page.waitForFunction(() => document.querySelector('[data-model="gpt-4o"] [data-testid="token-count"]')?.textContent === '9');
    await settled(page);
    t.equal(await page.locator('[data-model="gpt-4o"] [data-token-id]').count(), 9, '9 token elements');
    t.equal(await countOf(page, 'gpt-4o'), '9', 'count 9');
    t.same(await panelHooks(page, 'gpt-4o'), (await tokenize('gpt-4o', FOX)).map(hook));
    t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded');
    t.equal(new URL(page.url()).searchParams.get('text'), FOX, 'the text is in the URL');
    t.same(new URL(page.url()).searchParams.getAll('model'), ['gpt-4o', 'llama-3']);
  });

  await t.test('a slow answer never overwrites the answer to newer text', async (t) => {
    // The service's answer to "slow text" is held back until the newer text has been answered and drawn.
    let release = () => {};
    let arrived = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    const inFlight = new Promise<void>((resolve) => { arrived = resolve; });
    await page.route('**/encode', async (route) => {
      if (!route.request().postData()?.includes('slow text')) return route.continue();
      arrived();
      await held;
      await route.continue().catch(() => {}); // the page may have aborted it
    });
    await page.locator('textarea').fill('slow text');
    await inFlight; // the request for "slow text" has left the page
    await page.locator('textarea').fill(FOX);
    await page.waitForFunction(() => document.querySelector('[data-model="gpt-4o"] [data-testid="token-count"]')?.textContent === '9');
    release();
    await page.waitForTimeout(500);
    await settled(page);
    t.equal(await countOf(page, 'gpt-4o'), '9', 'still the newer text\'s count');
    t.same(await panelHooks(page, 'gpt-4o'), (await tokenize('gpt-4o', FOX)).map(hook), 'and its tokens');
    await page.unroute('**/encode');
  });

  await t.test('hovering a token shows its id, vocabulary string, offsets and bytes; clicking highlights the span elsewhere', async (t) => {
    const quick = page.locator('[data-model="gpt-4o"] [data-token-id]').nth(1);
    await quick.hover();
    const tip = page.locator('#tip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.innerText();
    t.match(text, new RegExp(`id\\s+${await quick.getAttribute('data-token-id')}\\b`), 'the id');
    t.match(text, /Ġquick/, 'the vocabulary string from /encode');
    t.match(text, /3–9/, 'the offsets');
    t.match(text, /20 71 75 69 63 6B/, 'the UTF-8 bytes');
    await quick.click();
    const lit = await page.locator('[data-model="llama-3"] .tok.hl').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-start')), Number(e.getAttribute('data-stop'))]));
    t.ok(lit.length > 0 && lit.every(([s, e]) => s < 9 && e > 3), `llama-3's tokens over [3, 9) are highlighted: ${JSON.stringify(lit)}`);
  });

  await t.test('keyboard: arrow keys move between tokens with a visible focus; the tooltip follows', async (t) => {
    const first = page.locator('[data-model="gpt-4o"] [data-token-id]').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-index')), '2', 'focus on the third token');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    t.not(outline, 'none', 'the focused token has an outline');
    t.match(await page.locator('#tip').innerText(), /Ġbrown/);
    t.match(await page.locator('[data-model="gpt-4o"] [data-token-id]').nth(2).getAttribute('aria-label'), /brown.*id \d+/, 'tokens have labels');
  });

  await t.test('id view, visible whitespace, copy buttons', async (t) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const panel = page.locator('[data-model="gpt-4o"]');
    await panel.getByRole('button', { name: 'IDs', exact: true }).click();
    const ids = await panel.locator('[data-token-id]').evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('data-token-id')]));
    t.ok(ids.every(([shown, id]) => shown === id), 'the id view shows the ids');
    await panel.getByRole('button', { name: 'IDs', exact: true }).click();
    await page.getByLabel(/Show whitespace/).check();
    t.equal(await panel.locator('[data-token-id]').nth(1).innerText(), '·quick', 'a space shows as ·');
    await panel.getByRole('button', { name: 'Copy ids' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    t.same(JSON.parse(copied), (await tokenize('gpt-4o', FOX)).map((x) => x.id), 'Copy ids: the ids as a JSON array');
    await panel.getByRole('button', { name: 'Copy curl' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    t.match(curl, /^curl -s -X POST '.*\/encode' -H 'Content-Type: application\/json' -d '\{.*"model":"gpt-4o".*\}'$/, 'Copy curl: the panel\'s request');
    await page.getByLabel(/Show whitespace/).uncheck();
  });

  await t.test('chunk view: the bands are /chunk\'s chunks', async (t) => {
    const text = 'First sentence here. Second one is a little longer than the first.\n\nA new paragraph starts. It ends.';
    await open(`?model=bert-base-uncased&view=chunks&max_tokens=12&overlap=3&boundary=word&text=${encodeURIComponent(text)}`);
    const expected = (await api('/chunk', { model: 'bert-base-uncased', inputs: text, max_tokens: 12, overlap_tokens: 3, boundary: 'word' })).chunks[0];
    const shown = await page.locator('[data-model="bert-base-uncased"] [data-testid="chunk"]').evaluateAll((els) => els.map((e) => ({
      start: Number(e.getAttribute('data-start')), stop: Number(e.getAttribute('data-stop')), token_count: Number(e.getAttribute('data-token-count')),
    })));
    t.ok(expected.length > 2, `several chunks (${expected.length})`);
    t.same(shown, expected.map((c: { start: number; stop: number; token_count: number }) => ({ start: c.start, stop: c.stop, token_count: c.token_count })));
    t.ok(await page.locator('[data-model="bert-base-uncased"] mark.overlap').count() > 0, 'overlaps are marked');
  });

  await t.test('chat view: offered exactly when the service has POST /chat_tokenize, and then its answers', async (t) => {
    const spec = await (await fetch(`${server.url}/openapi.json`)).json() as { paths: Record<string, { post?: unknown }> };
    const served = spec.paths['/chat_tokenize']?.post !== undefined;
    // The chat routes come with their schemas (issue 18): once they are in the project, this test
    // drives the real route below; it cannot pass by finding the route missing.
    t.equal(served, existsSync(join(projectRoot, 'schemas', 'ChatTokenizeRequest.json')), `POST /chat_tokenize is ${served ? '' : 'not '}served, as schemas/ says`);
    const link = (content: string) => `?model=llama-3&model=gpt-4o&model=bert-base-uncased&view=chat&msg=${encodeURIComponent(`user:${content}`)}`;
    if (!served) {
      await open(link('Hello there'));
      t.equal(await page.locator('#view-chat').isVisible(), false, 'no chat view without the route');
      t.equal(await page.locator('#view-tokens').isChecked(), true, 'a link asking for it shows tokens');
      t.match(await page.locator('#status').innerText(), /no chat route \(POST \/chat_tokenize\)/, 'and says why');
      return;
    }
    const chatTokenize = async (model: string, content: string) => {
      const res = await fetch(`${server.url}/chat_tokenize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content }], add_generation_prompt: true }) });
      return { status: res.status, body: await res.json() as { code?: string; tokenize_response: Token[] } };
    };
    const compare = async (content: string) => {
      for (const model of ['llama-3', 'gpt-4o']) {
        const answer = await chatTokenize(model, content);
        t.equal(answer.status, 200, `${model} has a chat prompt`);
        t.same(await panelHooks(page, model), answer.body.tokenize_response.map(hook), `${model}: the templated prompt's tokens (ids, offsets into it) as /chat_tokenize`);
        t.equal(await countOf(page, model), String(answer.body.tokenize_response.length), `${model}: their count`);
      }
    };
    const logged = problems.length;
    await open(link('Hello there'));
    t.equal(await page.locator('#view-chat').isChecked(), true, 'the chat view');
    await compare('Hello there');
    t.ok(await page.locator('[data-model="llama-3"] .tok.special').count() >= 4, 'the template\'s special tokens are marked');
    t.ok(await page.locator('[data-model="gpt-4o"] .tok.special[data-token-id=""]').count() > 0, 'gpt-4o\'s chat markers have no public id');
    // The route gives each token the text it covers; hovering also shows its vocabulary string (/vocab).
    const there = (await chatTokenize('llama-3', 'Hello there')).body.tokenize_response.find((x) => x.text === ' there');
    const vocab = ((await (await fetch(`${server.url}/vocab?model=llama-3&limit=0&id=${there?.id}`)).json()) as VocabResponse).ids?.[0]?.token;
    t.equal(vocab, 'Ġthere', 'the vocabulary string of " there" (llama-3)');
    await page.locator(`[data-model="llama-3"] [data-token-id="${there?.id}"]`).hover();
    await page.waitForFunction(() => document.querySelector('#tip')?.textContent?.includes('Ġthere'));
    t.match(await page.locator('#tip').innerText(), new RegExp(`id\\s+${there?.id}\\b[\\s\\S]*vocabulary\\s+Ġthere`), 'hovering a chat token shows its id and vocabulary string');
    const refused = await chatTokenize('bert-base-uncased', 'Hello there');
    t.equal(refused.status, 422, 'bert-base-uncased has no chat template');
    t.match(await page.locator('[data-model="bert-base-uncased"] .error').innerText(), new RegExp(`No chat prompt for bert-base-uncased: .*\\(${refused.body.code}\\)`), `a model without a template says why (${refused.body.code})`);
    t.equal(await page.locator('#text').isVisible(), false, 'the chat view edits messages instead of the text');
    t.equal(await page.getByLabel('Content of message 1').inputValue(), 'Hello there', 'the messages come from the link');

    await page.getByLabel('Content of message 1').fill('Hi');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('msg') === 'user:Hi');
    await page.waitForFunction(() => document.querySelector('[data-model="llama-3"]')?.textContent?.includes('Hi<|eot_id|>'));
    await settled(page);
    await compare('Hi');
    // Chromium logs every 4xx answer as a failed load: here bert-base-uncased's 422 (no chat template).
    const failedLoads = problems.splice(logged);
    t.ok(failedLoads.every((p) => /status of 422/.test(p)), `only the expected 422 answers are logged: ${JSON.stringify(failedLoads)}`);
  });

  await t.test('a text over MAX_INPUT_CHARS: the page sends what the service takes, draws in steps and says so', async (t) => {
    await open('?model=gpt-4o&text=x');
    const big = 'Tokenization speed matters when documents are long. '.repeat(3000); // 156,000 characters
    await page.locator('textarea').fill(big);
    await page.waitForFunction(() => Number(document.querySelector('[data-model="gpt-4o"] [data-testid="token-count"]')?.textContent) > 1000);
    await settled(page);
    const sent = big.slice(0, 100_000);
    const expected = await tokenize('gpt-4o', sent);
    t.equal(await countOf(page, 'gpt-4o'), String(expected.length), 'the count covers the first 100,000 characters');
    t.equal(await page.locator('[data-model="gpt-4o"] [data-token-id]').count(), 5000, '5,000 tokens drawn');
    t.match(await page.locator('[data-model="gpt-4o"] .note').innerText(), /Drawing 5,000 of/, 'the panel says it draws part');
    t.match(await page.locator('#input-note').innerText(), /only those are sent.*too long for the link/s, 'the page says what it sent and that the link lacks the text');
    await page.locator('[data-model="gpt-4o"] .more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-model="gpt-4o"] [data-token-id]').length === 10000, undefined, { timeout: 30_000 });
    t.pass('and draws 5,000 more on request');
    t.same((await panelHooks(page, 'gpt-4o')), expected.slice(0, 10000).map(hook), 'the drawn tokens are /tokenize\'s');
  });

  await t.test('screenshots in light and dark schemes (test-artifacts/)', async (t) => {
    mkdirSync(artifacts, { recursive: true });
    const demo = 'Tokenizers cut text differently: "unbelievably" → un·believ·ably.\nJohn paid $5 in Paris on March 3, 2024. 我喜欢吃披萨！ 😀';
    await open(`?model=gpt-4o&model=bert-base-uncased&model=words-en&model=words-zh&text=${encodeURIComponent(demo)}`);
    await page.locator('[data-model="words-zh"] select[aria-label="Colour words by"]').selectOption('entity');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[data-model="gpt-4o"] [data-token-id]').nth(4).hover();
      const file = join(artifacts, `playground-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      t.ok(existsSync(file), `test-artifacts/playground-${scheme}.png`);
    }
    // The README's picture: smaller, light.
    await page.emulateMedia({ colorScheme: 'light' });
    await open(`?model=gpt-4o&model=llama-3&model=words-en&model=words-zh&text=${encodeURIComponent(demo)}`);
    await page.setViewportSize({ width: 1000, height: 600 });
    await page.locator('[data-model="llama-3"] [data-token-id]', { hasText: '披' }).first().hover();
    await page.screenshot({ path: join(artifacts, 'playground-readme.png') });
  });

  t.same(urls.filter((u) => !u.startsWith(`${server.url}/`)), [], 'no request left the service\'s origin');
  t.same(problems, [], 'no script errors, console errors or CSP violations');
});

t.test('API keys: the page asks for one on 401 and keeps it in sessionStorage only', { skip: !existsSync(CHROMIUM) && 'no browser' }, async (t) => {
  const server = await startServer({ MODELS: 'gpt-4o', DEFAULT_MODEL: 'gpt-4o', API_KEYS: 'sesame', LOG_LEVEL: 'warn' });
  t.teardown(() => server.stop());
  const context = await launch(t);
  const problems: string[] = [];
  const page = watch(await context.newPage(), problems, []);
  await page.goto(`${server.url}/?text=${encodeURIComponent(FOX)}`);
  const dialog = page.getByRole('dialog', { name: 'API key' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByLabel('Key').fill('sesame');
  await dialog.getByRole('button', { name: 'Use this key' }).click();
  await settled(page);
  t.equal(await countOf(page, 'gpt-4o'), '9', 'with the key, the panel shows the tokens');
  t.same(await page.evaluate(() => [sessionStorage.getItem('tokenserve-api-key'), localStorage.length]), ['sesame', 0], 'the key is in sessionStorage, nothing in localStorage');
  t.notMatch(page.url(), /sesame/, 'nor in the URL');
  // The browser logs the first 401 answers (to /info) as failed loads; nothing else may appear.
  t.same(problems.filter((p) => !/status of 401/.test(p)), [], 'no other errors');
});
