import type { EncodeResponse, Token } from '../src/generated/wire-types.js';

/** A token as the page draws it; offsets in code points into the panel's source text, null for tokens the model added. */
export interface ViewToken {
  id: number | null;
  /** The vocabulary string (`##ing`, `Ġthe`, `▁the`), when the answer carries it. */
  vocab: string | null;
  special: boolean;
  start: number | null;
  stop: number | null;
  /** Word analyzers: the word's fields. */
  word?: Pick<Token, 'type' | 'normalized' | 'pos' | 'tag' | 'entity'>;
}

/** A text addressed by code points, as the service's default offsets are. */
export class SourceText {
  readonly points: string[];
  constructor(readonly text: string) {
    this.points = Array.from(text);
  }
  slice(start: number, stop: number): string {
    return this.points.slice(start, stop).join('');
  }
}

/**
 * /encode's answer (ids, vocabulary strings, offsets, special-tokens mask) as tokens. /encode gives
 * [0, 0] for the special tokens the model added, which /tokenize reports with null offsets.
 */
export function fromEncoding(answer: EncodeResponse): ViewToken[] {
  const e = answer.encodings[0];
  return e.ids.map((id, i) => {
    const special = e.special_tokens_mask?.[i] === 1;
    const [start, stop] = e.offsets?.[i] ?? [null, null];
    const added = special && start === 0 && stop === 0;
    return { id, vocab: e.tokens?.[i] ?? null, special, start: added ? null : start, stop: added ? null : stop };
  });
}

/** /tokenize-shaped tokens (word analyzers, /chat_tokenize): `text` is the covered slice, or an added special token's string. */
export function fromWire(tokens: Token[]): ViewToken[] {
  return tokens.map((t) => ({
    id: t.id, vocab: t.start === null ? t.text : null, special: t.special, start: t.start, stop: t.stop,
    word: t.type === undefined ? undefined : { type: t.type, normalized: t.normalized, pos: t.pos, tag: t.tag, entity: t.entity },
  }));
}

/** UTF-8 bytes in hex ("E4 BD A0"). */
export function utf8Hex(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Whitespace made visible, as tiktokenizer shows it: · space, → tab, ⏎ newline (the line still breaks). */
export function visibleWhitespace(text: string): string {
  return text.replace(/[ \t\n]/g, (c) => (c === ' ' ? '·' : c === '\t' ? '→' : '⏎\n'));
}
