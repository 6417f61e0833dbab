import type { Config } from '../../config.js';
import type { HeadModel } from '../../embeddings/head-model.js';
import type { CoreRun } from '../../embeddings/transformer-core.js';
import type { EmbedOptions } from '../../embeddings/types.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import type { ModelKind } from '../../models/types.js';

type HeadKind = HeadModel['kind'];

/** A route's answer with what TEI's headers report. */
export interface Scored<T> {
  body: T;
  run: CoreRun;
  characters: number;
}

/**
 * The model a route runs: the one named, checked to be of a kind the route serves (else
 * WRONG_MODEL_KIND naming the routes that do serve it); unnamed, DEFAULT_MODEL when it is of such a kind,
 * else the first served one (GET /info order), loaded on first use.
 */
export async function headModel(registry: ModelRegistry, config: Config, name: string | undefined, kinds: readonly HeadKind[], route: string): Promise<HeadModel> {
  const fits = (kind: ModelKind) => (kinds as readonly ModelKind[]).includes(kind);
  if (name === undefined) {
    const models = registry.list();
    name = (models.find((m) => m.name === config.DEFAULT_MODEL && fits(m.kind)) ?? models.find((m) => fits(m.kind)))?.name;
    if (name === undefined) throw new errors.NO_MODEL_FOR_ROUTE(kinds.join(' or '), route);
  }
  await registry.ensureLoaded([name]);
  const model = registry.get(name);
  if (!fits(model.kind)) {
    const serves = model.info().serves;
    const use = serves?.length ? `; use ${serves.join(' or ')}` : '';
    throw new errors.WRONG_MODEL_KIND(model.name, `${route} needs a ${kinds.join(' or ')} model and this is a ${model.kind}${use}`);
  }
  return model as HeadModel;
}

/**
 * Highest score first, ties as TEI orders them: TEI sorts ascending (a stable sort) and reverses the
 * list, so of equal scores the later one comes first.
 */
export function teiOrder<T extends { score: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.score - b.score).reverse();
}

/** A batch of texts checked against the request limits: not empty, at most MAX_BATCH_SIZE, each at most MAX_INPUT_CHARS. */
export function checkTexts(what: string, texts: readonly string[], config: Config): void {
  if (texts.length === 0) throw new errors.EMPTY_INPUT(`${what} is an empty array`);
  if (texts.length > config.MAX_BATCH_SIZE) throw new errors.BATCH_TOO_LARGE(texts.length, config.MAX_BATCH_SIZE);
  texts.forEach((text, i) => {
    if (text.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG(i, text.length, config.MAX_INPUT_CHARS);
  });
}

/** TEI's `truncate` / `truncation_direction` as the model's options. */
export function truncation(body: { truncate?: boolean | null; truncation_direction: string }): EmbedOptions {
  return { truncate: body.truncate === true, direction: body.truncation_direction.toLowerCase() as EmbedOptions['direction'] };
}
