import type { FastifyInstance } from 'fastify';
import { tokenizeAnyForm, type TokenizeForms } from '../src/features/chat/chat.js';
import { formExamples, formValidator } from '../src/schemas.js';
import { errorResponses } from './errors.js';

export default async function route(app: FastifyInstance): Promise<void> {
  app.post<{ Body: TokenizeForms }>('/tokenize', {
    config: { ownDeadline: true },
    schema: {
      tags: ['Tokenization'],
      summary: 'Tokenize text (TEI-compatible) or a prompt or conversation (vLLM-compatible)',
      description: 'The body decides the form. TEI\'s `{inputs}`: one token list per input with ids, the input slice each token covers and its [start, stop) offsets (Unicode code points by default). vLLM\'s `{prompt}` or `{messages}` (the model\'s chat template renders the conversation): `{count, max_model_len, tokens}`.',
      body: { allOf: [{ $ref: 'TokenizeRequest#' }], 'x-examples': formExamples('TokenizeRequest') },
      response: { 200: { $ref: 'TokenizeResponse#' }, ...errorResponses },
    },
    validatorCompiler: () => formValidator('TokenizeRequest'),
  }, async (request) => tokenizeAnyForm(app.registry, app.config, request.body));
}
