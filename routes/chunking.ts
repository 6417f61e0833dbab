import type { ChunkRequest } from '../src/generated/wire-types.js';
import { chunkEndpoint } from '../src/features/chunking/chunk.js';
import { route, type RouteSpec } from './table.js';

/** Token-bounded chunks of texts, optionally embedded: /chunk. */
export const chunkingRoutes: RouteSpec[] = [
  route<ChunkRequest>({
    method: 'POST', url: '/chunk', tag: 'Tokenization', body: 'ChunkRequest', response: 'ChunkResponse',
    summary: 'Split texts into token-bounded chunks',
    description: 'Each input cut into chunks of at most `max_tokens` tokens of the model (each chunk encoded on its own, special tokens included), at paragraph, sentence, word or token boundaries, with an optional token overlap. Chunks cover the input in order; offsets as /tokenize. With `embed: true`, each chunk also gets its embedding.',
    handler: ({ server, body }) => chunkEndpoint(server.registry, server.config, body, server.workers),
  }),
];
