import type { CountRequest, DecodeRequest, EmbedRequest, EncodeRequest, TokenizeRequest } from '../src/generated/wire-types.js';
/**
 * The ceiling for the HTTP benchmark: a bare Fastify (no plugins, no schemas, default serializer)
 * whose routes make the same service calls as the real routes. Started as a child process by
 * bench/http.ts with PORT and MODELS in the environment; prints "ready" when listening.
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/models/registry.js';
import { decode, encode, tokenize } from '../src/features/tokenization/tokenization.js';
import { embed } from '../src/features/embeddings/embed.js';
import { count } from '../src/features/tokenization/count.js';
import { defaultEncodeOptions } from '../src/tokenizers/subword-tokenizer.js';

const config = loadConfig(process.env);
const registry = new ModelRegistry(config);
await registry.loadAll();
const app = Fastify();
// The defaults the real routes' schemas fill in.
const encodeDefaults = {
  add_special_tokens: true, truncation: 'none', truncation_direction: 'right', stride: 0, padding: 'none', padding_side: 'right',
  return_tokens: false, return_attention_mask: false, return_token_type_ids: false, return_offsets: false,
  return_special_tokens_mask: false, return_word_ids: false, return_overflowing: false, offset_unit: 'char',
} as const;
type Body = { Body: Record<string, unknown> };
app.post<Body>('/tokenize', async (req) => tokenize(registry, config, { add_special_tokens: defaultEncodeOptions.addSpecialTokens, offset_unit: 'char', ...req.body } as TokenizeRequest));
app.post<Body>('/count', async (req) => count(registry, config, { add_special_tokens: true, ...req.body } as CountRequest));
app.post<Body>('/encode', async (req) => encode(registry, config, { ...encodeDefaults, ...req.body } as EncodeRequest));
app.post<Body>('/decode', async (req) => decode(registry, config, { skip_special_tokens: true, ...req.body } as DecodeRequest));
app.post<Body>('/embed', async (req) => (await embed(registry, config, { normalize: true, truncate: false, truncation_direction: 'Right', ...req.body } as EmbedRequest)).body);
await app.listen({ port: config.PORT, host: '127.0.0.1' });
console.log('ready');
