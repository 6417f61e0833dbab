import { createRequire } from 'node:module';
import type { AnalyzedToken, Preprocessing, RawToken, UPos } from './types.js';

const require = createRequire(import.meta.url);
// The `stopword` package's English and Chinese lists (it ships no types; the lists are string arrays).
const lists = require('stopword') as { eng: string[]; zho: string[] };
const STOP_WORDS = new Set([...lists.eng, ...lists.zho].map((w) => w.toLowerCase()));

/** True for a word in the English or Chinese stop word list (case-insensitive). */
function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

const PLACEHOLDERS = { url: '<URL>', email: '<EMAIL>' } as const;
const NAMED = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);

/**
 * Joins the tokens of each entity mention into one token (type `entity` when it spans several tokens).
 * Its POS is PROPN for names, otherwise that of its last non-punctuation token.
 */
export function mergeEntities(tokens: RawToken[], text: string): RawToken[] {
  const out: RawToken[] = [];
  for (const t of tokens) {
    // Whitespace tokens (include_whitespace) between two tokens of one mention belong to it.
    let k = out.length - 1;
    while (k >= 0 && out[k].type === 'whitespace') k--;
    const last = out[k];
    if (last && t.entityId !== undefined && last.entityId === t.entityId) {
      out.length = k + 1;
      last.end = t.end;
      last.type = 'entity';
      if (t.pos && t.pos !== 'PUNCT') last.pos = t.pos;
      if (last.lemma !== undefined) last.lemma = text.slice(last.start, last.end).toLowerCase();
      if (last.stem !== undefined) last.stem = text.slice(last.start, last.end).toLowerCase();
    } else out.push({ ...t });
  }
  for (const t of out) if (t.pos && t.entity && NAMED.has(t.entity)) t.pos = 'PROPN' satisfies UPos;
  return out;
}

/** Token-level preprocessing: punctuation, stop words, URL / e-mail removal or placeholders. */
export function applyFilters(tokens: AnalyzedToken[], p: Preprocessing): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  for (const t of tokens) {
    if (p.remove_punctuation && t.type === 'punctuation') continue;
    if (p.remove_stop_words && isStopWord(t.normalized)) continue;
    if (t.type === 'url' || t.type === 'email') {
      if (p.urls_emails === 'remove') continue;
      if (p.urls_emails === 'placeholder') {
        out.push({ ...t, normalized: PLACEHOLDERS[t.type] });
        continue;
      }
    }
    out.push(t);
  }
  return out;
}
