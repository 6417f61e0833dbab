import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import { templateMessage, type ChatRequest } from './render.js';

/**
 * Models whose conversations are counted as OpenAI documents (How_to_count_tokens_with_tiktoken: 3 tokens
 * per message, 1 more when it has a name, 3 priming the reply), since OpenAI publishes no template and
 * the ids of its chat markers are not public.
 */
export const OPENAI_CHAT_MODELS: ReadonlySet<string> = new Set(['gpt-4o']);

/** A piece of an OpenAI-format conversation: text the tokenizer encodes, or a chat marker of one token without a public id. */
export interface ChatPiece {
  text: string;
  marker: boolean;
}

const marker = (text: string): ChatPiece => ({ text, marker: true });
const plain = (text: string): ChatPiece => ({ text, marker: false });

/**
 * The conversation in ChatML style, one marker token where OpenAI counts one: `<|im_start|>role<|im_sep|>
 * content<|im_end|>` per message (3 markers), `<|name|>name` after the role when a name is given (+1), and
 * `<|im_start|>assistant<|im_sep|>` priming the reply (3 tokens) unless add_generation_prompt is false.
 */
export function openaiPieces(body: ChatRequest, config: Config): ChatPiece[] {
  if (body.chat_template_kwargs && Object.keys(body.chat_template_kwargs).length > 0) {
    throw new errors.INVALID_OPTION('chat_template_kwargs needs a chat template; OpenAI models have none (send chat_template to render one)');
  }
  if (body.tools) throw new errors.INVALID_OPTION('tools are not counted for OpenAI models: OpenAI does not document how they are encoded');
  if (body.continue_final_message) throw new errors.INVALID_OPTION('continue_final_message needs a chat template; OpenAI models have none');
  const pieces: ChatPiece[] = [];
  for (const message of body.messages.map(templateMessage)) {
    pieces.push(marker('<|im_start|>'), plain(message.role));
    if (message.name !== undefined) pieces.push(marker('<|name|>'), plain(message.name));
    pieces.push(marker('<|im_sep|>'), plain(message.content), marker('<|im_end|>'));
  }
  if (body.add_generation_prompt) pieces.push(marker('<|im_start|>'), plain('assistant'), marker('<|im_sep|>'));
  const length = pieces.reduce((n, p) => n + p.text.length, 0);
  if (length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG('(the templated conversation)', length, config.MAX_INPUT_CHARS);
  return pieces;
}
