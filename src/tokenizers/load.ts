import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenizerJson } from './tokenizer-json.js';

/** The parsed files of a Hugging Face tokenizer folder. */
export interface TokenizerFiles {
  json: TokenizerJson;
  config: Record<string, unknown>;
}

/** The raw bytes of a tokenizer folder's files (the prepared cache is keyed by them). */
export interface TokenizerBytes {
  json: Buffer;
  /** tokenizer_config.json, or null when the folder has none. */
  config: Buffer | null;
}

/** Reads tokenizer.json (required) and tokenizer_config.json (optional) from a folder, unparsed. */
export async function readTokenizerBytes(dir: string): Promise<TokenizerBytes> {
  const json = await readFile(join(dir, 'tokenizer.json'));
  let config: Buffer | null = null;
  try {
    config = await readFile(join(dir, 'tokenizer_config.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { json, config };
}

/** Parses the files read by readTokenizerBytes. */
export function parseTokenizerFiles(bytes: TokenizerBytes): TokenizerFiles {
  const json = JSON.parse(bytes.json.toString('utf8')) as TokenizerJson;
  if (!json.model || typeof json.model.type !== 'string') throw new Error('tokenizer.json has no model section');
  const config = bytes.config ? JSON.parse(bytes.config.toString('utf8')) as Record<string, unknown> : {};
  return { json, config };
}

/** Reads tokenizer.json (required) and tokenizer_config.json (optional) from a folder. */
export async function readTokenizerFiles(dir: string): Promise<TokenizerFiles> {
  return parseTokenizerFiles(await readTokenizerBytes(dir));
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
