import { ApiError, apiKey, call } from './api.js';
import { ChatEditor } from './chat.js';
import { byId, fmt, h } from './dom.js';
import { Panel, type PageContext } from './panel.js';
import { readState, writeState, type Boundary, type View } from './state.js';
import { Tooltip } from './tooltip.js';
import type { Info, ModelInfo } from '../src/generated/wire-types.js';

/** Typing pauses this long before the panels ask again (one request per panel per pause). */
const DEBOUNCE_MS = 250;

const state = readState(location.search);
const textBox = byId<HTMLTextAreaElement>('text');
const inputNote = byId('input-note');
const panelsEl = byId('panels');
const status = byId('status');
const chunkOptions = byId('chunk-options');
const maxTokens = byId<HTMLInputElement>('max-tokens');
const overlap = byId<HTMLInputElement>('overlap');
const boundary = byId<HTMLSelectElement>('boundary');
const whitespace = byId<HTMLInputElement>('whitespace');
const addModel = byId<HTMLSelectElement>('add-model');
const keyDialog = byId<HTMLDialogElement>('key-dialog');
const keyInput = byId<HTMLInputElement>('key-input');
const chat = new ChatEditor(byId('chat'), state, (now) => schedule(now));
const panels: Panel[] = [];
let models: ModelInfo[] = [];
let maxChars = Number.POSITIVE_INFINITY;
let timer: ReturnType<typeof setTimeout> | undefined;

const announce = (message: string) => { status.textContent = message; };

/** The text as sent: cut to the service's MAX_INPUT_CHARS (never inside a surrogate pair). */
function sendText(): string {
  if (state.text.length <= maxChars) return state.text;
  const cut = /[\uD800-\uDBFF]/.test(state.text[maxChars - 1]) ? maxChars - 1 : maxChars;
  return state.text.slice(0, cut);
}

/** Writes the state into the address bar (so the page can be shared) and says what it could not keep. */
function saveUrl(): void {
  state.models = panels.map((p) => p.model);
  const { search, left } = writeState(state);
  history.replaceState(null, '', search === '?' ? location.pathname : search);
  const notes: string[] = [];
  if (state.view !== 'chat' && state.text.length > maxChars) notes.push(`The text has ${fmt(state.text.length)} characters; the service takes ${fmt(maxChars)} (MAX_INPUT_CHARS), so only those are sent.`);
  if (left.length > 0) notes.push(`The ${left.join(' and the ')} ${left.length > 1 ? 'are' : 'is'} too long for the link: the link keeps the models and options without ${left.length > 1 ? 'them' : 'it'}.`);
  inputNote.textContent = notes.join(' ');
  inputNote.hidden = notes.length === 0;
}

function refreshAll(): void {
  for (const panel of panels) void panel.refresh();
}

/** Saves and refreshes now, or once the user pauses. */
function schedule(now: boolean): void {
  clearTimeout(timer);
  timer = setTimeout(() => { saveUrl(); refreshAll(); }, now ? 0 : DEBOUNCE_MS);
}

let asking: Promise<boolean> | null = null;
/** Asks for an API key (the service answered 401); resolves true once one is saved. */
function askForKey(): Promise<boolean> {
  asking ??= new Promise<boolean>((resolve) => {
    keyInput.value = '';
    keyDialog.addEventListener('close', () => {
      asking = null;
      const key = keyInput.value.trim();
      if (keyDialog.returnValue === 'save' && key) apiKey.set(key);
      resolve(keyDialog.returnValue === 'save' && key !== '');
    }, { once: true });
    keyDialog.returnValue = '';
    keyDialog.showModal();
  });
  return asking;
}

const context: PageContext = {
  state,
  get models() { return models; },
  tip: new Tooltip(byId('tip')),
  sendText,
  remove(panel) {
    panel.cancel();
    panel.el.remove();
    panels.splice(panels.indexOf(panel), 1);
    saveUrl();
  },
  modelChanged: saveUrl,
  select(source, token) {
    const span = (name: 'start' | 'stop') => (token && token.dataset[name] !== '' && state.view === 'tokens' ? Number(token.dataset[name]) : null);
    for (const panel of panels) panel.highlight(panel === source ? null : span('start'), span('stop'), panel === source ? token : null);
  },
  unauthorized() {
    void askForKey().then((saved) => { if (saved) refreshAll(); });
  },
  announce,
};

function addPanel(model: string): Panel {
  const panel = new Panel(context, model);
  panels.push(panel);
  panelsEl.append(panel.el);
  return panel;
}

/** Shows the controls of the current view. */
function showView(): void {
  byId('text-field').hidden = state.view === 'chat';
  chunkOptions.hidden = state.view !== 'chunks';
  byId<HTMLInputElement>(`view-${state.view}`).checked = true;
  chat.render();
}

/** Whether the service has POST /chat_tokenize (its OpenAPI document lists it): the chat view exists only then. */
async function hasChatRoute(): Promise<boolean> {
  try {
    const spec = await call<{ paths?: Record<string, { post?: unknown }> }>({ method: 'GET', path: '/openapi.json' });
    return spec.paths?.['/chat_tokenize']?.post !== undefined;
  } catch {
    return false;
  }
}

/** GET /info (the models and limits), asking for a key as long as the service answers 401. */
async function loadInfo(): Promise<Info | null> {
  for (;;) {
    try {
      return await call<Info>({ method: 'GET', path: '/info' });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401 && (await askForKey()))) {
        announce(`The page cannot start: ${err instanceof Error ? err.message : String(err)}. Reload to try again.`);
        return null;
      }
    }
  }
}

async function start(): Promise<void> {
  textBox.value = state.text;
  whitespace.checked = state.whitespace;
  maxTokens.value = String(state.maxTokens);
  overlap.value = String(state.overlap);
  boundary.value = state.boundary;
  const [info, chatRoute] = await Promise.all([loadInfo(), hasChatRoute()]);
  byId('chat-option').hidden = !chatRoute;
  const noChat = state.view === 'chat' && !chatRoute;
  if (noChat) state.view = 'tokens';
  showView();
  if (!info) return;
  if (noChat) announce('This service has no chat route (POST /chat_tokenize): showing tokens instead.');
  models = info.models.filter((m) => m.kind !== 'embedding');
  maxChars = info.limits.max_input_chars;
  addModel.replaceChildren(...models.map((m) => h('option', { value: m.name }, `${m.name} (${m.kind})`)));
  if (state.models.length === 0) state.models = [info.model_id, ...(info.model_id !== 'gpt-4o' && models.some((m) => m.name === 'gpt-4o') ? ['gpt-4o'] : [])];
  for (const model of state.models) addPanel(model);
  saveUrl();
  refreshAll();
}

textBox.addEventListener('input', () => {
  state.text = textBox.value;
  schedule(false);
});
for (const view of ['tokens', 'chunks', 'chat'] as View[]) {
  byId<HTMLInputElement>(`view-${view}`).addEventListener('change', () => {
    state.view = view;
    showView();
    schedule(true);
  });
}
whitespace.addEventListener('change', () => {
  state.whitespace = whitespace.checked;
  if (state.view === 'chunks') schedule(true);
  else {
    saveUrl();
    for (const panel of panels) void panel.redraw();
  }
});
chunkOptions.addEventListener('input', () => {
  state.maxTokens = Math.max(1, maxTokens.valueAsNumber || 1);
  state.overlap = Math.max(0, overlap.valueAsNumber || 0);
  state.boundary = boundary.value as Boundary;
  schedule(false);
});
byId('add').addEventListener('click', () => {
  void addPanel(addModel.value).refresh();
  saveUrl();
});
void start();
