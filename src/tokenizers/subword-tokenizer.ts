import { modelWithoutVocab } from './tokenizer-json.js';
import type { PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { errors } from '../errors.js';
import type { ModelInfo, ServedModel } from '../models/types.js';
import { loadChatTemplates, type ChatTemplates } from './chat-template.js';
import type { Encoding } from './encoding.js';
import { fastDecoder, type FastDecoder } from './fast/decode.js';
import { fastSectionPath, type FastSectionPath } from './fast/index.js';
import { parseTokenizerFiles, readTokenizerBytes } from './load.js';
import { cacheFile, cacheKey, readTokenizerCache, writeTokenizerCache } from './tokenizer-cache.js';
import type { TokenLookup } from './token-index.js';
import { dataFromFiles, type TokenizerData } from './vocab-data.js';
import { PostProcessor } from './post-process.js';
import { SequenceEncoder } from './sequence-encoder.js';
import { countWindows, pad, padTarget, truncatePair, type PadToken, type Side, type TruncationStrategy } from './truncate-pad.js';

export interface EncodeOptions {
  addSpecialTokens: boolean;
  maxLength?: number;
  truncation: 'none' | TruncationStrategy;
  truncationDirection: Side;
  stride: number;
  padding: 'none' | 'longest' | 'max_length';
  paddingSide: Side;
  padToMultipleOf?: number;
}

/** Most overflowing windows one input may produce. */
const MAX_WINDOWS = 4096;
/** Most tokens padding may produce in one request (padding is memory the client asked for, so it is bounded). */
const MAX_PADDED_TOKENS = 1 << 22;

export const defaultEncodeOptions: EncodeOptions = {
  addSpecialTokens: true, truncation: 'none', truncationDirection: 'right', stride: 0, padding: 'none', paddingSide: 'right',
};

/** tokenizer.json size from which a prepared cache pays (docs/MEASUREMENTS.md). */
const MIN_CACHED_BYTES = 256 * 1024;

/** Options of SubwordTokenizer.load. */
export interface LoadOptions {
  /** CACHE_DIR: read (and write) the prepared form of the tokenizer there (tokenizer-cache.ts). */
  cacheDir?: string;
}

/**
 * A subword tokenizer loaded from a Hugging Face tokenizer folder. Ids come from the fast path
 * (src/tokenizers/fast) or, for configurations it does not cover, transformers.js' pre-tokenizer and
 * model; normalization, offsets, special tokens, truncation and padding follow Hugging Face tokenizers
 * (checked against it in the tests).
 */
export class SubwordTokenizer implements ServedModel {
  readonly kind = 'tokenizer' as const;
  private readonly sequence: SequenceEncoder;
  private readonly post: PostProcessor;
  readonly vocabSize: number;
  readonly specialTokens: string[];
  readonly maxLength: number | null;
  private readonly padToken: PadToken | null;
  private readonly decodeIds: FastDecoder;
  /** The folder's chat templates (chat-template.ts), or null when it has none; set once by load(). */
  chat: ChatTemplates | null = null;

  /** `tj`: transformers.js' tokenizer, needed when the fast path or fast decoding does not cover `data`. */
  private constructor(readonly name: string, readonly source: string, private readonly data: TokenizerData, tj: PreTrainedTokenizer | null, decoder: FastDecoder | null, fast: FastSectionPath | null) {
    const { json, config, vocab, tokenToId } = data;
    this.sequence = new SequenceEncoder(data, tj, fast);
    this.post = new PostProcessor(json.post_processor, (t) => tokenToId.get(t));
    this.vocabSize = Math.max(vocab.length, ...json.added_tokens.map((t) => t.id + 1));
    this.specialTokens = json.added_tokens.filter((t) => t.special).map((t) => t.content);
    const max = Number(config.model_max_length);
    // tokenizer_config uses a huge number (1e30) for "no limit".
    this.maxLength = Number.isFinite(max) && max > 0 && max < 1e9 ? max : null;
    const padName = [config.pad_token, config.eos_token]
      .map((t) => (typeof t === 'object' && t !== null ? (t as { content?: string }).content : t))
      .find((t): t is string => typeof t === 'string' && tokenToId.has(t));
    this.padToken = padName ? { token: padName, id: tokenToId.get(padName)! } : null;
    this.decodeIds = decoder ?? ((ids, skip, cleanUp) => tj!.decode(ids as number[], { skip_special_tokens: skip, clean_up_tokenization_spaces: cleanUp }));
  }

  /**
   * Loads the tokenizer of folder `dir`. With a cacheDir its prepared form is read when present (and
   * written when not); a tokenizer the fast path fully covers is served without transformers.js, which is
   * then not even imported.
   */
  static async load(name: string, dir: string, source: string, options: LoadOptions = {}): Promise<SubwordTokenizer> {
    const tokenizer = await SubwordTokenizer.loadModel(name, dir, source, options);
    tokenizer.chat = await loadChatTemplates(dir, tokenizer.data.config);
    return tokenizer;
  }

  private static async loadModel(name: string, dir: string, source: string, options: LoadOptions): Promise<SubwordTokenizer> {
    const bytes = await readTokenizerBytes(dir);
    // Small tokenizers load from their files about as fast as from a cache: only large ones get one.
    const file = options.cacheDir && bytes.json.length >= MIN_CACHED_BYTES ? cacheFile(options.cacheDir, dir, cacheKey(bytes)) : null;
    const cached = file ? await readTokenizerCache(file) : null;
    const fromCache = cached && SubwordTokenizer.withoutTransformers(name, source, cached);
    if (fromCache) return fromCache;
    const files = parseTokenizerFiles(bytes);
    const data = dataFromFiles(files);
    const fast = data && SubwordTokenizer.withoutTransformers(name, source, data);
    if (fast) {
      // A CACHE_DIR that cannot be written only means the next start builds it again.
      // The prepared form has no Unigram scores: such a tokenizer is built from its files each time.
      if (file && !data!.unigram) await writeTokenizerCache(file, data!).catch(() => {});
      return fast;
    }
    const { createTransformersTokenizer } = await import('./transformers-tokenizer.js');
    const tj = createTransformersTokenizer(files);
    const model = modelWithoutVocab(files.json.model);
    const general: TokenizerData = {
      json: { ...files.json, model }, config: files.config, pairs: data?.pairs ?? null,
      vocab: tj.model.vocab, tokenToId: tj.model.tokens_to_ids as Map<string, number>,
    };
    return new SubwordTokenizer(name, source, general, tj, data && fastDecoder(data), fastSectionPath(general));
  }

  /** The tokenizer served by the fast path and fast decoding alone, or null when `data` needs transformers.js. */
  private static withoutTransformers(name: string, source: string, data: TokenizerData): SubwordTokenizer | null {
    const decoder = fastDecoder(data);
    const fast = decoder && fastSectionPath(data);
    if (!decoder || !fast) return null;
    return new SubwordTokenizer(name, source, data, null, decoder, fast);
  }

  info(): ModelInfo {
    return {
      name: this.name, kind: this.kind, source: this.source, algorithm: this.data.json.model.type,
      vocab_size: this.vocabSize, max_length: this.maxLength, special_tokens: this.specialTokens,
    };
  }

  /** Encodes one text or pair like Hugging Face's Tokenizer.encode; offsets in UTF-16 units. */
  encode(text: string, pair: string | null, options: EncodeOptions = defaultEncodeOptions): Encoding {
    return this.encodeBatch([text], pair === null ? null : [pair], options)[0];
  }

  /**
   * Number of tokens `encode(text, null, { addSpecialTokens })` gives, without post-processing copies or
   * token objects (what /count and /chunk need).
   */
  count(text: string, addSpecialTokens: boolean): number {
    return this.sequence.encodeIds(text).length + (addSpecialTokens ? this.post.addedTokens(false) : 0);
  }

  /**
   * The ids `encode(text, null, { addSpecialTokens })` gives without truncation or padding, built without
   * the encoding's other arrays (a plain /encode asks for nothing else).
   */
  encodeIds(text: string, addSpecialTokens: boolean): number[] {
    return this.post.processIds(this.sequence.encodeIds(text), addSpecialTokens);
  }

  /** Number of special tokens `encode` adds to one sequence. */
  specialTokenCount(): number {
    return this.post.addedTokens(false);
  }

  /** Encodes a batch (padding `longest` applies across it). Throws INVALID_OPTION for impossible options. */
  encodeBatch(texts: string[], pairs: string[] | null, options: EncodeOptions): Encoding[] {
    const isPair = pairs !== null;
    let maxLength: number | undefined;
    if (options.truncation !== 'none') {
      if (options.maxLength === undefined) throw new errors.INVALID_OPTION('truncation needs max_length');
      const added = options.addSpecialTokens ? this.post.addedTokens(isPair) : 0;
      if (options.maxLength < added) throw new errors.INVALID_OPTION(`max_length ${options.maxLength} is smaller than the ${added} special tokens added`);
      maxLength = options.maxLength - added;
    }
    if (options.padding === 'max_length' && options.maxLength === undefined) throw new errors.INVALID_OPTION("padding 'max_length' needs max_length");
    const encodings = texts.map((text, i) => {
      let a = this.sequence.encode(text);
      let b = isPair ? this.sequence.encode(pairs[i]) : null;
      if (b) b = { ...b, typeIds: b.typeIds.map(() => 1), sequenceIds: b.sequenceIds.map(() => 1) };
      if (maxLength !== undefined) {
        try {
          [a, b] = truncatePair(a, b, maxLength, options.truncation as TruncationStrategy, options.stride, options.truncationDirection);
        } catch (err) {
          throw new errors.INVALID_OPTION((err as Error).message);
        }
        // A pair's windows combine pairwise (and nest), so their number multiplies: bound it.
        const windows = (a.overflowing.length + 1) * ((b?.overflowing.length ?? 0) + 1);
        if (windows > MAX_WINDOWS) {
          throw new errors.INVALID_OPTION(`truncation would produce ${windows} overflowing windows (limit ${MAX_WINDOWS}); raise max_length or lower stride`);
        }
      }
      return this.post.process(a, b, options.addSpecialTokens);
    });
    if (options.padding !== 'none') {
      if (!this.padToken) throw new errors.INVALID_OPTION(`model '${this.name}' has no pad token (tokenizer_config pad_token or eos_token)`);
      const target = padTarget(encodings, options.padding, options.maxLength, options.padToMultipleOf);
      const padded = target * encodings.reduce((n, e) => n + countWindows(e), 0);
      if (padded > MAX_PADDED_TOKENS) {
        throw new errors.INVALID_OPTION(`padding would produce ${padded} tokens (limit ${MAX_PADDED_TOKENS}); lower max_length or the batch size`);
      }
      for (const e of encodings) pad(e, target, this.padToken, options.paddingSide);
    }
    return encodings;
  }

  /** Read-only view of the vocabulary (added tokens included) for GET /vocab: id → string and string → id. */
  vocabEntries(): { byId: readonly (string | undefined)[]; byToken: TokenLookup } {
    return { byId: this.data.vocab, byToken: this.data.tokenToId };
  }

  /** Token ids → text. Ids must be < vocabSize (ID_OUT_OF_VOCAB otherwise). */
  decode(ids: number[], skipSpecialTokens: boolean, cleanUpSpaces: boolean): string {
    for (const id of ids) {
      if (id >= this.vocabSize || this.data.vocab[id] === undefined) throw new errors.ID_OUT_OF_VOCAB(id, this.name, this.vocabSize);
    }
    // transformers.js rejects an empty list; the reference decodes it to "".
    if (ids.length === 0) return '';
    return this.decodeIds(ids, skipSpecialTokens, cleanUpSpaces);
  }
}
