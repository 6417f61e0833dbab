/**
 * Wire shapes of the chat endpoints (schemas/Chat*.json, Vllm*.json, Detokenize*.json): the one place
 * they are spelled in TypeScript.
 */
import type { TokenOut } from '../../services/tokenization.js';

/** schemas/ChatContentPart.json */
export interface ChatContentPart {
  type: 'text';
  text: string;
}

/** schemas/ChatMessage.json */
export interface ChatMessage {
  role: string;
  content: string | ChatContentPart[];
  name?: string;
}

/** The chat options shared by VllmChatTokenizeRequest, ChatTokenizeRequest and CountChatRequest. */
export interface ChatBody {
  model?: string;
  messages: ChatMessage[];
  add_generation_prompt: boolean;
  continue_final_message: boolean;
  add_special_tokens: boolean;
  chat_template?: string;
  chat_template_kwargs?: Record<string, unknown>;
  tools?: unknown[];
}

/** schemas/VllmChatTokenizeRequest.json */
export interface VllmChatTokenizeBody extends ChatBody {
  return_token_strs: boolean;
}

/** schemas/VllmCompletionTokenizeRequest.json */
export interface VllmCompletionTokenizeBody {
  model?: string;
  prompt: string;
  add_special_tokens: boolean;
  return_token_strs: boolean;
}

/** schemas/VllmTokenizeResponse.json */
export interface VllmTokenizeAnswer {
  count: number;
  max_model_len: number | null;
  tokens: number[];
  token_strs?: string[];
}

/** schemas/DetokenizeRequest.json */
export interface DetokenizeBody {
  model?: string;
  tokens: number[];
}

/** schemas/ChatTokenizeResponse.json */
export interface ChatTokenizeAnswer {
  templated_text: string;
  tokenize_response: TokenOut[];
}
