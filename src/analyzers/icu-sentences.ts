/** Code units segmented at a time; a window holding fewer than two sentence breaks is doubled. */
const WINDOW = 1024;

/**
 * The sentence starts (0 left out) that `segmenter` (granularity `sentence`) finds in `text`, the same
 * as over the whole text but found window by window: V8 spends time proportional to the segmented
 * string's length on every segment it steps to, so one pass over a long text is quadratic
 * (docs/MEASUREMENTS.md).
 *
 * Why the windows give the same breaks (UAX #29 sentence rules): no rule looks back across a break, so
 * segmenting from a break on finds the breaks of the whole text after it. Only SB8 looks ahead further
 * than one character, and its look-ahead stops at a terminator or paragraph separator, one of which ends
 * every sentence; so a break followed by another break inside the window is final, and the next window
 * starts at the last final one.
 */
export function icuSentenceStarts(text: string, segmenter: Intl.Segmenter, window = WINDOW): number[] {
  const out: number[] = [];
  let from = 0;
  let size = window;
  for (;;) {
    const to = Math.min(text.length, from + size);
    const breaks: number[] = [];
    for (const s of segmenter.segment(text.slice(from, to))) if (s.index > 0) breaks.push(from + s.index);
    if (to === text.length) return out.concat(breaks);
    if (breaks.length < 2) {
      size *= 2;
      continue;
    }
    breaks.pop(); // the last break may move once the text after the window is seen
    for (const b of breaks) out.push(b);
    from = breaks[breaks.length - 1];
    size = window;
  }
}
