import type { Config } from '../../config.js';
import { sigmoid, softmax } from '../../embeddings/heads.js';
import type { ModelRegistry } from '../../models/registry.js';
import { checkTexts, headModel, teiOrder, truncation, type Scored } from './models.js';
import type { PredictRequest, PredictResponse } from '../../generated/wire-types.js';

/**
 * TEI's PredictInput → the inputs (texts or pairs), and whether the answer is one list or a list per input.
 * A flat array of one or two strings is one text or one pair, as TEI's deserializer reads it; an array of
 * arrays is a batch. The schema has been checked; the generated type of `inputs` is looser than the
 * schema, so the shapes are told apart here.
 */
function predictBatch(inputs: PredictRequest['inputs']): { batch: (string | readonly [string, string])[]; single: boolean } {
  if (typeof inputs === 'string') return { batch: [inputs], single: true };
  const list = inputs as readonly (string | readonly string[])[];
  if (list.length > 0 && list.every((x) => typeof x === 'string')) {
    return { batch: [list.length === 1 ? (list[0] as string) : (list as [string, string])], single: true };
  }
  return { batch: (list as ([string] | [string, string])[]).map((x) => (x.length === 1 ? x[0] : x)), single: false };
}

/**
 * POST /predict (TEI): every label with its score, highest first (equal scores: the later label first, as
 * TEI), per input (a text or a pair). Scores are the logits through a softmax over the labels (a sigmoid
 * for a one-label model) unless `raw_scores`.
 */
export async function predict(registry: ModelRegistry, config: Config, body: PredictRequest): Promise<Scored<PredictResponse>> {
  const model = await headModel(registry, config, body.model, ['classifier', 'reranker'], 'POST /predict');
  const { batch, single } = predictBatch(body.inputs);
  checkTexts('inputs', batch.map((x) => (typeof x === 'string' ? x : x.join(''))), config);
  const run = await model.run(batch, truncation(body));
  const labels = model.labels;
  const scored = run.outputs.map((logits) => {
    const scores = body.raw_scores ? Array.from(logits) : labels.length === 1 ? [sigmoid(logits[0])] : softmax(logits);
    return teiOrder(scores.map((score, i) => ({ score, label: labels[i] })));
  });
  const characters = batch.reduce((n, x) => n + (typeof x === 'string' ? x.length : x[0].length + x[1].length), 0);
  return { body: single ? scored[0] : scored, run, characters };
}
