import type { FastifyInstance } from 'fastify';
import health from './health.js';
import info from './info.js';
import tokenize from './tokenize.js';
import count from './count.js';
import detokenize from './detokenize.js';
import chatTokenize from './chat-tokenize.js';
import chunk from './chunk.js';
import encode from './encode.js';
import decode from './decode.js';
import embed from './embed.js';
import embedAll from './embed-all.js';
import openaiEmbeddings from './openai-embeddings.js';
import openaiModels from './openai-models.js';
import metrics from './metrics.js';
import vocab from './vocab.js';
import vocabBuild from './vocab-build.js';
import train from './train.js';

/** Every route plugin, one per endpoint. */
export default async function routes(app: FastifyInstance): Promise<void> {
  await app.register(health);
  await app.register(info);
  await app.register(tokenize);
  await app.register(count);
  await app.register(detokenize);
  await app.register(chatTokenize);
  await app.register(chunk);
  await app.register(encode);
  await app.register(decode);
  await app.register(embed);
  await app.register(embedAll);
  await app.register(openaiEmbeddings);
  await app.register(openaiModels);
  await app.register(metrics);
  await app.register(vocab);
  await app.register(vocabBuild);
  await app.register(train);
}
