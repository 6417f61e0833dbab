import { cutPositions, type CountedText } from './chunker.js';
import type { MarkdownOutline } from './markdown-outline.js';

/** Unit starts of the whole text, each list computed when first asked for. */
export interface UnitFinders {
  paragraphs(): Iterable<number>;
  sentences(): Iterable<number>;
  words(): Iterable<number>;
  tokens(): Iterable<number>;
}

/**
 * Cut positions of the markdown boundary, coarsest first: heading sections (one level per heading
 * depth used, so a section too long is cut at its subsections), blocks, then also the end of a heading
 * right above a code block or table that fits a chunk (the requested boundary: the block is kept whole
 * rather than cut to follow its heading; one too long for any chunk keeps its heading), then sentences, words and tokens outside code blocks, tables and headings, then
 * lines anywhere (a code block or table longer than a chunk is cut between its lines), then words and
 * tokens anywhere. Until the last two, no position lies strictly inside a code block or table, and only
 * the ones just named end a chunk right after a heading.
 */
export function markdownLevels(text: string, outline: MarkdownOutline, find: UnitFinders, fits: (start: number, end: number) => boolean): Pick<CountedText, 'levels' | 'boundaryLevel' | 'positions'> {
  const { inside } = outline;
  const outside = (list: Iterable<number>): number[] => {
    const out: number[] = [];
    for (const p of list) if (!inside[p]) out.push(p);
    return out;
  };
  const depths = [...new Set(outline.headings.map((h) => h.depth))].sort((a, b) => a - b);
  const own: (() => Iterable<number>[])[] = [
    ...depths.map((d) => () => [outside(outline.headings.filter((h) => h.depth <= d).map((h) => h.start))]),
    () => [outside(outline.blocks)],
    () => [outline.afterHeadings.filter(([start, end]) => fits(start, end)).map(([start]) => start)],
    () => [outside(find.sentences()), outside(find.paragraphs())],
    () => [outside(find.words())],
    () => [outside(find.tokens())],
    () => [outline.lines],
    () => [find.words()],
    () => [find.tokens()],
  ];
  const cache: Int32Array[] = [];
  const get = (level: number): Int32Array => (cache[level] ??= cutPositions(text, ...own[level](), level > 0 ? get(level - 1) : []));
  return { levels: own.length, boundaryLevel: depths.length + 1, positions: get };
}
