import t from 'tap';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { openapiPath, openapiYaml } from '../scripts/generate-openapi.js';
import { buildTestApp, call } from './helper.js';

t.test('openapi.yaml is generated from the current schemas (run `npm run openapi` when this fails)', async (t) => {
  t.equal(readFileSync(openapiPath, 'utf8'), await openapiYaml());
});

t.test('openapi.yaml is a valid OpenAPI document', async (t) => {
  const api = await SwaggerParser.validate(openapiPath);
  t.ok(api.paths['/tokenize'], 'documents /tokenize');
});

t.test('/docs serves Swagger UI and /openapi.json the same document', async (t) => {
  const app = await buildTestApp(t, { MODELS: 'bert-base-uncased' });
  const docs = await call(app, { method: 'GET', url: '/docs/' });
  t.equal(docs.status, 200);
  t.match(String(docs.body), /swagger-ui/i);
  const json = await call(app, { method: 'GET', url: '/openapi.json' });
  t.equal(json.status, 200);
  t.same(Object.keys(json.body.paths).sort(), Object.keys((await SwaggerParser.parse(openapiPath)).paths).sort());
});
