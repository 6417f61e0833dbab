/**
 * The per-request cost baseline for /encode: a bare Fastify (no plugins, no schemas, default serializer)
 * whose /encode route calls a tokenizer library directly: gpt-tokenizer for gpt-4o (o200k), transformers.js
 * for every other model (a folder holding tokenizer.json). Started by bench/http.ts with PORT and
 * LIBRARY_MODEL=name:folder in the environment; prints "ready" when listening.
 */
import Fastify from 'fastify';
import { encode as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { AutoTokenizer, env } from '@xenova/transformers';

const [model, dir] = (process.env.LIBRARY_MODEL ?? '').split(/:(.*)/s);
let encode: (text: string) => number[];
if (model === 'gpt-4o') {
  encode = (text) => o200k(text);
} else {
  env.allowRemoteModels = false;
  env.localModelPath = '';
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  encode = (text) => tokenizer.encode(text) as number[];
}
const app = Fastify();
app.post<{ Body: { inputs: string | string[] } }>('/encode', async (req) => {
  const inputs = typeof req.body.inputs === 'string' ? [req.body.inputs] : req.body.inputs;
  const encodings = inputs.map((text) => { const ids = encode(text); return { ids, num_tokens: ids.length, truncated: false }; });
  return { model, encodings, total_tokens: encodings.reduce((n, e) => n + e.num_tokens, 0) };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
