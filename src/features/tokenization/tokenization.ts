import type { DecodeRequest, EncodeRequest, Encoding as WireEncoding, OffsetUnit, TeiTokenizeRequest, Token } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import type { EmbeddingModel } from '../../embeddings/types.js';
import type { Encoding } from '../../tokenizers/encoding.js';
import { offsetConverter } from '../../tokenizers/offsets.js';
import { defaultEncodeOptions, type SubwordTokenizer } from '../../tokenizers/subword-tokenizer.js';
import { checkPromptName, textBatch } from '../inputs.js';
import { analyzeTexts, rejectAnalysisOptions } from '../../analyzers/requests.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import type { WorkerDispatch } from '../../workers/dispatch.js';
import type { Serialized } from '../../serializers.js';

/** What the service functions need of the registry (worker threads pass their own). */
export type ModelLookup = Pick<ModelRegistry, 'get' | 'getKind'>;

/** The subword tokenizer of a model: a tokenizer itself, or an embedding model's own (TEI tokenizes with the served model). */
export function tokenizer(registry: ModelLookup, name: string | undefined): SubwordTokenizer {
  const model = registry.get(name);
  if (model.kind === 'tokenizer') return model as SubwordTokenizer;
  const own = (model as Partial<EmbeddingModel>).tokenizer;
  if (own) return own;
  throw new errors.WRONG_MODEL_KIND(model.name, `it is a ${model.kind} without a subword tokenizer`);
}

/** POST /tokenize: TEI's token list per input, `text` sliced from the input. */
export function tokenize(registry: ModelLookup, config: Config, body: TeiTokenizeRequest): Token[][] {
  checkPromptName(body.prompt_name);
  const served = registry.get(body.model);
  if (served.kind === 'analyzer') return analyzeTexts(served as WordAnalyzer, textBatch(body.inputs, config), body, body.offset_unit, config.MAX_ANALYZER_CHARS);
  rejectAnalysisOptions(served.name, body);
  const model = tokenizer(registry, body.model);
  return textBatch(body.inputs, config).map((text) => subwordTokens(model, text, body.add_special_tokens, body.offset_unit));
}

/** TEI's token list of one text encoded by a subword tokenizer, offsets in `offsetUnit`. */
export function subwordTokens(model: SubwordTokenizer, text: string, addSpecialTokens: boolean, offsetUnit: OffsetUnit): Token[] {
  const e = model.encode(text, null, { ...defaultEncodeOptions, addSpecialTokens });
  const unit = offsetConverter(text, offsetUnit);
  return e.ids.map((id, i) => {
    const special = e.specialMask[i] === 1;
    if (e.added[i]) return { id, text: e.tokens[i], special, start: null, stop: null };
    const [s, t] = e.offsets[i];
    return { id, text: text.slice(s, t), special, start: unit(s), stop: unit(t) };
  });
}

/** POST /encode: Hugging Face-style encodings with the requested fields. */
export function encode(registry: ModelLookup, config: Config, body: EncodeRequest) {
  const model = tokenizer(registry, body.model);
  const texts = textBatch(body.inputs, config);
  let pairs: string[] | null = null;
  if (body.text_pair !== undefined) {
    if (typeof body.text_pair === 'string' !== (typeof body.inputs === 'string')) {
      throw new errors.INVALID_OPTION('text_pair must be a string when inputs is a string, and an array when inputs is an array');
    }
    pairs = textBatch(body.text_pair, config);
    if (pairs.length !== texts.length) throw new errors.INVALID_OPTION(`text_pair has ${pairs.length} items but inputs has ${texts.length}`);
  } else if (idsAlone(body)) {
    const encodings = texts.map((text) => {
      const ids = model.encodeIds(text, body.add_special_tokens);
      return { ids, num_tokens: ids.length, truncated: false };
    });
    return { model: model.name, encodings, total_tokens: encodings.reduce((n, e) => n + e.num_tokens, 0) };
  }
  const encodings = model.encodeBatch(texts, pairs, {
    addSpecialTokens: body.add_special_tokens, maxLength: body.max_length, truncation: body.truncation,
    truncationDirection: body.truncation_direction, stride: body.stride, padding: body.padding,
    paddingSide: body.padding_side, padToMultipleOf: body.pad_to_multiple_of,
  });
  const out = encodings.map((e, i) => encodingOut(e, texts[i], pairs?.[i] ?? null, body));
  return { model: model.name, encodings: out, total_tokens: out.reduce((n, e) => n + e.num_tokens, 0) };
}

