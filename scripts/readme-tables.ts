/**
 * The README's generated tables: every setting (from `configSchema`) and every error code (from
 * `errorTable`). `npm run readme` rewrites them between their markers; test/readme-config.test.ts and
 * test/production-readme-errors.test.ts fail when the README disagrees with the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configSchema } from '../src/config.js';
import { flagName } from '../src/config-cli.js';
import { errorTable } from '../src/errors.js';
import { projectRoot } from '../src/paths.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Defaults computed on this machine are shown as the rule that computes them. */
function shownDefault(key: string, value: unknown): string {
  if (key === 'TOKENIZATION_WORKERS') return 'cores − 1 (min 1)';
  if (typeof value === 'string' && value.startsWith(projectRoot)) return `\`./${relative(projectRoot, value)}\``;
  if (value === '') return '(empty)';
  return `\`${String(value)}\``;
}

export function configTable(): string {
  const rows = Object.entries(configSchema.properties).map(([key, spec]) =>
    `| \`${key}\` | \`--${flagName(key)}\` | ${shownDefault(key, spec.default)} | ${cell(spec.description)} |`);
  return ['| Env var | Flag | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export function errorsTable(): string {
  const rows = Object.entries(errorTable).map(([code, spec]) =>
    `| \`${code}\` | ${spec.status} | ${spec.teiType} | ${cell(spec.description)} |`);
  return ['| Code | HTTP | TEI `error_type` | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export const readmePath = join(projectRoot, 'README.md');

/** The text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, or null. */
export function generatedBlock(readme: string, name: string): string | null {
  const m = new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)<!-- /generated:${name} -->`).exec(readme);
  return m ? m[1].replace(/\n$/, '') : null;
}

function replaceBlock(readme: string, name: string, body: string): string {
  if (generatedBlock(readme, name) === null) throw new Error(`README.md has no <!-- generated:${name} --> block`);
  return readme.replace(new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`), (_m, a: string, b: string) => `${a}${body}\n${b}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let readme = readFileSync(readmePath, 'utf8');
  readme = replaceBlock(readme, 'config-table', configTable());
  readme = replaceBlock(readme, 'errors-table', errorsTable());
  writeFileSync(readmePath, readme);
  console.log('README.md tables regenerated');
}
