import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { EnglishToken } from './ner/features.js';
import { englishNames } from './ner/names.js';
import { classify } from './token-type.js';
import type { AnalysisFlags, RawToken, TokenType, UPos } from './types.js';

let nlp: WinkMethods | null = null;

/** wink-nlp with its English model, loaded once per process (about 0.2 s) and shared by every analyzer. */
export function englishEngine(): WinkMethods {
  nlp ??= winkNLP(model);
  return nlp;
}

const WINK_TYPES: Record<string, TokenType> = {
  word: 'word', number: 'number', ordinal: 'ordinal', time: 'time', currency: 'currency',
  punctuation: 'punctuation', symbol: 'symbol', url: 'url', email: 'email', mention: 'mention',
  hashtag: 'hashtag', emoji: 'emoji', emoticon: 'emoticon', tabCRLF: 'whitespace',
};

// wink keeps only space, tab and newlines out of tokens; other Unicode spaces (U+3000, NBSP…) would end
// up inside a token. Each is one UTF-16 unit, so replacing it by ' ' keeps every offset.
const OTHER_SPACES = /[^\S \t\n\r]/gu;

type Doc = ReturnType<WinkMethods['readDoc']>;

/** The name tagger's view of a wink-nlp document: each token's text, POS and whether it starts a sentence. */
export function taggerTokens(doc: Doc, values: string[], pos: string[]): EnglishToken[] {
  const starts = new Set((doc.sentences().out(englishEngine().its.span) as unknown as [number, number][]).map(([first]) => first));
  return values.map((text, i) => ({ text, pos: pos[i], sentenceStart: starts.has(i) }));
}

/** wink-nlp's document of `text` and its token values (the spaces it cannot handle made plain spaces). */
export function readEnglish(text: string): { doc: Doc; values: string[]; starts: number[] } {
  const doc = englishEngine().readDoc(text.replace(OTHER_SPACES, ' '));
  const values = doc.tokens().out(englishEngine().its.value) as string[];
  return { doc, values, starts: tokenStarts(text, values) };
}

/**
 * English-grade rule tokenization of `text` with wink-nlp: token types, Universal POS, lemma, stem and
 * entities (dates, times, money, percentages, hashtags, mentions…, and people, places and organisations
 * found by the learned name tagger). Offsets are relative to `text`.
 */
export function segmentEnglish(text: string, flags: AnalysisFlags, nextEntityId: () => number): RawToken[] {
  const its = englishEngine().its;
  const { doc, values, starts } = readEnglish(text);
  const tokens = doc.tokens();
  const types = tokens.out(its.type) as string[];
  const wantEntities = flags.entities || flags.mergeEntities;
  // Names are looked for when POS is asked too: a name's words are PROPN ("Cook" in "Tim Cook" is no verb).
  const wantNames = wantEntities || flags.pos;
  const pos = flags.pos || wantNames ? (tokens.out(its.pos) as UPos[]) : null;
  // wink's typings declare lemma/stem with an addons parameter that `out` does not accept; at run time it does.
  type Its = Parameters<typeof tokens.out>[0];
  const lemmas = flags.lemma ? (tokens.out(its.lemma as unknown as Its) as string[]) : null;
  const stems = flags.stem ? (tokens.out(its.stem as unknown as Its) as string[]) : null;
  const out: (RawToken | null)[] = [];
  values.forEach((value, i) => {
    const start = starts[i];
    if (start < 0) {
      out.push(null);
      return;
    }
    const type = WINK_TYPES[types[i]] ?? classify(value);
    const token: RawToken = { start, end: start + value.length, type };
    if (flags.pos && pos) token.pos = pos[i];
    if (lemmas) token.lemma = lemmas[i];
    if (stems) token.stem = stems[i];
    out.push(token);
  });
  if (wantEntities) {
    const details = doc.entities().out(its.detail) as unknown as { type: string }[];
    const spans = doc.entities().out(its.span) as unknown as [number, number][];
    spans.forEach(([first, last], k) => {
      const id = nextEntityId();
      for (let i = first; i <= last; i++) {
        const t = out[i];
        if (t) Object.assign(t, { entity: details[k].type, entityId: id });
      }
    });
  }
  if (wantNames && pos) markNames(out, englishNames(taggerTokens(doc, values, pos)), flags, nextEntityId);
  return out.filter((t): t is RawToken => t !== null);
}

const FUNCTION_POS = new Set(['ADP', 'DET', 'CCONJ', 'PART', 'PUNCT']);

/**
 * Marks the tokens of each name: one entity mention (unless a pattern entity already holds one of its
 * tokens), and POS PROPN for its words (lower-case function words such as "of" keep theirs).
 */
function markNames(out: (RawToken | null)[], names: ReturnType<typeof englishNames>, flags: AnalysisFlags, nextEntityId: () => number): void {
  for (const { first, last, type } of names) {
    const tokens = out.slice(first, last + 1).filter((t): t is RawToken => t !== null);
    if (flags.pos) {
      for (const t of tokens) if (t.type === 'word' && !(t.pos && FUNCTION_POS.has(t.pos))) t.pos = 'PROPN';
    }
    if ((flags.entities || flags.mergeEntities) && tokens.every((t) => t.entity === undefined)) {
      const id = nextEntityId();
      for (const t of tokens) Object.assign(t, { entity: type, entityId: id });
    }
  }
}

/** Offset of each wink token value in `text` (-1 when empty or not found): wink's values are slices of the input, in order. */
function tokenStarts(text: string, values: string[]): number[] {
  let cursor = 0;
  return values.map((value) => {
    const start = value.length === 0 ? -1 : text.indexOf(value, cursor);
    if (start >= 0) cursor = start + value.length;
    return start;
  });
}

/**
 * Where wink-nlp's sentence detection starts a new sentence in `text` (UTF-16 offsets of each
 * sentence's first token, the first sentence left out). Abbreviations such as "Dr." or "e.g." do not
 * end a sentence.
 */
export function englishSentenceStarts(text: string): number[] {
  const nlp = englishEngine();
  const its = nlp.its;
  const doc = nlp.readDoc(text.replace(OTHER_SPACES, ' '));
  const starts = tokenStarts(text, doc.tokens().out(its.value) as string[]);
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  return spans.slice(1).map(([first]) => starts[first]).filter((p) => p > 0);
}
