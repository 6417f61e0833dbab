import type { VocabQuery } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import type { ServedModel } from '../../models/types.js';

/** A model whose vocabulary can be listed (subword tokenizers; any model exposing the same accessor). */
interface WithVocab extends ServedModel {
  vocabEntries(): { byId: readonly (string | undefined)[]; byToken: { get(token: string): number | undefined } };
}

const MAX_LIMIT = 10000;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function hasVocab(model: ServedModel): model is WithVocab {
  return typeof (model as Partial<WithVocab>).vocabEntries === 'function';
}

/** GET /vocab: vocabulary size, special tokens, a page of id → token, and lookups of given tokens / ids. */
export function vocab(registry: ModelRegistry, config: Config, query: VocabQuery) {
  const model = registry.get(query.model ?? config.DEFAULT_MODEL);
  if (!hasVocab(model)) {
    throw new errors.WRONG_MODEL_KIND(model.name, `a ${model.kind} has no vocabulary${model.kind === 'analyzer' ? '; build one with POST /vocab/build' : ''}`);
  }
  const offset = Number(query.offset);
  const limit = Number(query.limit);
  if (limit > MAX_LIMIT) throw new errors.INVALID_OPTION(`limit ${limit} is over ${MAX_LIMIT}`);
  const { byId, byToken } = model.vocabEntries();
  const info = model.info();
  const special = new Set(info.special_tokens ?? []);
  const size = info.vocab_size ?? byId.length;
  const entries: { id: number; token: string; special: boolean }[] = [];
  for (let id = offset; id < Math.min(size, offset + limit); id++) {
    const token = byId[id];
    if (token !== undefined) entries.push({ id, token, special: special.has(token) });
  }
  const tokens = list(query.token).map((token) => ({ token, id: byToken.get(token) ?? null }));
  const ids = list(query.id).map(Number).map((id) => ({ id, token: byId[id] ?? null }));
  return {
    model: model.name,
    vocab_size: size,
    special_tokens: [...special].map((token) => ({ token, id: byToken.get(token) ?? null })),
    offset,
    limit,
    entries,
    ...(tokens.length > 0 ? { tokens } : {}),
    ...(ids.length > 0 ? { ids } : {}),
  };
}
