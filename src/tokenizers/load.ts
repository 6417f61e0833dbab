import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';

/** The parsed files of a Hugging Face tokenizer folder. */
export interface TokenizerFiles {
  json: TokenizerJson;
  config: Record<string, unknown>;
}

export interface AddedTokenJson {
  id: number;
  content: string;
  special: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  single_word?: boolean;
}

export interface TokenizerJson {
  added_tokens: AddedTokenJson[];
  normalizer: { type: string; [k: string]: unknown } | null;
  pre_tokenizer: { type: string; [k: string]: unknown } | null;
  post_processor: { type: string; [k: string]: unknown } | null;
  decoder: { type: string; [k: string]: unknown } | null;
  model: { type: string; vocab: unknown; merges?: unknown[]; [k: string]: unknown };
}

/** Reads tokenizer.json (required) and tokenizer_config.json (optional) from a folder. */
export async function readTokenizerFiles(dir: string): Promise<TokenizerFiles> {
  const json = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson;
  if (!json.model || typeof json.model.type !== 'string') throw new Error('tokenizer.json has no model section');
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { json, config };
}

/**
 * Builds the transformers.js tokenizer from parsed files (no hub, no file lookups of its own).
 * transformers.js 2.17 reads BPE merges only in the old "a b" string form; newer files (Qwen3) store
 * pairs, so pairs are joined here. Byte-level and SentencePiece tokens never contain a plain space.
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

// Oniguruma's \s (what Hugging Face's Split patterns run on) is Unicode White_Space; JavaScript's \s also
// matches U+FEFF and misses U+0085. Spelling the set out makes transformers.js split exactly like the reference.
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Rewrites `\s` / `\S` in a regex (inside and outside character classes) to Oniguruma's meaning. */
export function onigurumaSpaces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === 's') out += inClass ? WHITE_SPACE : `[${WHITE_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${WHITE_SPACE}]`;
      else if (next === 'S') throw new Error('\\S inside a character class is not supported in Split patterns');
      else out += c + next;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
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
