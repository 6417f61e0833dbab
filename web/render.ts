import { h } from './dom.js';
import { visibleWhitespace, type SourceText, type ViewToken } from './tokens.js';

/** What colours a token: its id (subword tokenizers) or one of a word's fields (word analyzers). */
export type ColorBy = 'id' | 'pos' | 'type' | 'entity';

/** Known values of each word field, in legend order; each has its own hue (the CSS classes h0…h17). */
const WORD_VALUES: Record<Exclude<ColorBy, 'id'>, string[]> = {
  pos: ['NOUN', 'PROPN', 'VERB', 'AUX', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CCONJ', 'SCONJ', 'PART', 'INTJ', 'PUNCT', 'SYM', 'X', 'SPACE'],
  type: ['word', 'number', 'ordinal', 'time', 'currency', 'punctuation', 'symbol', 'url', 'email', 'mention', 'hashtag', 'emoji', 'emoticon', 'whitespace', 'entity'],
  entity: ['PERSON', 'LOCATION', 'ORGANIZATION', 'DATE', 'TIME', 'DURATION', 'MONEY', 'PERCENT', 'CARDINAL', 'ORDINAL', 'URL', 'EMAIL', 'HASHTAG', 'MENTION', 'EMOJI', 'EMOTICON'],
};
const HUES = 18;

/** The value a token is coloured by and its hue class (null value: no colour, e.g. a word outside any entity). */
function colorOf(token: ViewToken, by: ColorBy): { value: string | null; hue: number | null } {
  if (by === 'id') return { value: null, hue: token.id === null ? null : (Math.imul(token.id + 1, 0x9e3779b1) >>> 0) % HUES };
  const value = token.word?.[by] ?? null;
  if (value === null) return { value, hue: null };
  const known = WORD_VALUES[by].indexOf(value);
  // Steps of 7 hue classes (coprime with 18): values next to each other in the legend get distant colours.
  return { value, hue: ((known >= 0 ? known : WORD_VALUES[by].length + value.length) * 7) % HUES };
}

interface DrawOptions {
  ids: boolean;
  whitespace: boolean;
  colorBy: ColorBy;
}

/** Tokens drawn per step the user asks for: a long text never fills the page with elements at once. */
export const DRAW_STEP = 5_000;
/** Tokens drawn per task within a step: the page stays responsive (typing, scrolling) while a step is drawn. */
const BATCH = 400;

/**
 * Draws a token list over its source text into a container: one focusable element per token, the
 * text between tokens (what a tokenizer drops, such as BERT's spaces) as plain text. Draws in steps,
 * each in batches of separate tasks; a view that is replaced stops drawing.
 */
export class TokenView {
  private drawn = 0;
  /** Code points of the source already drawn (byte-level tokens can share one character). */
  private covered = 0;
  private stopped = false;
  /** Values of the coloured field met so far, for the legend. */
  readonly values = new Map<string, number | null>();

  constructor(readonly el: HTMLElement, readonly source: SourceText, readonly tokens: ViewToken[], readonly options: DrawOptions) {
    el.replaceChildren();
    el.classList.toggle('ids', options.ids);
  }

  get drawnCount(): number {
    return this.drawn;
  }

  /** Stops drawing (a newer view replaces this one). */
  stop(): void {
    this.stopped = true;
  }

  /** Draws up to `count` more tokens, the first batch at once; resolves when done or stopped. */
  drawMore(count = DRAW_STEP): Promise<void> {
    const end = Math.min(this.tokens.length, this.drawn + count);
    return new Promise((resolve) => {
      const next = () => {
        if (this.stopped) return resolve();
        this.drawUpTo(Math.min(end, this.drawn + BATCH));
        if (this.drawn < end) setTimeout(next, 0);
        else resolve();
      };
      next();
    });
  }

  private drawUpTo(end: number): void {
    const { ids, whitespace, colorBy } = this.options;
    const show = (s: string) => (whitespace ? visibleWhitespace(s) : s);
    const gap = (s: string) => h('span', { class: 'gap' }, show(s));
    const frag = document.createDocumentFragment();
    for (let i = this.drawn; i < end; i++) {
      const t = this.tokens[i];
      let text = t.vocab ?? '';
      if (t.start !== null && t.stop !== null) {
        if (t.start > this.covered && !ids) frag.append(gap(this.source.slice(this.covered, t.start)));
        text = this.source.slice(Math.max(t.start, this.covered), t.stop);
        this.covered = Math.max(this.covered, t.stop);
      }
      const { value, hue } = colorOf(t, colorBy);
      if (value !== null) this.values.set(value, hue);
      const label = [JSON.stringify(text), t.id === null ? '' : `id ${t.id}`, t.special ? 'special token' : '', value ?? ''].filter(Boolean).join(', ');
      frag.append(h('span', {
        class: `tok ${hue === null ? 'plain' : `h${hue}`}${t.special ? ' special' : ''}${text === '' ? ' empty' : ''}`,
        role: 'button', tabindex: i === 0 ? 0 : -1, 'aria-label': label,
        'data-index': i, 'data-token-id': t.id ?? '', 'data-start': t.start ?? '', 'data-stop': t.stop ?? '',
      }, ids ? String(t.id ?? '–') : show(text)));
    }
    this.drawn = end;
    if (end === this.tokens.length && !ids && this.covered < this.source.points.length) {
      frag.append(gap(this.source.slice(this.covered, this.source.points.length)));
    }
    this.el.append(frag);
  }
}

/** Arrow keys, Home and End move the focus between tokens (one tab stop per panel: the focused token). */
export function moveFocus(event: KeyboardEvent, container: HTMLElement): void {
  const current = event.target as HTMLElement;
  if (!current.classList.contains('tok')) return;
  const all = container.querySelectorAll<HTMLElement>('.tok');
  const at = Number(current.dataset.index);
  const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
  const next = to === undefined ? undefined : all[Math.max(0, Math.min(all.length - 1, to))];
  if (!next) return;
  event.preventDefault();
  current.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
