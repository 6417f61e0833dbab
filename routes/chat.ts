import type { ChatTokenizeRequest, DetokenizeRequest } from '../src/generated/wire-types.js';
import { chatTokenize, detokenize } from '../src/features/chat/chat.js';
import { route, type RouteSpec } from './table.js';

/** vLLM's and TGI's conversation routes: /detokenize, /chat_tokenize (vLLM's /tokenize and /count {messages} are in tokenization.ts). */
export const chatRoutes: RouteSpec[] = [
  route<DetokenizeRequest>({
    method: 'POST', url: '/detokenize', tag: 'Tokenization', body: 'DetokenizeRequest', response: 'DetokenizeResponse', ownDeadline: true,
    summary: 'Token ids to text (vLLM-compatible)',
    description: 'vLLM\'s /detokenize: the text of the ids, special tokens kept and spaces not cleaned up, so the ids of a templated conversation give its text back.',
    handler: ({ server, body }) => detokenize(server.registry, body),
  }),
  route<ChatTokenizeRequest>({
    method: 'POST', url: '/chat_tokenize', tag: 'Tokenization', body: 'ChatTokenizeRequest', response: 'ChatTokenizeResponse', ownDeadline: true,
    summary: 'Template and tokenize a conversation (TGI-compatible)',
    description: 'TGI\'s /chat_tokenize: the conversation as the model receives it (its chat template; gpt-4o in ChatML style as OpenAI counts it) and its tokens, with offsets in code points into `templated_text` and `special` marking the template\'s special tokens.',
    handler: ({ server, body }) => chatTokenize(server.registry, server.config, body),
  }),
];
