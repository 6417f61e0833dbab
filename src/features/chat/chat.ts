import type {
  ChatTokenizeResponse, CountRequest, CountResponse, DetokenizeRequest, DetokenizeResponse, Token, TokenizeRequest,
  VllmChatTokenizeRequest, VllmCompletionTokenizeRequest, VllmTokenizeResponse,
} from '../../generated/wire-types.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';
import { defaultEncodeOptions, type SubwordTokenizer } from '../../tokenizers/subword-tokenizer.js';
import type { WorkerDispatch } from '../../workers/dispatch.js';
import { textBatch } from '../inputs.js';
import { countRequest } from '../tokenization/count.js';
import { subwordTokens, tokenizeRequest, tokenizer, type ModelLookup } from '../tokenization/tokenization.js';
import { OPENAI_CHAT_MODELS, openaiPieces, type ChatPiece } from './openai-format.js';
import { renderChat, type ChatRequest } from './render.js';

/** A conversation of an OpenAI model sent without a template of its own: counted as OpenAI documents. */
function openaiFormat(model: SubwordTokenizer, body: ChatRequest): boolean {
  return body.chat_template === undefined && model.chat === null && OPENAI_CHAT_MODELS.has(model.name);
}

/** vLLM's answer for one text. */
function vllmAnswer(model: SubwordTokenizer, text: string, addSpecialTokens: boolean, tokenStrs: boolean): VllmTokenizeResponse {
  if (!tokenStrs) {
    const ids = model.encodeIds(text, addSpecialTokens);
    return { count: ids.length, max_model_len: model.maxLength, tokens: ids };
  }
  const e = model.encode(text, null, { ...defaultEncodeOptions, addSpecialTokens });
  return { count: e.ids.length, max_model_len: model.maxLength, tokens: e.ids, token_strs: e.tokens };
}

/** POST /tokenize with `prompt` (vLLM's completion form). */
function vllmTokenizePrompt(registry: ModelLookup, config: Config, body: VllmCompletionTokenizeRequest): VllmTokenizeResponse {
  const model = tokenizer(registry, body.model);
  const [text] = textBatch(body.prompt, config);
  return vllmAnswer(model, text, body.add_special_tokens, body.return_token_strs);
}

/** POST /tokenize with `messages` (vLLM's chat form): the ids of the templated conversation. */
async function vllmTokenizeChat(registry: ModelLookup, config: Config, body: VllmChatTokenizeRequest): Promise<VllmTokenizeResponse> {
  const model = tokenizer(registry, body.model);
  if (openaiFormat(model, body)) {
    throw new errors.NO_CHAT_TEMPLATE(`Model '${model.name}' has no public chat template and the ids of its chat markers are not public, so its conversations have no ids; /count and /chat_tokenize count them as OpenAI documents, or send chat_template`);
  }
  return vllmAnswer(model, await renderChat(model, body, config), body.add_special_tokens, body.return_token_strs);
}

/** POST /detokenize (vLLM): ids back to text, special tokens kept and spaces as they are, so a templated prompt comes back unchanged. */
export function detokenize(registry: ModelLookup, body: DetokenizeRequest): DetokenizeResponse {
  return { prompt: tokenizer(registry, body.model).decode(body.tokens, false, false) };
}

/** POST /count with `messages`: the tokens of the templated conversation (gpt-4o: OpenAI's documented count, add_special_tokens not applying). */
async function countChat(registry: ModelLookup, config: Config, body: ChatRequest): Promise<CountResponse> {
  const model = tokenizer(registry, body.model);
  const count = openaiFormat(model, body)
    ? openaiPieces(body, config).reduce((n, p) => n + (p.marker ? 1 : model.count(p.text, false)), 0)
    : model.count(await renderChat(model, body, config), body.add_special_tokens);
  return { model: model.name, counts: [count], total_tokens: count };
}

/** POST /chat_tokenize (TGI): the templated conversation and its tokens, offsets in code points into it. */
export async function chatTokenize(registry: ModelLookup, config: Config, body: ChatRequest): Promise<ChatTokenizeResponse> {
  const model = tokenizer(registry, body.model);
  if (openaiFormat(model, body)) return openaiChatTokenize(model, config, body);
  const text = await renderChat(model, body, config);
  const tokens = subwordTokens(model, text, body.add_special_tokens, 'char');
  // Hugging Face marks only the special tokens its post-processor adds; the template writes its own
  // (<|im_start|>, <|eot_id|>…) into the text, and they are what a reader of a conversation wants marked.
  const special = new Set(model.specialTokens);
  const { byId } = model.vocabEntries();
  for (const t of tokens) t.special ||= t.id !== null && special.has(byId[t.id]!);
  return { templated_text: text, tokenize_response: tokens };
}

/** gpt-4o's /chat_tokenize: each piece's tokens, chat markers with id null (their ids are not public); add_special_tokens does not apply (OpenAI conversations have none added). */
function openaiChatTokenize(model: SubwordTokenizer, config: Config, body: ChatRequest): ChatTokenizeResponse {
  const pieces: ChatPiece[] = openaiPieces(body, config);
  const out: Token[] = [];
  let at = 0; // code points before the current piece
  for (const piece of pieces) {
    const length = [...piece.text].length;
    if (piece.marker) out.push({ id: null, text: piece.text, special: true, start: at, stop: at + length });
    else if (piece.text) {
      const tokens = subwordTokens(model, piece.text, false, 'char');
      for (const t of tokens) out.push({ ...t, start: t.start === null ? null : t.start + at, stop: t.stop === null ? null : t.stop + at });
    }
    at += length;
  }
  return { templated_text: pieces.map((p) => p.text).join(''), tokenize_response: out };
}

/** POST /tokenize: the body's form decides (vLLM's `messages` or `prompt`, else TEI's `inputs`). */
export function tokenizeAnyForm(registry: ModelRegistry, config: Config, body: TokenizeRequest, workers: WorkerDispatch) {
  if ('messages' in body) return vllmTokenizeChat(registry, config, body);
  if ('prompt' in body) return vllmTokenizePrompt(registry, config, body);
  return tokenizeRequest(registry, config, body, workers);
}

/** POST /count: a conversation (`messages`) or texts (`inputs`). */
export function countAnyForm(registry: ModelRegistry, config: Config, body: CountRequest, workers: WorkerDispatch) {
  return 'messages' in body ? countChat(registry, config, body) : countRequest(registry, config, body, workers);
}
