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

let requestAjv: Ajv | null = null;

/**
 * The body validator of a route whose schema `ref` is a oneOf of forms, each told apart by its first
 * required property (e.g. /tokenize: `inputs`, `prompt` or `messages`). The form whose property the body
 * has (else the first) is validated alone: Ajv fills no defaults inside oneOf, and one form's errors read
 * better than all of theirs. The forms come from the schema, so the OpenAPI document and validation agree.
 * For a route's `validatorCompiler`.
 */
export function formValidator(ref: string): (body: unknown) => boolean {
  requestAjv ??= (() => {
    const ajv = new Ajv({ ...ajvOptions, strict: false });
    for (const s of schemas) ajv.addSchema(s);
    return ajv;
  })();
  const ajv = requestAjv;
  const byId = new Map(schemas.map((s) => [s.$id, s]));
  const forms = (byId.get(ref)!.oneOf as { $ref: string }[]).map((branch) => {
    const id = branch.$ref.replace(/#$/, '');
    return { has: (byId.get(id)!.required as string[])[0], validate: ajv.getSchema(id)! };
  });
  const validator = (body: unknown): boolean => {
    const form = forms.find((f) => typeof body === 'object' && body !== null && Object.hasOwn(body, f.has)) ?? forms[0];
    const ok = form.validate(body) as boolean;
    validator.errors = ok ? null : form.validate.errors;
    return ok;
  };
  validator.errors = null as ValidateFunction['errors'];
  return validator;
}

/**
 * One named example per form of a oneOf schema (each form's own `example`), for a route's body as
 * `x-examples`: @fastify/swagger turns them into the request's OpenAPI `examples`, which Swagger UI
 * offers in a list, one per form.
 */
export function formExamples(ref: string): Record<string, { summary: string; value: unknown }> {
  const byId = new Map(schemas.map((s) => [s.$id, s]));
  return Object.fromEntries((byId.get(ref)!.oneOf as { $ref: string }[]).map((branch) => {
    const form = byId.get(branch.$ref.replace(/#$/, ''))!;
    return [form.$id, { summary: String(form.description).split(/(?<=\.)\s/)[0], value: form.example }];
  }));
}
