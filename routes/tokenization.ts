import type { CountRequest, DecodeRequest, EncodeRequest, TokenizeRequest } from '../src/generated/wire-types.js';
import { countRequest } from '../src/features/tokenization/count.js';
import { decodeRequest, encodeRequest, tokenizeRequest } from '../src/features/tokenization/tokenization.js';
import { route, type RouteSpec } from './table.js';

/** Text to tokens and back: /tokenize, /count, /encode, /decode. */
export const tokenizationRoutes: RouteSpec[] = [
  route<TokenizeRequest>({
    method: 'POST', url: '/tokenize', tag: 'Tokenization', body: 'TokenizeRequest', response: 'TokenizeResponse', ownDeadline: true,
    summary: 'Tokenize text (TEI-compatible)',
    description: 'One token list per input with ids, the input slice each token covers and its [start, stop) offsets (Unicode code points by default).',
    handler: ({ server, body }) => tokenizeRequest(server.registry, server.config, body, server.workers),
  }),
  route<CountRequest>({
    method: 'POST', url: '/count', tag: 'Tokenization', body: 'CountRequest', response: 'CountResponse', ownDeadline: true,
    summary: 'Count tokens',
    description: 'Tokens per input and their sum, exactly as many as /encode gives ids, without building tokens or offsets (the cheapest way to ask "does this fit?").',
    handler: ({ server, body }) => countRequest(server.registry, server.config, body, server.workers),
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
