import MarkdownIt from 'markdown-it';
import { after } from './chunker.js';

/** A top-level ATX or setext heading. */
export interface Heading {
  /** UTF-16 offset of the start of its first line. */
  start: number;
  depth: number;
  /** Its text as written, without the # marks or the setext underline, trimmed. */
  text: string;
}

/** The block structure of a Markdown text, as UTF-16 offsets into it. */
export interface MarkdownOutline {
  headings: Heading[];
  /** Sorted starts of the lines where blocks begin (any nesting: paragraphs, lists, items, quotes, code, tables and their rows, HTML, breaks, headings). */
  blocks: number[];
  /** Sorted starts of every line. */
  lines: number[];
  /**
   * 1 where a cut would split a code block or a table, or leave a heading at a chunk's end: strictly
   * inside a code block or table, and after a heading's first character up to the next block's start.
   */
  inside: Uint8Array;
  /** Code blocks and tables right after a heading: [start, start of the next block); cut at `start` only to keep the block whole. */
  afterHeadings: [number, number][];
}

// CommonMark with GFM's block extension (tables). Only the block pass runs: inline parsing (links,
// emphasis) is never needed to find blocks, and it is most of markdown-it's time.
const parser = new MarkdownIt('commonmark').enable(['table']);
parser.core.ruler.enableOnly(['normalize', 'block']);

/** Starts of the lines of `text`, as markdown-it counts them (CR LF, CR and LF end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * The outline of `text` parsed as CommonMark + GFM by markdown-it, whose block tokens carry the lines
 * they span (its normalization keeps line numbers: only line endings and NUL change). Headings inside
 * containers (block quotes, list items) open no section.
 */
export function markdownOutline(text: string): MarkdownOutline {
  const lines = lineStarts(text);
  const lineAt = (i: number) => lines[i] ?? text.length;
  const lineText = (i: number) => text.slice(lineAt(i), lineAt(i + 1)).replace(/\r?\n$|\r$/, '');
  const tokens = parser.parse(text, {});
  const blocks: number[] = [];
  const headings: Heading[] = [];
  const leaves: { start: number; end: number; heading: boolean }[] = [];
  const leafEnds = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok.map || tok.nesting === -1 || tok.type === 'inline') continue;
    const [first, end] = tok.map;
    const start = lineAt(first);
    if (blocks[blocks.length - 1] !== start) blocks.push(start);
    if (tok.type === 'fence' || tok.type === 'code_block' || tok.type === 'table_open') {
      leaves.push({ start, end: lineAt(end), heading: false });
      leafEnds.set(start, lineAt(end));
    }
    if (tok.type !== 'heading_open') continue;
    leaves.push({ start, end: start, heading: true });
    if (tok.level > 0) continue;
    const content = tokens[i + 1].content;
    let written: string;
    if (tok.markup.startsWith('#')) {
      // One line: the normalized content sits in the line where it was read (NUL became U+FFFD, same length).
      const line = lineText(first);
      const from = /^ *#+/.exec(line)![0].length;
      const at = content === '' ? -1 : line.replace(/\0/g, '\ufffd').indexOf(content, from);
      written = at < 0 ? content : line.slice(at, at + content.length);
    } else {
      written = text.slice(start, lineAt(end - 2) + lineText(end - 2).length).trim();
    }
    headings.push({ start, depth: Number(tok.tag.slice(1)), text: written });
  }
  const inside = new Uint8Array(text.length + 1);
  const afterHeadings: [number, number][] = [];
  for (const leaf of leaves) {
    if (!leaf.heading) inside.fill(1, leaf.start + 1, leaf.end);
    else {
      // A heading goes with what follows it: no cut up to and including the next block's start.
      const next = blocks[after(blocks, leaf.start)] ?? text.length;
      inside.fill(1, leaf.start + 1, Math.min(next + 1, text.length));
      const leafEnd = leafEnds.get(next);
      if (leafEnd !== undefined) afterHeadings.push([next, blocks[after(blocks, leafEnd - 1)] ?? text.length]);
    }
  }
  return { headings, blocks, lines, inside, afterHeadings };
}

/** Whether `text` may hold a heading (an ATX opening or a setext underline line); false skips the parse. */
export function mayHaveHeadings(text: string): boolean {
  return /^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/m.test(text);
}

/** The heading path at any offset: the headings enclosing it, outermost first (a heading encloses from its first line on). */
export function headingPaths(headings: Heading[]): (at: number) => string[] {
  const stack: Heading[] = [];
  const paths = headings.map((h) => {
    while (stack.length > 0 && stack[stack.length - 1].depth >= h.depth) stack.pop();
    stack.push(h);
    return stack.map((x) => x.text);
  });
  const starts = headings.map((h) => h.start);
  return (at) => paths[after(starts, at) - 1] ?? [];
}

/**
 * The breadcrumb `include_headings` puts before a chunk's text ("Install > From npm\n\n", or "" outside
 * any heading), given the heading path at the chunk's start: the innermost headings whose breadcrumb
 * counts at most `limit` tokens (outer ones are left out first; a heading alone over it leaves none),
 * so that a long heading (a setext heading can hold a whole paragraph) never crowds out the text.
 * Memoized per path.
 */
export function breadcrumbs(pathAt: (at: number) => string[], count: (text: string) => number, limit: number): (at: number) => string {
  const memo = new Map<string[], string>();
  return (at) => {
    const path = pathAt(at);
    let prefix = memo.get(path);
    if (prefix === undefined) {
      prefix = '';
      for (let i = path.length - 1; i >= 0; i--) {
        const longer = `${path.slice(i).join(' > ')}\n\n`;
        if (count(longer) > limit) break;
        prefix = longer;
      }
      memo.set(path, prefix);
    }
    return prefix;
  };
}
