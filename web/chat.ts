import { h } from './dom.js';
import type { PageState } from './state.js';

const ROLES = ['system', 'user', 'assistant'];

/** The chat view's editor: the messages (role and content) and whether to add the generation prompt. */
export class ChatEditor {
  constructor(private readonly el: HTMLElement, private readonly state: PageState, private readonly onChange: (now: boolean) => void) {}

  /** Draws the editor in the chat view; empties it otherwise (its text boxes exist only there). */
  render(): void {
    if (this.state.view !== 'chat') return void this.el.replaceChildren();
    const { messages } = this.state;
    const rows = messages.map((m, i) => {
      const role = h('select', { 'aria-label': `Role of message ${i + 1}` }, ...ROLES.map((r) => h('option', { value: r, selected: r === m.role }, r)));
      if (!ROLES.includes(m.role)) role.append(h('option', { value: m.role, selected: true }, m.role));
      role.addEventListener('change', () => { m.role = role.value; this.onChange(true); });
      const content = h('textarea', { rows: 2, 'aria-label': `Content of message ${i + 1}` });
      content.value = m.content;
      content.addEventListener('input', () => { m.content = content.value; this.onChange(false); });
      const remove = h('button', { type: 'button', 'aria-label': `Remove message ${i + 1}` }, '×');
      remove.addEventListener('click', () => { messages.splice(i, 1); this.render(); this.onChange(true); });
      return h('li', { class: 'message' }, role, content, remove);
    });
    const add = h('button', { type: 'button' }, 'Add message');
    add.addEventListener('click', () => {
      messages.push({ role: messages.at(-1)?.role === 'user' ? 'assistant' : 'user', content: '' });
      this.render();
      this.onChange(true);
    });
    const generation = h('input', { type: 'checkbox', id: 'generation-prompt', checked: this.state.generationPrompt });
    generation.addEventListener('change', () => { this.state.generationPrompt = generation.checked; this.onChange(true); });
    this.el.replaceChildren(
      h('p', { class: 'chat-title' }, 'Messages, rendered with each model\'s chat template (POST /chat_tokenize)'),
      h('ol', { class: 'messages', 'aria-label': 'Chat messages' }, ...rows),
      h('div', { class: 'chat-actions' }, add, h('label', {}, generation, ' Add the generation prompt (the assistant header)')),
    );
  }
}
