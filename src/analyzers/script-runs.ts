/** Which segmenter a run of text goes to. */
type RunKind = 'latin' | 'han' | 'other';

export interface Run {
  kind: RunKind;
  start: number;
  end: number;
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const NO_SPACES = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Hangul}\p{Script=Tibetan}]/u;
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

type CharKind = RunKind | 'kana' | null;

function charKind(ch: string): CharKind {
  if (HAN.test(ch)) return 'han';
  if (KANA.test(ch)) return 'kana';
  if (NO_SPACES.test(ch)) return 'other';
  if (NEUTRAL.test(ch)) return null;
  return 'latin';
}

/**
 * Splits `text` into runs by script: Han → Chinese segmentation, Japanese (kana, and Han next to kana),
 * Thai, Lao, Khmer, Myanmar, Hangul, Tibetan → Intl.Segmenter, every other script → the rule tokenizer.
 * Script-neutral characters (digits, punctuation, spaces, emoji) stay with the run before them.
 */
export function scriptRuns(text: string): Run[] {
  const runs: { kind: RunKind | 'kana'; start: number; end: number }[] = [];
  let i = 0;
  let afterSpace = false;
  for (const ch of text) {
    const kind = charKind(ch);
    const last = runs[runs.length - 1];
    // Leading neutral characters join the first real run (it starts at 0). A space ends a run even
    // when the same script follows, so that "北京 東京は" keeps 北京 Chinese (see below).
    if (!last) {
      if (kind !== null) runs.push({ kind, start: 0, end: i + ch.length });
    } else if (kind === null || (kind === last.kind && !afterSpace)) last.end = i + ch.length;
    else runs.push({ kind, start: i, end: i + ch.length });
    if (kind !== null) afterSpace = false;
    else if (/\s/u.test(ch)) afterSpace = true;
    i += ch.length;
  }
  if (runs.length === 0 && text.length > 0) runs.push({ kind: 'latin', start: 0, end: text.length });
  // Han next to kana is Japanese (neighbouring runs always differ in kind, so one pass is enough).
  const kinds = runs.map((r) => r.kind);
  runs.forEach((r, k) => {
    if (r.kind === 'han' && (kinds[k - 1] === 'kana' || kinds[k + 1] === 'kana')) r.kind = 'kana';
  });
  const merged: Run[] = [];
  for (const r of runs) {
    const kind: RunKind = r.kind === 'kana' ? 'other' : r.kind;
    const last = merged[merged.length - 1];
    if (last && last.kind === kind) last.end = r.end;
    else merged.push({ kind, start: r.start, end: r.end });
  }
  return merged;
}
