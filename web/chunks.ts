import { fmt, h } from './dom.js';
import { visibleWhitespace } from './tokens.js';
import type { Chunk } from '../src/generated/wire-types.js';

/** Most chunks drawn, and most characters of a chunk shown (its start and end): enough to read the cuts. */
const MAX_CHUNKS = 200;
const MAX_CHARS = 400;

/**
 * Draws /chunk's answer: a track where each chunk is a band over the text (alternate rows, so overlaps
 * show), then one card per chunk with its token count, offsets and the overlap it shares with the previous one.
 */
export function drawChunks(container: HTMLElement, chunks: Chunk[], textLength: number, whitespace: boolean): void {
  const show = (s: string) => (whitespace ? visibleWhitespace(s) : s);
  const track = h('div', { class: 'track', 'aria-hidden': 'true' });
  const list = h('ol', { class: 'chunks', 'aria-label': 'Chunks' });
  chunks.slice(0, MAX_CHUNKS).forEach((c, i) => {
    const band = h('div', { class: `band h${(i % 2) * 9 + 2} row${i % 2}` }, String(c.token_count));
    band.style.left = `${(100 * c.start) / Math.max(1, textLength)}%`;
    band.style.width = `${(100 * (c.stop - c.start)) / Math.max(1, textLength)}%`;
    track.append(band);

    const overlap = i > 0 ? Math.max(0, chunks[i - 1].stop - c.start) : 0;
    const points = Array.from(c.text);
    const shared = points.slice(0, overlap).join('');
    const rest = points.slice(overlap);
    const body = rest.length > MAX_CHARS
      ? [show(rest.slice(0, MAX_CHARS - 100).join('')), h('span', { class: 'cut' }, ` … ${fmt(rest.length - MAX_CHARS)} characters not shown … `), show(rest.slice(-100).join(''))]
      : [show(rest.join(''))];
    const head = [`Chunk ${i + 1}`, `${fmt(c.token_count)} tokens`, `characters ${fmt(c.start)}–${fmt(c.stop)}`];
    if (overlap > 0) head.push(`${fmt(overlap)} shared with chunk ${i}`);
    if (c.split === 'fallback') head.push('cut inside a unit (fallback)');
    list.append(h('li', { class: `chunk h${(i % 2) * 9 + 2}`, 'data-testid': 'chunk', 'data-start': c.start, 'data-stop': c.stop, 'data-token-count': c.token_count },
      h('div', { class: 'chunk-head' }, head.join(' · ')),
      h('div', { class: 'chunk-text' }, ...(overlap > 0 ? [h('mark', { class: 'overlap', title: `shared with chunk ${i}` }, show(shared))] : []), ...body)));
  });
  container.replaceChildren(track, list);
  if (chunks.length > MAX_CHUNKS) container.append(h('p', { class: 'note' }, `Showing the first ${MAX_CHUNKS} of ${fmt(chunks.length)} chunks.`));
}
