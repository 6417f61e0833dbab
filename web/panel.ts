import { ApiError, call, curlCommand, type ApiRequest } from './api.js';
import { drawChunks } from './chunks.js';
import { copyText, fmt, h } from './dom.js';
import { DRAW_STEP, moveFocus, TokenView, type ColorBy } from './render.js';
import type { PageState } from './state.js';
import { fromEncoding, fromWire, SourceText, utf8Hex, type ViewToken } from './tokens.js';
import type { Tooltip } from './tooltip.js';
import type { ChatTokenizeResponse, ChunkResponse, EncodeResponse, ModelInfo, Token, VocabResponse } from '../src/generated/wire-types.js';

const overlaps = (a: ViewToken, b: ViewToken) => a.start !== null && a.stop !== null && b.start !== null && b.stop !== null && a.start < b.stop && b.start < a.stop;

/** What a panel needs of the page. */
export interface PageContext {
  readonly state: PageState;
  readonly models: ModelInfo[];
  readonly tip: Tooltip;
  /** The text the service is sent (at most its MAX_INPUT_CHARS). */
  sendText(): string;
  remove(panel: Panel): void;
  modelChanged(): void;
  /** A token was clicked: highlight the same span in the other panels (null: clear). */
  select(panel: Panel, token: HTMLElement | null): void;
  unauthorized(): void;
  announce(message: string): void;
}

/**
 * One model's panel: asks the service for the current view (tokens, chunks or the chat prompt) and
 * draws the answer. Each refresh supersedes the previous one: its request is aborted and a late
 * answer is dropped, so what is shown is always the answer to the newest text.
 */
export class Panel {
  readonly el: HTMLElement;
  private readonly picker = h('select', { 'aria-label': 'Model' });
  private readonly count = h('span', { 'data-testid': 'token-count' }, '…');
  private readonly unit = h('span', {}, ' tokens');
  private readonly ratio = h('span', { class: 'ratio', 'data-testid': 'chars-per-token' });
  private readonly idsButton = h('button', { type: 'button', 'aria-pressed': 'false', title: 'Show token ids instead of text' }, 'IDs');
  private readonly colorPicker = h('select', { 'aria-label': 'Colour words by' },
    h('option', { value: 'pos' }, 'POS'), h('option', { value: 'type' }, 'type'), h('option', { value: 'entity' }, 'entity'));
  private readonly copyIds = h('button', { type: 'button' }, 'Copy ids');
  private readonly copyCurl = h('button', { type: 'button' }, 'Copy curl');
  private readonly note = h('p', { class: 'note', hidden: true });
  private readonly body = h('div', { class: 'body', role: 'group' });
  private readonly more = h('button', { type: 'button', class: 'more', hidden: true });
  private readonly legend = h('ul', { class: 'legend', 'aria-label': 'Legend', hidden: true });
  private showIds = false;
  private colorBy: Exclude<ColorBy, 'id'> = 'pos';
  /** The tokens of the last answer and the text they index; `view` draws them. */
  private content: { source: SourceText; tokens: ViewToken[] } | null = null;
  private view: TokenView | null = null;
  private request: ApiRequest | null = null;
  private ids: (number | null)[] | null = null;
  private seq = 0;
  /** Vocabulary strings looked up by id (GET /vocab) for tokens whose answer lacks them (the chat view's), per `model:id`. */
  private readonly vocabulary = new Map<string, string | null | Promise<string | null>>();
  private controller: AbortController | null = null;

