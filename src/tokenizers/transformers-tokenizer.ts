import type { PreTokenizer } from './tokenizer-json.js';
import { AutoTokenizer, PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { onigurumaSpaces, type TokenizerFiles } from './load.js';

/**
 * Builds the transformers.js tokenizer from parsed files (no hub, no file lookups of its own).
 * transformers.js 2.17 reads BPE merges only in the old "a b" string form; newer files (Qwen3) store
 * pairs, so pairs are joined here. Byte-level and SentencePiece tokens never contain a plain space.
 * This module is imported only when a tokenizer needs transformers.js (configurations the fast path does
 * not cover): importing it pulls in onnxruntime and slows start-up (docs/MEASUREMENTS.md).
 */
export function createTransformersTokenizer(files: TokenizerFiles): PreTrainedTokenizer {
  const model = files.json.model.type === 'BPE'
    ? { ...files.json.model, merges: files.json.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m)) }
    : files.json.model;
  const json = { ...files.json, model, pre_tokenizer: withOnigurumaSpaces(files.json.pre_tokenizer) };
  const className = String(files.config.tokenizer_class ?? 'PreTrainedTokenizer').replace(/Fast$/, '');
  const mapping = AutoTokenizer.TOKENIZER_CLASS_MAPPING as unknown as Record<string, typeof PreTrainedTokenizer>;
  const Cls = mapping[className] ?? PreTrainedTokenizer;
  return new Cls(json, files.config);
}

/** The pre-tokenizer with every Split regex in JavaScript's reading of Oniguruma's \s (see onigurumaSpaces). */
function withOnigurumaSpaces(cfg: PreTokenizer | null): PreTokenizer | null {
  if (!cfg) return cfg;
  if (cfg.type === 'Split' && typeof cfg.pattern.Regex === 'string') return { ...cfg, pattern: { Regex: onigurumaSpaces(cfg.pattern.Regex) } };
  if (cfg.type === 'Sequence') return { ...cfg, pretokenizers: cfg.pretokenizers.map((p) => withOnigurumaSpaces(p)!) };
  return cfg;
}
