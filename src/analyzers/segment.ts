import type { Jieba } from '@node-rs/jieba';
import { segmentChinese } from './chinese.js';
import { segmentEnglish } from './english.js';
import { segmentOther } from './other-scripts.js';
import { scriptRuns, type Run } from './script-runs.js';
import { classify, findLinks, posOfType } from './token-type.js';
import type { AnalysisFlags, AnalyzerLanguage, RawToken } from './types.js';

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const NON_ASCII = /[\x80-\uffff]/;

/**
 * Segments a whole text: URLs and e-mails first (never split), then each remaining piece by the
 * segmenter of its language or script. The result is ordered, non-overlapping, covers every
 * non-space character, never splits a grapheme cluster, and holds whitespace tokens only when asked.
 */
export function segment(text: string, language: AnalyzerLanguage, jieba: Jieba, flags: AnalysisFlags): RawToken[] {
  let entityId = 0;
  const nextEntityId = () => entityId++;
  const tokens: RawToken[] = [];
  const segmentPiece = (start: number, end: number) => {
    if (start >= end) return;
    const runs: Run[] = language === 'multi' ? scriptRuns(text.slice(start, end))
      : [{ kind: language === 'en' ? 'latin' : 'han', start: 0, end: end - start }];
    for (const run of runs) {
      const piece = text.slice(start + run.start, start + run.end);
      const found = run.kind === 'latin' ? segmentEnglish(piece, flags, nextEntityId)
        : run.kind === 'han' ? segmentChinese(jieba, piece, flags, nextEntityId)
          : segmentOther(piece, flags);
      const shift = start + run.start;
      for (const t of found) tokens.push({ ...t, start: t.start + shift, end: t.end + shift });
    }
  };
  let cursor = 0;
  for (const link of findLinks(text)) {
    segmentPiece(cursor, link.start);
    const token: RawToken = { start: link.start, end: link.end, type: link.type };
    if (flags.pos) token.pos = 'SYM';
    if (flags.entities || flags.mergeEntities) Object.assign(token, { entity: link.type.toUpperCase(), entityId: nextEntityId() });
    tokens.push(token);
    cursor = link.end;
  }
  segmentPiece(cursor, text.length);
  return fillGaps(text, mergeInsideClusters(text, tokens.filter((t) => t.type !== 'whitespace')), flags);
}

/** Code units around a junction that grapheme segmentation looks at (clusters are far shorter). */
const CLUSTER_WINDOW = 64;

/**
 * Whether `pos` is a grapheme-cluster boundary of `text`. Segmenting only a window around it keeps this
 * linear: V8's Intl.Segmenter over a whole long text measured superlinear (docs/MEASUREMENTS.md).
 */
function isClusterBoundary(text: string, pos: number): boolean {
  if (pos <= 0 || pos >= text.length) return true;
  // Between two ASCII characters only CR LF is one cluster (UAX #29 GB3; every other joining rule needs a non-ASCII character).
  const [before, at] = [text.charCodeAt(pos - 1), text.charCodeAt(pos)];
  if (before < 0x80 && at < 0x80) return before !== 0x0d || at !== 0x0a;
  const from = Math.max(0, pos - CLUSTER_WINDOW);
  const window = text.slice(from, Math.min(text.length, pos + CLUSTER_WINDOW));
  return graphemes.segment(window).containing(pos - from)?.index === pos - from;
}

/** Joins neighbouring tokens whose boundary falls inside a grapheme cluster (emoji sequences, flags…). */
function mergeInsideClusters(text: string, tokens: RawToken[]): RawToken[] {
  if (!NON_ASCII.test(text)) return tokens;
  const out: RawToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.end === t.start && !isClusterBoundary(text, t.start)) {
      last.end = t.end;
      const joined = text.slice(last.start, last.end);
      if (last.type !== t.type) last.type = classify(joined);
      if (last.entityId !== t.entityId) {
        delete last.entity;
        delete last.entityId;
      }
      if (last.lemma !== undefined) last.lemma = joined.toLowerCase();
      if (last.stem !== undefined) last.stem = joined.toLowerCase();
    } else out.push({ ...t });
  }
  return out;
}

/**
 * Characters no segmenter returned: spaces become whitespace tokens when asked; anything else (which a
 * segmenter dropped) becomes a token of its own so that no input is lost.
 */
function fillGaps(text: string, tokens: RawToken[], flags: AnalysisFlags): RawToken[] {
  const out: RawToken[] = [];
  const gap = (start: number, end: number) => {
    for (const m of text.slice(start, end).matchAll(/\s+|\S+/gu)) {
      const type = /^\s/u.test(m[0]) ? 'whitespace' : classify(m[0]);
      if (type === 'whitespace' && !flags.includeWhitespace) continue;
      const token: RawToken = { start: start + m.index, end: start + m.index + m[0].length, type };
      if (flags.pos) token.pos = posOfType(type);
      out.push(token);
    }
  };
  let cursor = 0;
  for (const t of tokens) {
    if (t.start < cursor) continue; // a segmenter overlap: keep the first token
    gap(cursor, t.start);
    out.push(t);
    cursor = t.end;
  }
  gap(cursor, text.length);
  return out;
}
