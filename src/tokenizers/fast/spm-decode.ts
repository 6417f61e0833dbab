import type { Decoder } from '../tokenizer-json.js';
import { metaspaceConfig } from './metaspace.js';

/** One Hugging Face decoder step over the token strings (tokenizers' Decoder::decode_chain). */
type Step = (tokens: string[]) => string[];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * The SentencePiece-family decoders (Metaspace, Replace, ByteFallback, Fuse, Strip and Sequences of
 * them) exactly as Hugging Face tokenizers runs them; the caller joins the result. Null for a config with
 * any other step.
 */
export function sentencePieceChain(cfg: Decoder | null): Step | null {
  if (!cfg) return null;
  switch (cfg.type) {
    case 'Sequence': {
      const steps = cfg.decoders.map(sentencePieceChain);
      if (steps.some((s) => s === null)) return null;
      return (tokens) => (steps as Step[]).reduce((acc, step) => step(acc), tokens);
    }
    case 'Metaspace': {
      const meta = metaspaceConfig(cfg);
      if (!meta) return null;
      // Every replacement becomes a space, except in the first token, where the prepended ones go.
      const drop = meta.prepend !== 'never';
      return (tokens) => tokens.map((t, i) => t.replaceAll(meta.replacement, i === 0 && drop ? '' : ' '));
    }
    case 'Replace': {
      const from = cfg.pattern.String;
      const to = cfg.content;
      if (typeof from !== 'string' || typeof to !== 'string') return null;
      return (tokens) => tokens.map((t) => (from === '' ? t : t.replaceAll(from, to)));
    }
    case 'ByteFallback': return byteFallback;
    case 'Fuse': return (tokens) => [tokens.join('')];
    case 'Strip': {
      const content = typeof cfg.content === 'string' ? cfg.content : ' ';
      const start = Number(cfg.start ?? 0);
      const stop = Number(cfg.stop ?? 0);
      return (tokens) => tokens.map((t) => strip(t, content, start, stop));
    }
    default: return null;
  }
}

/** Runs of `<0xXX>` tokens become their UTF-8 text, or one U+FFFD per byte when not valid UTF-8. */
function byteFallback(tokens: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      out.push(utf8.decode(Uint8Array.from(bytes)));
    } catch {
      for (let i = 0; i < bytes.length; i++) out.push('\ufffd');
    }
    bytes = [];
  };
  for (const token of tokens) {
    const m = BYTE_TOKEN.exec(token);
    if (m) { bytes.push(parseInt(m[1], 16)); continue; }
    flush();
    out.push(token);
  }
  flush();
  return out;
}

/** Removes up to `start` leading and `stop` trailing `content` characters. */
function strip(token: string, content: string, start: number, stop: number): string {
  const chars = [...token];
  let a = 0;
  while (a < start && a < chars.length && chars[a] === content) a++;
  let b = chars.length;
  while (chars.length - b < stop && b > a && chars[b - 1] === content) b--;
  return chars.slice(a, b).join('');
}