  constructor(private readonly ctx: PageContext, public model: string) {
    const remove = h('button', { type: 'button', class: 'remove', 'aria-label': 'Remove this panel', title: 'Remove this panel' }, '×');
    this.el = h('section', { class: 'panel', 'data-model': model, 'aria-busy': 'false' },
      h('header', { class: 'panel-head' }, this.picker, h('span', { class: 'stats' }, this.count, this.unit, this.ratio),
        h('span', { class: 'actions' }, this.idsButton, this.colorPicker, this.copyIds, this.copyCurl, remove)),
      this.note, this.body, this.more, this.legend);
    remove.addEventListener('click', () => ctx.remove(this));
    this.picker.addEventListener('change', () => {
      this.model = this.picker.value;
      ctx.modelChanged();
      void this.refresh();
    });
    this.idsButton.addEventListener('click', () => {
      this.showIds = !this.showIds;
      this.idsButton.setAttribute('aria-pressed', String(this.showIds));
      void this.redraw();
    });
    this.colorPicker.addEventListener('change', () => {
      this.colorBy = this.colorPicker.value as typeof this.colorBy;
      void this.redraw();
    });
    this.copyIds.addEventListener('click', () => void this.copy('ids', this.ids && JSON.stringify(this.ids)));
    this.copyCurl.addEventListener('click', () => void this.copy('curl command', this.request && curlCommand(this.request)));
    this.more.addEventListener('click', () => {
      const view = this.view;
      if (!view) return;
      this.more.disabled = true;
      void view.drawMore().then(() => { if (view === this.view) this.afterDraw(); });
    });
    this.body.addEventListener('mouseover', (e) => this.inspect(e.target));
    this.body.addEventListener('focusin', (e) => this.inspect(e.target));
    this.body.addEventListener('mouseout', (e) => ctx.tip.hide(e.target as HTMLElement));
    this.body.addEventListener('focusout', (e) => ctx.tip.hide(e.target as HTMLElement));
    this.body.addEventListener('click', (e) => this.choose(e.target));
    this.body.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.choose(e.target);
      } else moveFocus(e, this.body);
    });
    this.configure();
  }

  private get info(): ModelInfo | undefined {
    return this.ctx.models.find((m) => m.name === this.model);
  }

  private get isAnalyzer(): boolean {
    return this.info?.kind === 'analyzer';
  }

  /** Settles the header for the model: its name, and the controls that apply to it. */
  private configure(): void {
    this.el.dataset.model = this.model;
    this.el.setAttribute('aria-label', `Model ${this.model}`);
    const view = this.ctx.state.view;
    this.body.setAttribute('aria-label', view === 'chunks' ? `Chunks of ${this.model}` : `Tokens of ${this.model}: arrow keys move between tokens, Enter highlights the span in the other panels`);
    const names = this.ctx.models.map((m) => m.name);
    this.picker.replaceChildren(...(names.includes(this.model) ? names : [this.model, ...names]).map((n) => h('option', { value: n, selected: n === this.model }, n)));
    this.colorPicker.hidden = !this.isAnalyzer || view !== 'tokens';
    this.idsButton.hidden = this.isAnalyzer || view === 'chunks';
    this.copyIds.hidden = view === 'chunks';
  }

  /** The request for the current view; the copied curl command repeats it. */
  private requestFor(state: PageState, text: string): ApiRequest {
    const model = this.model;
    if (state.view === 'chunks') {
      return { method: 'POST', path: '/chunk', body: { inputs: text, model, max_tokens: state.maxTokens, overlap_tokens: state.overlap, boundary: state.boundary } };
    }
    if (state.view === 'chat') {
      return { method: 'POST', path: '/chat_tokenize', body: { model, messages: state.messages, add_generation_prompt: state.generationPrompt } };
    }
    if (this.isAnalyzer) return { method: 'POST', path: '/tokenize', body: { inputs: text, model, pos: true, entities: true } };
    return { method: 'POST', path: '/encode', body: { inputs: text, model, return_tokens: true, return_offsets: true, return_special_tokens_mask: true } };
  }

  /** Asks for the current state's view and draws the answer, unless a newer refresh started meanwhile. */
  async refresh(): Promise<void> {
    const { state } = this.ctx;
    this.configure();
    const text = this.ctx.sendText();
    const request = this.requestFor(state, text);
    const seq = ++this.seq;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.el.setAttribute('aria-busy', 'true');
    try {
      const answer = await call<unknown>(request, controller.signal);
      if (seq !== this.seq) return;
      this.request = request;
      await this.show(state, answer, text);
    } catch (err) {
      if (seq !== this.seq) return;
      this.request = request;
      this.fail(state, err);
    } finally {
      if (seq === this.seq) this.el.setAttribute('aria-busy', 'false');
    }
  }

  /** Stops whatever is in flight (the panel is going away). */
  cancel(): void {
    this.seq++;
    this.controller?.abort();
  }

  /** Draws an answer; resolves once drawn. */
  private show(state: PageState, answer: unknown, text: string): Promise<void> {
    this.note.hidden = true;
    if (state.view === 'chunks') {
      const chunks = (answer as ChunkResponse).chunks[0];
      this.content = null;
      this.view?.stop();
      this.view = null;
      this.ids = null;
      this.setStats('', `${fmt(chunks.length)} chunks`, '');
      drawChunks(this.body, chunks, Array.from(text).length, state.whitespace);
      this.afterDraw();
      return Promise.resolve();
    }
    let source: SourceText;
    let tokens: ViewToken[];
    if (state.view === 'chat') {
      const chat = answer as ChatTokenizeResponse;
      source = new SourceText(chat.templated_text);
      tokens = fromWire(chat.tokenize_response);
    } else {
      source = new SourceText(text);
      tokens = this.isAnalyzer ? fromWire((answer as Token[][])[0]) : fromEncoding(answer as EncodeResponse);
    }
    // Word analyzers give no ids; a chat prompt may hold markers whose ids are not public (null in the copy).
    this.ids = tokens.some((t) => t.id !== null) ? tokens.map((t) => t.id) : null;
    const perToken = tokens.length === 0 ? '' : ` · ${(source.points.length / tokens.length).toFixed(2)} chars/token`;
    this.setStats(String(tokens.length), state.view === 'chat' ? ' tokens in the templated prompt' : ' tokens', perToken);
    this.content = { source, tokens };
    return this.redraw();
  }

  private setStats(count: string, unit: string, ratio: string): void {
    this.count.textContent = count;
    this.unit.textContent = unit;
    this.ratio.textContent = ratio;
  }

  /** Draws the tokens again with the current display options (ids or text, colours, whitespace); resolves once drawn. */
  async redraw(): Promise<void> {
    if (!this.content) return;
    const { source, tokens } = this.content;
    this.view?.stop();
    const view = new TokenView(this.body, source, tokens, {
      ids: this.showIds && !this.isAnalyzer, whitespace: this.ctx.state.whitespace, colorBy: this.isAnalyzer ? this.colorBy : 'id',
    });
    this.view = view;
    this.more.hidden = true;
    await view.drawMore();
    if (view === this.view) this.afterDraw();
  }

  private afterDraw(): void {
    const view = this.view;
    const left = view ? view.tokens.length - view.drawnCount : 0;
    this.more.hidden = left === 0;
    this.more.disabled = false;
    this.more.textContent = `Draw ${fmt(Math.min(left, DRAW_STEP))} more tokens`;
    if (view && left > 0) {
      this.note.hidden = false;
      this.note.textContent = `Drawing ${fmt(view.drawnCount)} of ${fmt(view.tokens.length)} tokens: long texts are drawn ${fmt(DRAW_STEP)} at a time (the count, ids and copies cover them all).`;
    } else if (view) this.note.hidden = true;
    this.copyIds.disabled = this.ids === null;
    this.legend.hidden = !view || !this.isAnalyzer || this.ctx.state.view !== 'tokens';
    if (!this.legend.hidden && view) {
      this.legend.replaceChildren(...[...view.values].map(([value, hue]) => h('li', {}, h('span', { class: `swatch${hue === null ? '' : ` h${hue}`}` }), value)));
      if (view.values.size === 0) this.legend.append(h('li', {}, `no ${this.colorBy} in this text`));
    }
  }

  private fail(state: PageState, err: unknown): void {
    this.content = null;
    this.view?.stop();
    this.view = null;
    this.ids = null;
    this.setStats('', '', '');
    this.legend.hidden = true;
    this.more.hidden = true;
    this.note.hidden = true;
    this.copyIds.disabled = true;
    let message = err instanceof Error ? err.message : String(err);
    if (err instanceof ApiError) {
      if (err.status === 401) this.ctx.unauthorized();
      if (state.view === 'chat') message = `No chat prompt for ${this.model}: ${err.message}`;
      message = `${message} (${err.code})`;
    }
    this.body.replaceChildren(h('p', { class: 'error', role: 'status' }, message));
  }

  private tokenOf(target: EventTarget | null): { el: HTMLElement; token: ViewToken } | null {
    const el = (target as HTMLElement | null)?.closest?.<HTMLElement>('.tok');
    const token = el && this.view?.tokens[Number(el.dataset.index)];
    return el && token ? { el, token } : null;
  }

  /**
   * A token's vocabulary string: from the answer (/encode's tokens), else looked up once by id (the
   * chat view's tokens carry the covered text only); null for ids without one (word analyzers).
   */
  private vocabOf(t: ViewToken): string | null | Promise<string | null> {
    if (t.vocab !== null || t.id === null || this.isAnalyzer) return t.vocab;
    const key = `${this.model}:${t.id}`;
    if (!this.vocabulary.has(key)) {
      const path = `/vocab?${new URLSearchParams({ model: this.model, limit: '0', id: String(t.id) })}`;
      const lookup = call<VocabResponse>({ method: 'GET', path })
        .then((answer) => answer.ids?.[0]?.token ?? null, () => null)
        .then((token) => {
          this.vocabulary.set(key, token);
          return token;
        });
      this.vocabulary.set(key, lookup);
    }
    return this.vocabulary.get(key) ?? null;
  }

  /** Shows a token's id, vocabulary string, offsets and bytes in the tooltip. */
  private inspect(target: EventTarget | null): void {
    const found = this.tokenOf(target);
    if (!found || !this.view) return;
    const { el, token: t } = found;
    const vocab = this.vocabOf(t);
    if (vocab instanceof Promise) {
      // Shown at once without it, then again with it if the token is still the one shown.
      void vocab.then((v) => { if (v !== null && this.ctx.tip.shows(el)) this.inspect(el); });
    }
    const covered = t.start === null || t.stop === null ? t.vocab ?? '' : this.view.source.slice(t.start, t.stop);
    const rows: [string, string][] = [['id', t.id !== null ? String(t.id) : this.isAnalyzer ? 'none (a word analyzer has no vocabulary)' : 'none given by the service']];
    if (typeof vocab === 'string') rows.push(['vocabulary', vocab]);
    rows.push(['text', JSON.stringify(covered)]);
    rows.push(['offsets', t.start === null ? 'none: added by the model' : `${t.start}–${t.stop} (code points)`]);
    rows.push(['UTF-8', utf8Hex(covered) || '(empty)']);
    const at = Number(el.dataset.index);
    const shares = [this.view.tokens[at - 1], this.view.tokens[at + 1]].some((n) => n && overlaps(n, t));
    if (shares) rows.push(['note', 'a piece of a character split over several tokens: the offsets and bytes are the whole character\'s']);
    if (t.special) rows.push(['special', 'yes']);
    if (t.word) {
      for (const [name, value] of [['type', t.word.type], ['POS', t.word.pos && (t.word.tag ? `${t.word.pos} (${t.word.tag})` : t.word.pos)], ['entity', t.word.entity], ['normalized', t.word.normalized]]) {
        if (value && !(name === 'normalized' && value === covered)) rows.push([name as string, value]);
      }
    }
    this.ctx.tip.show(el, rows);
    if (el.tabIndex !== 0) {
      this.body.querySelector<HTMLElement>('.tok[tabindex="0"]')?.setAttribute('tabindex', '-1');
      el.tabIndex = 0;
    }
  }

  private choose(target: EventTarget | null): void {
    const found = this.tokenOf(target);
    if (found) this.ctx.select(this, found.el.getAttribute('aria-pressed') === 'true' ? null : found.el);
  }

  /** Marks this panel's tokens overlapping [start, stop) (another panel's selection), or the selected token itself. */
  highlight(start: number | null, stop: number | null, selected: HTMLElement | null): void {
    for (const el of this.body.querySelectorAll<HTMLElement>('.tok')) {
      const s = el.dataset.start;
      const on = start !== null && stop !== null && s !== '' && Number(s) < stop && Number(el.dataset.stop) > start;
      el.classList.toggle('hl', on && !selected);
      if (el === selected) el.setAttribute('aria-pressed', 'true');
      else el.removeAttribute('aria-pressed');
    }
  }

  private async copy(what: string, text: string | null): Promise<void> {
    if (text === null) return;
    this.ctx.announce((await copyText(text)) ? `Copied the ${what} of ${this.model}.` : `Could not copy the ${what}.`);
  }
}
