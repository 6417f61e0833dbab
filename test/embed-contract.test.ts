/**
 * Contract with TEI's own OpenAPI document (v1.7.1, test/fixtures/embeddings/tei-openapi.json, a copy of
 * /work/shared/tei-openapi.json): bodies valid for TEI's request schemas are accepted, and our answers
 * validate against TEI's response schemas. /v1/embeddings errors deliberately use OpenAI's shape
 * ({error:{message,type,param,code}}) instead of TEI's OpenAICompatErrorResponse.
 */
import t from 'tap';
import { buildTestApp, post } from './helper.js';
import { teiCheck } from './fixtures/tei-schemas.js';
import { testModelDir } from './fixtures/embeddings/test-model.js';


const modelDir = testModelDir(t);
const app = await buildTestApp(t, { MODELS: 'bert-base-uncased,glove-100d,tiny-bert', MODEL_DIR: modelDir });

const embedBodies = [
  { inputs: 'I love to eat pizza!' },
  { inputs: ['I love to eat pizza!', 'The king.'], normalize: false },
  { inputs: [101, 7592, 102], truncate: true, truncation_direction: 'Left' },
  { inputs: [[101, 7592, 102], 'hello'], truncate: null, prompt_name: null },
  { inputs: 'x '.repeat(300), truncate: true, truncation_direction: 'Right' },
];

t.test('/embed and /embed_all: TEI request bodies in, TEI response bodies out', async (t) => {
  for (const model of ['tiny-bert', 'glove-100d']) {
    for (const body of embedBodies) {
      t.equal(teiCheck('EmbedRequest', body), null, 'a valid TEI EmbedRequest');
      const res = await post(app, '/embed', { ...body, model });
      t.equal(res.status, 200, `${model} ${JSON.stringify(body).slice(0, 60)}`);
      t.equal(teiCheck('EmbedResponse', res.body), null, 'TEI EmbedResponse');
      const { normalize: _n, ...allBody } = body as { normalize?: boolean };
      t.equal(teiCheck('EmbedAllRequest', allBody), null, 'a valid TEI EmbedAllRequest');
      const all = await post(app, '/embed_all', { ...allBody, model });
      t.equal(all.status, 200);
      t.equal(teiCheck('EmbedAllResponse', all.body), null, 'TEI EmbedAllResponse');
    }
  }
});

t.test('/v1/embeddings: TEI OpenAICompatRequest in, OpenAICompatResponse out', async (t) => {
  const bodies = [
    { input: 'hello', model: 'tiny-bert' },
    { input: ['hello', 'world'], model: 'glove-100d', encoding_format: 'base64' },
    { input: [[101, 102]], model: 'tiny-bert', encoding_format: 'float', user: 'u1' },
  ];
  for (const body of bodies) {
    t.equal(teiCheck('OpenAICompatRequest', body), null, 'a valid TEI OpenAICompatRequest');
    const res = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: body });
    t.equal(res.statusCode, 200);
    t.equal(teiCheck('OpenAICompatResponse', res.json()), null, 'TEI OpenAICompatResponse');
  }
});

t.test('native error bodies are TEI ErrorResponses', async (t) => {
  for (const body of [{ inputs: 'x', model: 'nope' }, { inputs: 'x '.repeat(300), model: 'tiny-bert' }, { inputs: [] }]) {
    const res = await post(app, '/embed', body);
    t.ok(res.status >= 400 && res.status < 500);
    t.equal(teiCheck('ErrorResponse', res.body), null);
  }
});

t.test('the checker itself rejects wrong bodies', async (t) => {
  t.not(teiCheck('EmbedResponse', [[1, 'a']]), null);
  t.not(teiCheck('OpenAICompatResponse', { object: 'list', data: [] }), null);
});