/** A request for the ids of single texts, untruncated and unpadded (the defaults): SubwordTokenizer.encodeIds answers it. */
function idsAlone(body: EncodeRequest): boolean {
  return body.truncation === 'none' && body.padding === 'none' && !body.return_tokens && !body.return_attention_mask && !body.return_token_type_ids
    && !body.return_offsets && !body.return_special_tokens_mask && !body.return_word_ids && !body.return_overflowing;
}

function encodingOut(e: Encoding, text: string, pair: string | null, body: EncodeRequest): WireEncoding {
  const out: WireEncoding = {
    ids: e.ids,
    num_tokens: e.attentionMask.reduce((n, m) => n + m, 0),
    truncated: e.overflowing.length > 0,
  };
  if (body.return_tokens) out.tokens = e.tokens;
  if (body.return_attention_mask) out.attention_mask = e.attentionMask as (0 | 1)[];
  if (body.return_token_type_ids) out.token_type_ids = e.typeIds;
  if (body.return_offsets) {
    const units = [offsetConverter(text, body.offset_unit), pair === null ? null : offsetConverter(pair, body.offset_unit)];
    out.offsets = e.offsets.map(([s, t], i) => {
      const unit = units[e.sequenceIds[i] ?? 0] ?? units[0]!;
      return e.added[i] ? [0, 0] : [unit(s), unit(t)];
    });
  }
  if (body.return_special_tokens_mask) out.special_tokens_mask = e.specialMask as (0 | 1)[];
  if (body.return_word_ids) out.word_ids = e.wordIds;
  if (pair !== null && (body.return_word_ids || body.return_offsets)) out.sequence_ids = e.sequenceIds as (0 | 1 | null)[];
  if (body.return_overflowing) out.overflowing = e.overflowing.map((o) => encodingOut(o, text, pair, body));
  return out;
}

/** POST /decode: one string per id sequence. */
export function decode(registry: ModelLookup, config: Config, body: DecodeRequest): string[] {
  const model = tokenizer(registry, body.model);
  const batch = body.ids.length > 0 && Array.isArray(body.ids[0]) ? (body.ids as number[][]) : [body.ids as number[]];
  if (batch.length > config.MAX_BATCH_SIZE) throw new errors.BATCH_TOO_LARGE(batch.length, config.MAX_BATCH_SIZE);
  return batch.map((ids) => model.decode(ids, body.skip_special_tokens, body.clean_up_tokenization_spaces ?? false));
}

/** POST /tokenize, in a worker when large. */
export function tokenizeRequest(registry: ModelRegistry, config: Config, body: TeiTokenizeRequest, workers: WorkerDispatch): Token[][] | Promise<Token[][] | Serialized> {
  const pool = workers.poolFor(body);
  return pool ? pool.run({ op: 'tokenize', body }) : tokenize(registry, config, body);
}

/** POST /encode, in a worker when large. */
export function encodeRequest(registry: ModelRegistry, config: Config, body: EncodeRequest, workers: WorkerDispatch): ReturnType<typeof encode> | Promise<ReturnType<typeof encode> | Serialized> {
  const pool = workers.poolFor(body);
  return pool ? pool.run({ op: 'encode', body }) : encode(registry, config, body);
}

/** POST /decode, in a worker when large. */
export function decodeRequest(registry: ModelRegistry, config: Config, body: DecodeRequest, workers: WorkerDispatch): string[] | Promise<string[] | Serialized> {
  const pool = workers.poolFor(body);
  return pool ? pool.run({ op: 'decode', body }) : decode(registry, config, body);
}
