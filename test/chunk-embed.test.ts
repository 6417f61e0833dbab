/**
 * POST /chunk with `embed: true`: each chunk carries the embedding /embed gives for its text; without
 * `model`, chunks are counted with the embedding model's own tokenizer and must fit its window
 * (tiny-bert, the generated test model: 128 positions).
 */
import t from 'tap';
import { buildTestApp, post } from './helper.js';
import { testModelDir } from './fixtures/embeddings/test-model.js';

const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,gpt-4o,tiny-bert', MODEL_DIR: testModelDir(t), DEFAULT_EMBEDDING_MODEL: 'tiny-bert' });
const text = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about the quick brown fox.`).join(' ');

t.test('every chunk carries the embedding /embed gives for its text', async (t) => {
  const res = await post(app, '/chunk', { inputs: [text, 'Short.'], max_tokens: 128, overlap_tokens: 16, embed: true });
  t.equal(res.status, 200);
  t.equal(res.body.model, 'tiny-bert', 'counted with the embedding model\'s own tokenizer');
  t.equal(res.body.embedding_model, 'tiny-bert');
  const chunks = res.body.chunks.flat();
  t.ok(res.body.chunks[0].length > 2, 'the long text has several chunks');
  const direct = await post(app, '/embed', { inputs: chunks.map((c: { text: string }) => c.text), model: 'tiny-bert' });
  t.same(chunks.map((c: { embedding: number[] }) => c.embedding), direct.body);
  t.ok(chunks.every((c: { token_count: number }) => c.token_count <= 128));
});

t.test('the window of the embedding model bounds max_tokens; another counting model can overflow it (TEI 413)', async (t) => {
  t.match(await post(app, '/chunk', { inputs: text, max_tokens: 129, embed: true }), { status: 422, body: { code: 'INVALID_OPTION' } });
  t.match(await post(app, '/chunk', { inputs: text, model: 'gpt-4o', max_tokens: 400, embed: true }), { status: 413, body: { code: 'INPUT_TOO_MANY_TOKENS' } });
  t.match(await post(app, '/chunk', { inputs: text, max_tokens: 64, embedding_model: 'tiny-bert' }), { status: 422, body: { code: 'INVALID_OPTION' } });
  t.match(await post(app, '/chunk', { inputs: text, max_tokens: 64, embed: true, embedding_model: 'bert-base-uncased' }), { status: 422, body: { code: 'WRONG_MODEL_KIND' } });
  const plain = await post(app, '/chunk', { inputs: text, max_tokens: 64 });
  t.notOk('embedding' in plain.body.chunks[0][0], 'no embedding unless asked');
});

t.test('with include_headings, the breadcrumb is embedded with the text, as counted', async (t) => {
  const doc = '# Guide\n\n## Install\n\nRun the installer and wait until it finishes.\n\n## Use\n\nType a question and read the answer.\n';
  const res = await post(app, '/chunk', { inputs: doc, max_tokens: 24, boundary: 'markdown', include_headings: true, embed: true });
  t.equal(res.status, 200);
  const chunks = res.body.chunks[0];
  t.ok(chunks.length > 1 && chunks.some((c: { heading_prefix: string }) => c.heading_prefix.includes(' > ')));
  const direct = await post(app, '/embed', { inputs: chunks.map((c: { heading_prefix: string; text: string }) => c.heading_prefix + c.text), model: 'tiny-bert' });
  t.same(chunks.map((c: { embedding: number[] }) => c.embedding), direct.body);
});
