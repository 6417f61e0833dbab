import type { EmbedAllRequest, EmbedInputs, EmbedRequest } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import { finish, pool, rows } from '../../embeddings/pooling.js';
import type { EmbedInput, EmbeddingModel, EmbedRun, TruncationSide } from '../../embeddings/types.js';

/** What a route needs besides the body: the model used and the run (for usage and TEI's timing headers). */
export interface Embedded<T> {
  body: T;
  model: EmbeddingModel;
  run: EmbedRun;
  characters: number;
}

/** The embedding model a request names (DEFAULT_EMBEDDING_MODEL when none), loaded first if it is not yet. */
export async function embeddingModel(registry: ModelRegistry, config: Config, name: string | undefined): Promise<EmbeddingModel> {
  const key = name ?? config.DEFAULT_EMBEDDING_MODEL;
  // A request naming no model never loaded the default one through the request hook (lazy loading).
  await registry.ensureLoaded([key]);
  return registry.getKind<EmbeddingModel>(key, 'embedding', 'this route');
}

/** Wire inputs → a checked batch: an array of numbers is ONE token-id input; limits as for texts. */
export function inputBatch(inputs: EmbedInputs, config: Config): EmbedInput[] {
  const batch: EmbedInput[] = typeof inputs === 'string' || inputs.some((x) => typeof x === 'number') ? [inputs as EmbedInput] : (inputs as EmbedInput[]);
  if (batch.length === 0) throw new errors.EMPTY_INPUT('inputs is an empty array');
  if (batch.length > config.MAX_BATCH_SIZE) throw new errors.BATCH_TOO_LARGE(batch.length, config.MAX_BATCH_SIZE);
  batch.forEach((input, i) => {
    if (input.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG(i, input.length, config.MAX_INPUT_CHARS);
  });
  return batch;
}

/** TEI's `prompt_name`: only null is valid (no sentence-transformers prompts are configured). */
export function checkPromptName(promptName: string | null | undefined): void {
  if (promptName !== undefined && promptName !== null) throw new errors.INVALID_OPTION(`prompt_name '${promptName}' is not configured (no prompts are defined)`);
}

async function runModel(model: EmbeddingModel, body: EmbedAllRequest, config: Config): Promise<{ run: EmbedRun; characters: number }> {
  checkPromptName(body.prompt_name);
  const inputs = inputBatch(body.inputs, config);
  const direction = body.truncation_direction.toLowerCase() as TruncationSide;
  const run = await model.run(inputs, { truncate: body.truncate === true, direction });
  return { run, characters: inputs.reduce((n, x) => n + (typeof x === 'string' ? x.length : 0), 0) };
}

/** POST /embed: one pooled (by default L2-normalized) vector per input. */
export async function embed(registry: ModelRegistry, config: Config, body: EmbedRequest): Promise<Embedded<number[][]>> {
  const model = await embeddingModel(registry, config, body.model);
  const pooling = body.pooling ?? model.defaultPooling;
  if (pooling === 'none') throw new errors.INVALID_OPTION("pooling 'none' gives one vector per token: use POST /embed_all");
  if (!model.poolings.includes(pooling)) throw new errors.INVALID_OPTION(`model '${model.name}' supports pooling ${model.poolings.filter((p) => p !== 'none').join(', ')}, not '${pooling}'`);
  if (body.dimensions !== undefined && body.dimensions > model.dimensions) {
    throw new errors.INVALID_OPTION(`dimensions ${body.dimensions} exceeds the ${model.dimensions} dimensions of model '${model.name}'`);
  }
  const { run, characters } = await runModel(model, body, config);
  const vectors = run.inputs.map((t) => Array.from(finish(pool(t, model.dimensions, pooling), body.dimensions, body.normalize)));
  return { body: vectors, model, run, characters };
}

/** POST /embed_all: every token's vector, unpooled and unnormalized (TEI). */
export async function embedAll(registry: ModelRegistry, config: Config, body: EmbedAllRequest): Promise<Embedded<number[][][]>> {
  const model = await embeddingModel(registry, config, body.model);
  const { run, characters } = await runModel(model, body, config);
  return { body: run.inputs.map((t) => rows(t, model.dimensions).map((v) => Array.from(v))), model, run, characters };
}

/** What TEI's headers report about a request: its model run and the characters it held. */
export interface Metered {
  run: Pick<EmbedRun, 'timing' | 'tokenCounts'>;
  characters: number;
}

/** TEI's response headers (milliseconds, rounded like TEI). */
export function teiHeaders(e: Metered, totalMs: number): Record<string, string> {
  const { timing, tokenCounts } = e.run;
  return {
    'x-compute-characters': String(e.characters),
    'x-compute-tokens': String(tokenCounts.reduce((a, b) => a + b, 0)),
    'x-tokenization-time': String(Math.round(timing.tokenizationMs)),
    'x-queue-time': String(Math.round(timing.queueMs)),
    'x-inference-time': String(Math.round(timing.inferenceMs)),
    'x-total-time': String(Math.round(totalMs)),
  };
}
