import { charToByte } from '../byte-level.js';
import { sentencePieceChain } from './spm-decode.js';
import type { TokenizerData } from '../vocab-data.js';

/** Ids → text; the ids are known to be in the vocabulary. */
export type FastDecoder = (ids: readonly number[], skipSpecialTokens: boolean, cleanUpSpaces: boolean) => string;

// Tokenizer classes whose transformers.js decode is not the generic one.
const OWN_DECODE = new Set(['WhisperTokenizer', 'VitsTokenizer']);

/**
 * Decoding without transformers.js for the decoders the shipped tokenizers use (ByteLevel, WordPiece,
 * none: exactly what transformers.js 2.17's `decode` does with them; the SentencePiece decoders: what
 * Hugging Face tokenizers does, spm-decode.ts), so that serving such a tokenizer never needs to import
 * transformers.js (slow to import; docs/MEASUREMENTS.md). Null for anything else.
 */
export function fastDecoder(data: TokenizerData): FastDecoder | null {
  const className = String(data.config.tokenizer_class ?? '').replace(/Fast$/, '');
  if (OWN_DECODE.has(className)) return null;
  const decodeTokens = tokenDecoder(data);
  if (!decodeTokens) return null;
  const { vocab } = data;
  const special = new Set(data.json.added_tokens.filter((t) => t.special).map((t) => t.content));
  const extra = data.config.additional_special_tokens;
  if (Array.isArray(extra)) for (const t of extra) if (typeof t === 'string') special.add(t);
  return (ids, skipSpecialTokens, cleanUpSpaces) => {
    let tokens = ids.map((id) => vocab[id]!);
    if (skipSpecialTokens) tokens = tokens.filter((t) => !special.has(t));
    const text = decodeTokens(tokens);
    return cleanUpSpaces ? cleanUpTokenization(text) : text;
  };
}

function tokenDecoder(data: TokenizerData): ((tokens: string[]) => string) | null {
  const cfg = data.json.decoder;
  if (!cfg) return (tokens) => tokens.join(' ');
  if (cfg.type === 'ByteLevel') return byteLevelDecoder(new Set(data.json.added_tokens.map((t) => t.content)));
  if (cfg.type === 'WordPiece' && typeof cfg.prefix === 'string') return wordPieceDecoder(cfg.prefix, Boolean(cfg.cleanup));
  const chain = sentencePieceChain(cfg);
  return chain && ((tokens) => chain(tokens).join(''));
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Runs of byte-level tokens become UTF-8 text; added tokens are kept as they are. */
function byteLevelDecoder(added: Set<string>): (tokens: string[]) => string {
  const bytesOf = (run: string[]): string => {
    const chars = [...run.join('')];
    const bytes = new Uint8Array(chars.length);
    // A character outside the byte table becomes 0, as in transformers.js.
    chars.forEach((c, i) => { bytes[i] = charToByte.get(c) ?? 0; });
    return utf8.decode(bytes);
  };
  return (tokens) => {
    let out = '';
    let run: string[] = [];
    for (const token of tokens) {
      if (!added.has(token)) { run.push(token); continue; }
      if (run.length > 0) { out += bytesOf(run); run = []; }
      out += token;
    }
    return run.length > 0 ? out + bytesOf(run) : out;
  };
}

/** Continuation pieces lose their prefix, other pieces after the first get a leading space. */
function wordPieceDecoder(prefix: string, cleanup: boolean): (tokens: string[]) => string {
  return (tokens) => tokens.map((token, i) => {
    let t = token;
    if (i !== 0) t = t.startsWith(prefix) ? t.replace(prefix, '') : ` ${t}`;
    return cleanup ? cleanUpTokenization(t) : t;
  }).join('');
}

/** transformers.js' clean-up of spaces before punctuation and English contractions. */
function cleanUpTokenization(text: string): string {
  return text.replace(/ \./g, '.').replace(/ \?/g, '?').replace(/ !/g, '!').replace(/ ,/g, ',').replace(/ ' /g, "'")
    .replace(/ n't/g, "n't").replace(/ 'm/g, "'m").replace(/ 's/g, "'s").replace(/ 've/g, "'ve").replace(/ 're/g, "'re");
}
