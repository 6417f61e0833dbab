import type { ChatMessage, ChatTokenizeRequest, CountChatRequest, VllmChatTokenizeRequest } from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import { TemplateError, TemplateLimitError, type ChatTemplate, type RenderLimits } from '../../tokenizers/chat-template.js';
import type { SubwordTokenizer } from '../../tokenizers/subword-tokenizer.js';
import { renderIsolated } from './isolated-render.js';

/** A conversation and its chat options, as any of the three chat bodies (/chat_tokenize, /count, /tokenize) carries them. */
export type ChatRequest = ChatTokenizeRequest | CountChatRequest | VllmChatTokenizeRequest;

/** Steps one rendering may take (real templates take a few thousand for long conversations), and time for a client's template. */
const MAX_STEPS = 1_000_000;
const MAX_CLIENT_RENDER_MS = 250;

/**
 * A message as templates see it: `content` a string (text parts joined with newlines, as vLLM does for
 * templates that expect text), `name` only when given.
 */
export function templateMessage(message: ChatMessage): { role: string; content: string; name?: string } {
  const content = typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('\n');
  return message.name === undefined ? { role: message.role, content } : { role: message.role, content, name: message.name };
}

/** Variables the request may not set through chat_template_kwargs: they have their own fields. */
const OWN_FIELDS = ['messages', 'tools', 'add_generation_prompt'];

/** The model's template: `tool_use` when tools are given and it has one, else its default (or only) one. */
function modelTemplate(model: SubwordTokenizer, body: ChatRequest): ChatTemplate {
  const templates = model.chat?.templates;
  const template = templates && ((body.tools && templates.get('tool_use')) || templates.get('default') || templates.values().next().value);
  if (!template) {
    throw new errors.NO_CHAT_TEMPLATE(`Model '${model.name}' has no chat template: send chat_template in the request, or put chat_template.jinja (or chat_template in tokenizer_config.json) in its folder in MODEL_DIR`);
  }
  return template;
}

/**
 * The conversation as the model receives it: the chat template rendered with the context Python
 * transformers' apply_chat_template gives (special tokens, messages, tools, add_generation_prompt, then
 * chat_template_kwargs), cut after the last message's content for continue_final_message. Template
 * failures and limits are 4xx; the text is bounded by MAX_INPUT_CHARS.
 */
export async function renderChat(model: SubwordTokenizer, body: ChatRequest, config: Config): Promise<string> {
  if (body.continue_final_message && body.add_generation_prompt) {
    throw new errors.INVALID_OPTION('continue_final_message and add_generation_prompt cannot both be true: send add_generation_prompt: false to continue the last message');
  }
  const kwargs = body.chat_template_kwargs ?? {};
  const clash = OWN_FIELDS.find((k) => Object.hasOwn(kwargs, k));
  if (clash) throw new errors.INVALID_OPTION(`chat_template_kwargs cannot set '${clash}': use the request field`);
  // Strings inside the template may briefly hold more than the text it returns (a message plus its markup):
  // twice MAX_INPUT_CHARS bounds them; the text itself is held to MAX_INPUT_CHARS below.
  const limits: RenderLimits = { maxSteps: MAX_STEPS, maxChars: 2 * config.MAX_INPUT_CHARS };
  const messages = body.messages.map(templateMessage);
  const context = {
    ...model.chat?.specialTokens,
    messages,
    ...(body.tools ? { tools: body.tools } : {}),
    add_generation_prompt: body.add_generation_prompt,
    ...kwargs,
  };
  let text: string;
  try {
    // A client's template runs in a worker thread (isolated-render.ts); the model's own, from its folder, here.
    text = body.chat_template === undefined ? modelTemplate(model, body).render(context, limits)
      : await renderIsolated(body.chat_template, context, { ...limits, maxMs: MAX_CLIENT_RENDER_MS });
  } catch (err) {
    if (err instanceof TemplateLimitError) throw new errors.CHAT_TEMPLATE_LIMIT(err.message);
    if (err instanceof TemplateError) throw new errors.CHAT_TEMPLATE_ERROR(err.message);
    throw err;
  }
  if (body.continue_final_message) text = cutAfterFinalMessage(text, messages.at(-1)!.content);
  if (text.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG('(the templated conversation)', text.length, config.MAX_INPUT_CHARS);
  return text;
}

/** Python transformers' continue_final_message: the text up to the last occurrence of the final content (trimmed, if templates trim it). */
function cutAfterFinalMessage(text: string, final: string): string {
  for (const needle of [final, final.trim()]) {
    const at = text.lastIndexOf(needle);
    if (at >= 0) return text.slice(0, at + needle.length);
  }
  throw new errors.CHAT_TEMPLATE_ERROR('continue_final_message is set but the final message does not appear in the templated text');
}
