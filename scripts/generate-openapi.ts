/**
 * Writes openapi.yaml from the app's own route schemas (`npm run openapi`). Never edit openapi.yaml by
 * hand: test/openapi.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { projectRoot } from '../src/paths.js';

/** The OpenAPI document as YAML (no models are loaded: the document depends on the schemas only). */
export async function openapiYaml(): Promise<string> {
  const app = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent' }));
  await app.ready();
  const yaml = app.swagger({ yaml: true });
  await app.close();
  return yaml;
}

export const openapiPath = join(projectRoot, 'openapi.yaml');

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeFileSync(openapiPath, await openapiYaml());
  console.log(`wrote ${openapiPath}`);
}
