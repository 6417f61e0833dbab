import { AutoTokenizer, PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { onigurumaSpaces, type TokenizerFiles } from './load.js';

/**
 * Builds the transformers.js tokenizer from parsed files (no hub, no file lookups of its own).
 * transformers.js 2.17 reads BPE merges only in the old "a b" string form; newer files (Qwen3) store
 * pairs, so pairs are joined here. Byte-level and SentencePiece tokens never contain a plain space.
 * This module is imported only when a tokenizer needs transformers.js (configurations the fast path does
 * not cover): importing it costs about 0.3 s of start-up (it pulls in onnxruntime).
 */
export function createTransformersTokenizer(files: TokenizerFiles): PreTrainedTokenizer {
  const model = files.json.model;
  const merges = Array.isArray(model.merges) && Array.isArray(model.merges[0])
    ? (model.merges as string[][]).map((pair) => pair.join(' '))
    : model.merges;
  const json = { ...files.json, model: { ...model, merges }, pre_tokenizer: withOnigurumaSpaces(files.json.pre_tokenizer) };
  const className = String(files.config.tokenizer_class ?? 'PreTrainedTokenizer').replace(/Fast$/, '');
  const mapping = AutoTokenizer.TOKENIZER_CLASS_MAPPING as unknown as Record<string, typeof PreTrainedTokenizer>;
  const Cls = mapping[className] ?? PreTrainedTokenizer;
  return new Cls(json, files.config);
}

type Component = { type: string; [k: string]: unknown } | null;

function withOnigurumaSpaces(cfg: Component): Component {
  if (!cfg) return cfg;
  const out: Record<string, unknown> = { ...cfg };
  const pattern = cfg.pattern as { Regex?: string } | undefined;
  if (typeof pattern?.Regex === 'string') out.pattern = { Regex: onigurumaSpaces(pattern.Regex) };
  if (Array.isArray(cfg.pretokenizers)) out.pretokenizers = (cfg.pretokenizers as Component[]).map(withOnigurumaSpaces);
  return out as Component;
}
