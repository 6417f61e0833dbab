import type { TrainRequest, VocabBuildRequest, VocabQuery } from '../src/generated/wire-types.js';
import { buildVocab } from '../src/features/vocab/build.js';
import { vocab } from '../src/features/vocab/listing.js';
import { train } from '../src/features/vocab/training.js';
import { route, type RouteSpec } from './table.js';

/** Vocabularies: listing (/vocab), building (/vocab/build) and tokenizer training (/train). */
export const vocabRoutes: RouteSpec[] = [
  route<unknown, VocabQuery>({
    method: 'GET', url: '/vocab', tag: 'Vocab', querystring: 'VocabQuery', response: 'VocabResponse',
    summary: 'List and look up a vocabulary',
    description: 'A page of id → token (offset/limit), the vocabulary size and special tokens, and lookups of given tokens (`token=`) or ids (`id=`). Subword tokenizers; word analyzers answer 422 (use POST /vocab/build).',
    handler: ({ server, query }) => vocab(server.registry, server.config, query),
  }),
  route<VocabBuildRequest>({
    method: 'POST', url: '/vocab/build', tag: 'Vocab', body: 'VocabBuildRequest', response: 'VocabBuildResponse',
    summary: 'Build a word vocabulary from texts',
    description: 'Counts a word analyzer\'s tokens over the texts: special tokens first, then tokens by descending frequency (ties in code-unit order), with min_frequency and max_size.',
    handler: ({ server, body }) => buildVocab(server.registry, server.config, body),
  }),
  route<TrainRequest>({
    method: 'POST', url: '/train', tag: 'Vocab', body: 'TrainRequest', response: 'TrainResponse',
    summary: 'Train a WordPiece, BPE or Unigram tokenizer',
    description: 'Trains on the texts (in a child process, at most TRAIN_TIMEOUT_MS, one training at a time) and writes MODEL_DIR/<name>, served at once. Off unless TRAIN_ENABLED=true; replaces only folders it wrote itself. Large corpora: `npm run train -- --input corpus.txt`.',
    handler: ({ server, body }) => train(server.registry, server.config, body),
  }),
];
