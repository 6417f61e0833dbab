export type View = 'tokens' | 'chunks' | 'chat';
export type Boundary = 'paragraph' | 'sentence' | 'word' | 'token';
const VIEWS: View[] = ['tokens', 'chunks', 'chat'];
const BOUNDARIES: Boundary[] = ['paragraph', 'sentence', 'word', 'token'];

/** A chat message as the editor holds it: a role and its text (POST /chat_tokenize also takes OpenAI's content parts). */
interface EditedMessage {
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
 * Most characters the text and the messages (encoded) take in the link: the whole request line must
 * stay under the service's 16 KB header limit (a longer link would be refused with 431 before the page loads).
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

/** What a link may leave out, the long parts of the state. */
export type LeftOut = 'text' | 'messages';

/** The query for a state (defaults left out), and what did not fit in it. */
export function writeState(state: PageState): { search: string; left: LeftOut[] } {
  const q = new URLSearchParams();
  for (const model of state.models) q.append('model', model);
  if (state.view !== DEFAULTS.view) q.set('view', state.view);
  if (state.whitespace) q.set('ws', '1');
  if (state.view === 'chunks') {
    q.set('max_tokens', String(state.maxTokens));
    q.set('overlap', String(state.overlap));
    q.set('boundary', state.boundary);
  }
  if (state.view === 'chat' && !state.generationPrompt) q.set('gen', '0');
  // The long parts share one budget, the current view's first: the messages in the chat view.
  const text: [string, string][] = state.text === DEFAULTS.text ? [] : [['text', state.text]];
  const messages: [string, string][] = state.view === 'chat' ? state.messages.map((m) => ['msg', `${m.role}:${m.content}`]) : [];
  const parts: [LeftOut, [string, string][]][] = state.view === 'chat' ? [['messages', messages], ['text', text]] : [['text', text]];
  const left: LeftOut[] = [];
  let budget = URL_TEXT_LIMIT;
  for (const [name, entries] of parts) {
    const size = new URLSearchParams(entries).toString().length;
    if (size > budget) left.push(name);
    else {
      for (const [key, value] of entries) q.append(key, value);
      budget -= size;
    }
  }
  return { search: `?${q}`, left };
}
