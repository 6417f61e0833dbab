import type { TokenType, UPos } from './types.js';

// Trailing characters that end a sentence rather than a URL ("see https://x.org/a.").
const URL_TAIL = /[.,;:!?'")\]}>。，；：！？、）」』】]+$/u;
const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'`，。！？、；：（）「」『』【】]+/giu;
// The local part is ASCII only, so that "写信给john@x.org" does not swallow the Chinese before it.
const EMAIL = /[A-Za-z0-9._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** A URL or e-mail address found in a text: [start, end) in UTF-16 units. */
export interface LinkSpan {
  start: number;
  end: number;
  type: 'url' | 'email';
}

/**
 * URLs and e-mail addresses of a text, in order and without overlaps. They are cut out before any
 * segmenter runs, so no segmenter can split them.
 */
export function findLinks(text: string): LinkSpan[] {
  const spans: LinkSpan[] = [];
  for (const m of text.matchAll(EMAIL)) spans.push({ start: m.index, end: m.index + m[0].length, type: 'email' });
  for (const m of text.matchAll(URL)) {
    const body = m[0].replace(URL_TAIL, '');
    if (body.length > 0) spans.push({ start: m.index, end: m.index + body.length, type: 'url' });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LinkSpan[] = [];
  for (const s of spans) if (out.length === 0 || s.start >= out[out.length - 1].end) out.push(s);
  return out;
}

const WHITESPACE = /^\s+$/u;
const NUMBER = /^[+-]?\p{N}+(?:[.,:]\p{N}+)*%?$/u;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|[\u200d#*0-9]|\ufe0f|\u20e3)+$/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const PUNCT = /^\p{P}+$/u;
const SYMBOL = /^[\p{S}\p{P}]+$/u;

/** The type of a token from a segmenter that has no types of its own (jieba, Intl.Segmenter). */
export function classify(text: string): TokenType {
  if (WHITESPACE.test(text)) return 'whitespace';
  if (NUMBER.test(text)) return 'number';
  if (PICTOGRAPHIC.test(text) && EMOJI.test(text)) return 'emoji';
  if (PUNCT.test(text)) return 'punctuation';
  if (SYMBOL.test(text)) return 'symbol';
  return 'word';
}

/** A POS for tokens whose segmenter gives none, from their type. */
export function posOfType(type: TokenType): UPos {
  switch (type) {
    case 'punctuation': return 'PUNCT';
    case 'number': case 'ordinal': return 'NUM';
    case 'whitespace': return 'SPACE';
    case 'word': return 'X';
    default: return 'SYM';
  }
}
