import type { CountRequest, DecodeRequest, EncodeRequest, TokenizeRequest } from '../src/generated/wire-types.js';
import { countAnyForm, tokenizeAnyForm } from '../src/features/chat/chat.js';
import { decodeRequest, encodeRequest } from '../src/features/tokenization/tokenization.js';
import { route, type RouteSpec } from './table.js';

/** Text to tokens and back: /tokenize, /count, /encode, /decode. */
export const tokenizationRoutes: RouteSpec[] = [
  route<TokenizeRequest>({
    method: 'POST', url: '/tokenize', tag: 'Tokenization', body: 'TokenizeRequest', bodyForms: true, response: 'TokenizeResponse', ownDeadline: true,
    summary: 'Tokenize text (TEI-compatible) or a prompt or conversation (vLLM-compatible)',
    description: 'The body decides the form. TEI\'s `{inputs}`: one token list per input with ids, the input slice each token covers and its [start, stop) offsets (Unicode code points by default). vLLM\'s `{prompt}` or `{messages}` (the model\'s chat template renders the conversation): `{count, max_model_len, tokens}`.',
    handler: ({ server, body }) => tokenizeAnyForm(server.registry, server.config, body, server.workers),
  }),
  route<CountRequest>({
    method: 'POST', url: '/count', tag: 'Tokenization', body: 'CountRequest', bodyForms: true, response: 'CountResponse', ownDeadline: true,
    summary: 'Count tokens of texts or of a conversation',
    description: 'With `inputs`: tokens per input and their sum, exactly as many as /encode gives ids, without building tokens or offsets (the cheapest way to ask "does this fit?"). With `messages`: the tokens of the conversation as the model receives it (its chat template; gpt-4o as OpenAI documents).',
    handler: ({ server, body }) => countAnyForm(server.registry, server.config, body, server.workers),
  }),
  route<EncodeRequest>({
    method: 'POST', url: '/encode', tag: 'Tokenization', body: 'EncodeRequest', response: 'EncodeResponse', ownDeadline: true,
    summary: 'Encode text (Hugging Face tokenizers encode)',
    description: 'Ids plus, on request, tokens, attention mask, type ids, offsets, special-tokens mask, word ids and overflowing windows; pairs, truncation with stride, padding.',
    handler: ({ server, body }) => encodeRequest(server.registry, server.config, body, server.workers),
  }),
  route<DecodeRequest>({
    method: 'POST', url: '/decode', tag: 'Tokenization', body: 'DecodeRequest', response: 'DecodeResponse', ownDeadline: true,
    summary: 'Decode token ids (TEI-compatible)',
    description: 'One string per id sequence. Ids outside the vocabulary answer 422 ID_OUT_OF_VOCAB.',
    handler: ({ server, body }) => decodeRequest(server.registry, server.config, body, server.workers),
  }),
];
