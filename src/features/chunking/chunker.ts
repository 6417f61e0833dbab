/** Chunk boundaries, coarsest first (schemas/ChunkRequest.json `boundary`). */
export const BOUNDARIES = ['paragraph', 'sentence', 'word', 'token'] as const;
export type Boundary = (typeof BOUNDARIES)[number];

/** Level index past `token`: any code point boundary, the last resort when one token re-encodes too long. */
const CHAR_LEVEL = BOUNDARIES.length;

/** What the chunker needs of a text and a model (see counted-text.ts). */
export interface CountedText {
  readonly text: string;
  /** Special tokens the model adds to every chunk (0 without add_special_tokens). */
  readonly specials: number;
  /** Exact content tokens of text[start, end) encoded on its own (special tokens not counted). */
  count(start: number, end: number): number;
  /** Cheap estimate of `count` from the encoding of the whole text; never used for the answer. */
  estimate(start: number, end: number): number;
  /**
   * Allowed cut positions of a level (index into BOUNDARIES, at least the requested boundary's), sorted,
   * all > 0 and ending with text.length; each level holds every position of the coarser ones asked for.
   */
  positions(level: number): Int32Array;
}

export interface RawChunk {
  start: number;
  end: number;
  /** Tokens of text[start, end) encoded on its own, special tokens included. */
  tokens: number;
  /** A cut (start or end, input edges aside) is not on the requested boundary. */
  fallback: boolean;
}

/** Thrown when one code point alone needs more tokens than a chunk may hold. */
export class ChunkTooSmallError extends Error {
  constructor(readonly at: number, readonly tokens: number) {
    super('one character needs more tokens than a chunk may hold');
  }
}

/** Thrown when a text would give more than the allowed number of chunks. */
export class TooManyChunksError extends Error {}

/** First index of sorted `a` holding a value > x. */
export function after(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest index j in [from, to) with ok(j), for ok true then false along the range; -1 when ok(from) is false. Guided by a guess. */
function lastTrue(from: number, to: number, guess: number, ok: (j: number) => boolean): number {
  if (from >= to || !ok(from)) return -1;
  let lo = from; // ok
  let hi = to; // not ok (or past the end)
  let g = Math.min(Math.max(guess, from), to - 1);
  if (ok(g)) {
    lo = g;
    for (let step = 1; lo + step < to; step *= 2) {
      if (!ok(lo + step)) { hi = lo + step; break; }
      lo += step;
    }
  } else {
    hi = g;
    for (let step = 1; hi - step > from; step *= 2) {
      g = hi - step;
      if (ok(g)) { lo = g; break; }
      hi = g;
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Splits `src.text` into chunks of at most `maxTokens` tokens (each counted by encoding the chunk on its
 * own), cut at `boundary` positions; a unit longer than a chunk is cut at the next finer level (down to
 * code points) and its chunks are marked `fallback`. Consecutive chunks share a tail of at most
 * `overlapTokens` content tokens, starting on an allowed position. Chunks cover the text in order.
 */
export function chunkText(src: CountedText, boundary: Boundary, maxTokens: number, overlapTokens: number, maxChunks: number): RawChunk[] {
  const { text, specials } = src;
  const len = text.length;
  if (len === 0) return [];
  const k = BOUNDARIES.indexOf(boundary);
  const budget = maxTokens - specials;
  // A slice encoded on its own differs from the whole text's tokens only near its ends: a candidate
  // estimated far over a limit is refused without encoding it (else a long unit was re-encoded whole
  // for every chunk cut inside it). Only refusals are estimated; every accepted count is exact.
  const farOver = (s: number, e: number, limit: number) => src.estimate(s, e) > limit + 16 + (limit >> 2);
  const memo = new Map<number, number>();
  const count = (s: number, e: number): number => {
    const key = s * (len + 1) + e;
    let n = memo.get(key);
    if (n === undefined) memo.set(key, (n = src.count(s, e)));
    return n;
  };
  const charPositions = (from: number, to: number): Int32Array => {
    const out: number[] = [];
    for (let i = from; i < to;) {
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      out.push(Math.min(i, to));
    }
    return Int32Array.from(out);
  };
  const positionsOf = (level: number, lo: number, hi: number): Int32Array =>
    level < CHAR_LEVEL ? src.positions(level) : charPositions(lo, hi);
  /** Whether x is an input edge or a position of level k (the requested boundary). */
  const onBoundary = (x: number): boolean => {
    if (x === 0 || x === len) return true;
    const a = src.positions(k);
    const i = after(a, x - 1);
    return i < a.length && a[i] === x;
  };
  /** Largest end > lo of level `level` with text[start, end) within budget, or -1. */
  const endAt = (start: number, lo: number, level: number): number => {
    const next = src.positions(Math.min(level, CHAR_LEVEL - 1));
    const a = positionsOf(level, lo, next[after(next, lo)] ?? len);
    const from = after(a, lo);
    const ok = (j: number) => !farOver(start, a[j], budget) && count(start, a[j]) <= budget;
    const guess = lastTrue(from, a.length, from, (j) => src.estimate(start, a[j]) <= budget);
    const j = lastTrue(from, a.length, guess, ok);
    return j < 0 ? -1 : a[j];
  };
  const chunks: RawChunk[] = [];
  let start = 0;
  let startLevel = k;
  let prevEnd = 0;
  for (;;) {
    let end = -1;
    let level = k;
    // With an overlap, first try the overlapped start (cutting no finer than it is cut); else start fresh.
    if (start < prevEnd) {
      for (level = k; level <= startLevel && end < 0; level++) end = endAt(start, prevEnd, level);
      if (end < 0) start = prevEnd;
    }
    if (end < 0) for (level = k; level <= CHAR_LEVEL && end < 0; level++) end = endAt(start, prevEnd, level);
    if (end < 0) {
      const one = charPositions(start, start + 1)[0];
      throw new ChunkTooSmallError(start, count(start, one) + specials);
    }
    const endLevel = level - 1; // the loops stepped past the level that found `end`
    if (chunks.length >= maxChunks) throw new TooManyChunksError();
    chunks.push({ start, end, tokens: count(start, end) + specials, fallback: !onBoundary(start) || !onBoundary(end) });
    if (end === len) return chunks;
    prevEnd = end;
    start = overlapStart(start, end, endLevel);
    startLevel = endLevel;
  }

  /** Earliest position of `level` in (start, end) whose tail text[p, end) has at most overlapTokens tokens; `end` when none. */
  function overlapStart(start: number, end: number, level: number): number {
    if (overlapTokens === 0) return end;
    const a = positionsOf(level, start, end);
    const from = after(a, start);
    const to = after(a, end - 1); // positions < end
    // Along a, the tail shrinks: find the last position whose tail is still too long.
    const tooLong = (j: number) => farOver(a[j], end, overlapTokens) || count(a[j], end) > overlapTokens;
    const guess = lastTrue(from, to, from, (j) => src.estimate(a[j], end) > overlapTokens);
    const j = lastTrue(from, to, guess, tooLong);
    const first = j < 0 ? from : j + 1;
    return first < to && count(a[first], end) <= overlapTokens ? a[first] : end;
  }
}
