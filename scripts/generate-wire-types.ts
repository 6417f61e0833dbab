/**
 * Writes src/generated/wire-types.ts from schemas/*.json (`npm run gen:types`): one exported type per
 * schema, named after its $id. schemas/ is the single source of every wire type; never edit the output
 * by hand (test/wire-types.test.ts fails when it is stale).
 *
 * The types describe bodies AFTER validation: ajv fills in documented defaults (`useDefaults`), so a
 * property with a `default` is required in the generated type.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { projectRoot } from '../src/paths.js';
import { schemas } from '../src/schemas.js';

export const wireTypesPath = join(projectRoot, 'src', 'generated', 'wire-types.ts');

const banner = `/**
 * Wire types derived from schemas/*.json by scripts/generate-wire-types.ts (\`npm run gen:types\`).
 * Generated: do not edit. A property with a schema \`default\` is required here, since ajv fills it in.
 */`;

/** A copy of `node` with `X#` refs pointing into the combined document and defaulted properties required. */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = `#/definitions/${value.replace(/#$/, '')}`;
    else out[key] = rewrite(value);
  }
  const props = out.properties as Record<string, { default?: unknown }> | undefined;
  if (props && typeof props === 'object') {
    const required = new Set((out.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) if (prop && 'default' in prop) required.add(name);
    if (required.size) out.required = [...required];
  }
  return out;
}

/** The generated module's text. */
export async function wireTypesSource(): Promise<string> {
  const definitions: Record<string, unknown> = {};
  for (const s of schemas) definitions[s.$id] = { ...(rewrite(s) as object), title: s.$id };
  const ts = await compile({ title: 'WireTypes', type: 'object', additionalProperties: false, properties: {}, definitions } as never, 'WireTypes', {
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: true,
    style: { printWidth: 120, singleQuote: true },
  });
  // The root only anchors the definitions; the library's back-reference notes say nothing to a reader.
  return ts
    .replace(/^export interface WireTypes \{\}\n/m, '')
    .replace(/\n \*\n \* This interface was referenced by `WireTypes`'s JSON-Schema\n \* via the `definition` "\w+"\./g, '')
    .replace(/\/\*\*\n \* This interface was referenced by `WireTypes`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g, '');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeFileSync(wireTypesPath, await wireTypesSource());
  console.log(`wrote ${wireTypesPath}`);
}
