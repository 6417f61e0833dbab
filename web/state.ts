export type View = 'tokens' | 'chunks' | 'chat';
export type Boundary = 'paragraph' | 'sentence' | 'word' | 'token';
const VIEWS: View[] = ['tokens', 'chunks', 'chat'];
const BOUNDARIES: Boundary[] = ['paragraph', 'sentence', 'word', 'token'];

/** A chat message as the editor holds it: a role and its text (POST /chat_tokenize also takes OpenAI's content parts). */
export interface EditedMessage {
  role: string;
  content: string;
}

/** Everything a shared link restores. */
export interface PageState {
  models: string[];
  text: string;
  view: View;
  whitespace: boolean;
  maxTokens: number;
  overlap: number;
  boundary: Boundary;
  messages: EditedMessage[];
  generationPrompt: boolean;
}

const SAMPLE_TEXT = 'Tokenizers cut text into pieces: "unbelievably" → un·believ·ably?\nJohn paid $5 in Paris on March 3, 2024. 我喜欢吃披萨！ 😀';

const DEFAULTS: PageState = {
  models: [], text: SAMPLE_TEXT, view: 'tokens', whitespace: false, maxTokens: 16, overlap: 4, boundary: 'sentence',
  messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'How many tokens is this?' }],
  generationPrompt: true,
};

/**
 * Longest text (percent-encoded) kept in the link: the whole request line must stay under the
 * service's 16 KB header limit (a longer link would be refused with 431 before the page loads).
 */
const URL_TEXT_LIMIT = 8_000;

const int = (value: string | null, fallback: number, min: number) => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= min ? n : fallback;
};

/** The state a URL's query describes (`model` may repeat); what it leaves out takes the defaults. */
export function readState(search: string): PageState {
  const q = new URLSearchParams(search);
  const messages = q.getAll('msg').map((m) => {
    const colon = m.indexOf(':');
    return colon < 0 ? { role: 'user', content: m } : { role: m.slice(0, colon), content: m.slice(colon + 1) };
  });
  return {
    models: q.getAll('model').filter(Boolean),
    text: q.get('text') ?? DEFAULTS.text,
    view: VIEWS.find((v) => v === q.get('view')) ?? DEFAULTS.view,
    whitespace: q.get('ws') === '1',
    maxTokens: int(q.get('max_tokens'), DEFAULTS.maxTokens, 1),
    overlap: int(q.get('overlap'), DEFAULTS.overlap, 0),
    boundary: BOUNDARIES.find((b) => b === q.get('boundary')) ?? DEFAULTS.boundary,
    messages: messages.length > 0 ? messages : DEFAULTS.messages,
    generationPrompt: q.get('gen') !== '0',
  };
}

/** The query for a state (defaults left out), and whether the text fit in it. */
export function writeState(state: PageState): { search: string; textKept: boolean } {
  const q = new URLSearchParams();
  for (const model of state.models) q.append('model', model);
  const textKept = encodeURIComponent(state.text).length <= URL_TEXT_LIMIT;
  if (textKept && state.text !== DEFAULTS.text) q.set('text', state.text);
  if (state.view !== DEFAULTS.view) q.set('view', state.view);
  if (state.whitespace) q.set('ws', '1');
  if (state.view === 'chunks') {
    q.set('max_tokens', String(state.maxTokens));
    q.set('overlap', String(state.overlap));
    q.set('boundary', state.boundary);
  }
  if (state.view === 'chat') {
    for (const m of state.messages) q.append('msg', `${m.role}:${m.content}`);
    if (!state.generationPrompt) q.set('gen', '0');
  }
  return { search: `?${q}`, textKept };
}
