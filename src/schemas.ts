import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { schemasDir } from './paths.js';

export interface JsonSchema {
  $id: string;
  [key: string]: unknown;
}

/** Every wire type, read once from schemas/*.json (file name = $id). */
export const schemas: JsonSchema[] = readdirSync(schemasDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(schemasDir, f), 'utf8')) as JsonSchema);

/**
 * Ajv options for the public API: no coercion and no silent stripping, so a wrong field is a 4xx.
 * Defaults are filled in (they are documented in the schemas). `example` is an OpenAPI keyword.
 */
export const ajvOptions: { coerceTypes: false; removeAdditional: false; useDefaults: boolean; allErrors: boolean; keywords: string[] } = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  keywords: ['example'],
};

/** A standalone validator over the same schemas, for response validation (runtime switch and tests). */
export function createResponseValidator(): (ref: string, body: unknown) => string | null {
  const ajv = new Ajv({ ...ajvOptions, useDefaults: false, allErrors: true, strict: false });
  for (const s of schemas) ajv.addSchema(s);
  const cache = new Map<string, ValidateFunction>();
  return (ref, body) => {
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `${ref}#` });
      cache.set(ref, validate);
    }
    return validate(body) ? null : ajv.errorsText(validate.errors);
  };
}
