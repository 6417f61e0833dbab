import { sliceEncoding, type Encoding } from './encoding.js';

export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';
export type Side = 'left' | 'right';

/**
 * Hugging Face's Encoding::truncate: keeps `maxLen` tokens (from the start for `right`, from the end for
 * `left`) and puts the rest into overflowing windows of `maxLen` tokens overlapping by `stride`.
 */
function truncate(e: Encoding, maxLen: number, stride: number, direction: Side): Encoding {
  const n = e.ids.length;
  if (maxLen >= n) return e;
  if (maxLen === 0) {
    const out = sliceEncoding(e, 0, 0);
    out.overflowing = [sliceEncoding(e, 0, n)];
    return out;
  }
  const step = maxLen - stride;
  if (step <= 0) throw new Error(`stride ${stride} must be smaller than the ${maxLen} tokens kept per window`);
  const ranges: [number, number][] = [];
  if (direction === 'right') {
    for (let start = 0; start < n; start += step) {
      const stop = Math.min(start + maxLen, n);
      ranges.push([start, stop]);
      if (stop === n) break;
    }
  } else {
    for (let last = n - 1; last >= 0; last -= step) {
      const stop = last + 1;
      const start = Math.max(0, stop - maxLen);
      ranges.push([start, stop]);
      if (start === 0) break;
    }
  }
  const [first, ...rest] = ranges.map(([a, b]) => sliceEncoding(e, a, b));
  first.overflowing = rest;
  return first;
}

/**
 * Hugging Face's truncate_encodings for one sequence or a pair; `maxLength` excludes special tokens.
 * Throws a message (for a 422) when the strategy cannot reach the length.
 */
export function truncatePair(
  a: Encoding, b: Encoding | null, maxLength: number, strategy: TruncationStrategy, stride: number, direction: Side,
): [Encoding, Encoding | null] {
  if (maxLength === 0) return [truncate(a, 0, stride, direction), b && truncate(b, 0, stride, direction)];
  const total = a.ids.length + (b?.ids.length ?? 0);
  if (total <= maxLength) return [a, b];
  const toRemove = total - maxLength;
  if (strategy === 'longest_first') {
    if (!b) {
      checkStride(maxLength, a.ids.length, stride);
      return [truncate(a, maxLength, stride, direction), null];
    }
    // n1: the shorter sequence's budget, n2 the longer's (swapped back below).
    const swap = a.ids.length > b.ids.length;
    let n1 = Math.min(a.ids.length, b.ids.length);
    let n2 = n1 > maxLength ? n1 : Math.max(n1, maxLength - n1);
    if (n1 + n2 > maxLength) {
      n1 = Math.floor(maxLength / 2);
      n2 = n1 + (maxLength % 2);
    }
    if (swap) [n1, n2] = [n2, n1];
    checkStride(n1, a.ids.length, stride);
    checkStride(n2, b.ids.length, stride);
    return [truncate(a, n1, stride, direction), truncate(b, n2, stride, direction)];
  }
  const targetIsFirst = strategy === 'only_first';
  const target = targetIsFirst ? a : b;
  if (!target) throw new Error("truncation 'only_second' needs a text_pair");
  if (target.ids.length <= toRemove) throw new Error(`truncation '${strategy}' cannot reach max_length: the sequence to cut is too short`);
  const keep = target.ids.length - toRemove;
  checkStride(keep, target.ids.length, stride);
  const cut = truncate(target, keep, stride, direction);
  return targetIsFirst ? [cut, b] : [a, cut];
}

/** Hugging Face asserts stride < kept length (a panic there); here it is a client error. */
function checkStride(keep: number, length: number, stride: number): void {
  if (keep < length && keep > 0 && stride >= keep) {
    throw new Error(`stride ${stride} must be smaller than the ${keep} tokens kept per window`);
  }
}

export interface PadToken {
  id: number;
  token: string;
}

/** Hugging Face's Encoding::pad (overflowing windows too): pad tokens have attention 0 and special mask 1. */
export function pad(e: Encoding, target: number, padToken: PadToken, side: Side): void {
  for (const o of e.overflowing) pad(o, target, padToken, side);
  const n = target - e.ids.length;
  if (n <= 0) return;
  // concat, not push(...padding): spreading a long array overflows the call stack.
  const fill = <T>(arr: T[], value: T): T[] => {
    const padding = new Array<T>(n).fill(value);
    return side === 'left' ? padding.concat(arr) : arr.concat(padding);
  };
  e.ids = fill(e.ids, padToken.id);
  e.tokens = fill(e.tokens, padToken.token);
  e.offsets = fill(e.offsets, [0, 0] as [number, number]);
  e.specialMask = fill(e.specialMask, 1);
  e.added = fill(e.added, true);
  e.wordIds = fill(e.wordIds, null);
  e.typeIds = fill(e.typeIds, 0);
  e.sequenceIds = fill(e.sequenceIds, null);
  e.attentionMask = fill(e.attentionMask, 0);
}

/** Encodings that padding fills: each one and its overflowing windows. */
export function countWindows(e: Encoding): number {
  return e.overflowing.reduce((n, o) => n + countWindows(o), 1);
}

/** The padded length: `longest` in the batch or `maxLength`, rounded up to a multiple. */
export function padTarget(encodings: Encoding[], mode: 'longest' | 'max_length', maxLength: number | undefined, multiple: number | undefined): number {
  let target = mode === 'max_length' ? maxLength! : Math.max(0, ...encodings.map((e) => e.ids.length));
  if (multiple && target % multiple > 0) target += multiple - (target % multiple);
  return target;
}
