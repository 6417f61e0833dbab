import t from 'tap';
import { readFileSync } from 'node:fs';
import { configSchema } from '../src/config.js';
import { errorTable } from '../src/errors.js';
import { configTable, errorsTable, generatedBlock, readmePath } from '../scripts/readme-tables.js';

const readme = readFileSync(readmePath, 'utf8');
const HINT = 'run `npm run readme` to regenerate the README tables';

/** First-column codes of a markdown table: `| \`NAME\` | ...`. */
const names = (block: string | null) => [...(block ?? '').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

t.test('the README configuration table lists every setting of configSchema, as the schema says', async (t) => {
  const block = generatedBlock(readme, 'config-table');
  t.ok(block, 'README has the generated config table');
  t.same(names(block).sort(), Object.keys(configSchema.properties).sort(), 'one row per setting, no extra rows');
  t.equal(block, configTable(), `defaults and meanings match the schema (${HINT})`);
  t.ok(readme.indexOf('<!-- generated:config-table -->') > readme.indexOf('<!-- section:configuration -->'), 'inside the Configuration section');
});

t.test('the README errors table documents every code of src/errors.ts with its status', async (t) => {
  const block = generatedBlock(readme, 'errors-table');
  t.ok(block, 'README has the generated errors table');
  t.same(names(block).sort(), Object.keys(errorTable).sort(), 'one row per code, no extra rows');
  for (const [code, spec] of Object.entries(errorTable)) {
    t.match(block ?? '', new RegExp(`^\\| \`${code}\` \\| ${spec.status} \\| ${spec.teiType} \\|`, 'm'), `${code} ${spec.status}`);
  }
  t.equal(block, errorsTable(), HINT);
  t.ok(readme.indexOf('<!-- generated:errors-table -->') > readme.indexOf('<!-- section:errors -->'), 'inside the Errors section');
});
