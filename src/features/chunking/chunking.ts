import type { Chunk, ChunkRequest, ChunkResponse } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import { checkAnalyzable } from '../../analyzers/requests.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import { offsetConverter } from '../../tokenizers/offsets.js';
import { analyzerCountedText, subwordCountedText, type TextUnits } from './counted-text.js';
import { chunkText, ChunkTooSmallError, TooManyChunksError, type CountedText, type RawChunk } from './chunker.js';
import { textBatch } from '../inputs.js';
import { tokenizer, type ModelLookup } from '../tokenization/tokenization.js';

/**
 * POST /chunk: each input split into chunks of at most max_tokens tokens of the model (each chunk
 * counted by encoding it on its own, special tokens included when asked), cut at the chosen boundary.
 * `units` finds sentences and words (null in worker threads: token boundaries only); `maxChunks` bounds
 * the chunks of the whole request (MAX_CHUNKS; a worker is handed the main thread's).
 */
export function chunk(registry: ModelLookup, config: Config, body: ChunkRequest, units: TextUnits | null, maxChunks = config.MAX_CHUNKS): ChunkResponse {
  const { max_tokens: max, overlap_tokens: overlap, boundary } = body;
  if (overlap >= max) throw new errors.INVALID_OPTION(`overlap_tokens (${overlap}) must be smaller than max_tokens (${max})`);
  const served = registry.get(body.model);
  const texts = textBatch(body.inputs, config);
  let counted: (text: string) => CountedText;
  if (served.kind === 'analyzer') {
    checkAnalyzable(texts, config.MAX_ANALYZER_CHARS);
    counted = (text) => analyzerCountedText(text, boundary, served as WordAnalyzer, units);
  } else {
    const model = tokenizer(registry, body.model);
    const specials = body.add_special_tokens ? model.specialTokenCount() : 0;
    if (max <= specials) throw new errors.INVALID_OPTION(`max_tokens (${max}) leaves no room for text: '${model.name}' adds ${specials} special tokens to every chunk`);
    if (overlap >= max - specials) {
      throw new errors.INVALID_OPTION(`max_tokens (${max}) minus the ${specials} special tokens of '${model.name}' must be larger than overlap_tokens (${overlap})`);
    }
    // Sentences and words come from the word analyzers, bounded like every analysis.
    if (boundary !== 'token') checkAnalyzable(texts, config.MAX_ANALYZER_CHARS);
    counted = (text) => subwordCountedText(text, boundary, model, body.add_special_tokens, units);
  }
  let left = maxChunks;
  const chunks = texts.map((text, i) => {
    let raw: RawChunk[];
    const unit = offsetConverter(text, body.offset_unit);
    try {
      raw = chunkText(counted(text), boundary, max, overlap, left);
    } catch (err) {
      if (err instanceof ChunkTooSmallError) throw new errors.CHUNK_TOO_SMALL(i, unit(err.at), err.tokens, max);
      if (err instanceof TooManyChunksError) throw new errors.TOO_MANY_CHUNKS(maxChunks);
      throw err;
    }
    left -= raw.length;
    return raw.map((c): Chunk => ({
      text: text.slice(c.start, c.end), start: unit(c.start), stop: unit(c.end), token_count: c.tokens, split: c.fallback ? 'fallback' : 'boundary',
    }));
  });
  return { model: served.name, chunks };
}
