import t from 'tap';
import { readFileSync } from 'node:fs';
import { wireTypesPath, wireTypesSource } from '../scripts/generate-wire-types.js';
import { schemas } from '../src/schemas.js';

t.test('src/generated/wire-types.ts is generated from the current schemas (run `npm run gen:types` when this fails)', async (t) => {
  t.equal(readFileSync(wireTypesPath, 'utf8'), await wireTypesSource());
});

t.test('every schema has its type, named after its $id', async (t) => {
  const source = readFileSync(wireTypesPath, 'utf8');
  for (const { $id } of schemas) t.match(source, new RegExp(`^export (?:interface|type) ${$id}\\b`, 'm'), $id);
});
