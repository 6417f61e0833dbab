import type { FastifyInstance } from 'fastify';
import { countAnyForm, type CountForms } from '../src/features/chat/chat.js';
import { formExamples, formValidator } from '../src/schemas.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: CountForms }>('/count', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Count tokens of texts or of a conversation',
      description: 'With `inputs`: tokens per input and their sum, exactly as many as /encode gives ids, without building tokens or offsets (the cheapest way to ask "does this fit?"). With `messages`: the tokens of the conversation as the model receives it (its chat template; gpt-4o as OpenAI documents).',
      body: { allOf: [{ $ref: 'CountRequest#' }], 'x-examples': formExamples('CountRequest') },
      response: { 200: { $ref: 'CountResponse#' }, ...errorResponses },
    },
    validatorCompiler: () => formValidator('CountRequest'),
  }, async (request) => countAnyForm(app.registry, app.config, request.body));
}
