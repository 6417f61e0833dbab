import type { FastifyInstance } from 'fastify';
import { chatTokenize } from '../src/features/chat/chat.js';
import type { ChatBody } from '../src/features/chat/types.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: ChatBody }>('/chat_tokenize', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Template and tokenize a conversation (TGI-compatible)',
      description: 'TGI\'s /chat_tokenize: the conversation as the model receives it (its chat template; gpt-4o in ChatML style as OpenAI counts it) and its tokens, with offsets in code points into `templated_text` and `special` marking the template\'s special tokens.',
      body: { $ref: 'ChatTokenizeRequest#' },
      response: { 200: { $ref: 'ChatTokenizeResponse#' }, ...errorResponses },
    },
  }, async (request) => chatTokenize(app.registry, app.config, request.body));
}
