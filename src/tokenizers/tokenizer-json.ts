/**
 * The parts of a Hugging Face tokenizer.json this service reads, typed once as discriminated unions on
 * `type` (the component names of the Rust `tokenizers` serialization). Fields the code does not read
 * are left out; every field is optional where Hugging Face omits it in some versions.
 */

/** `{"String": …}` or `{"Regex": …}`: the pattern of Split pre-tokenizers and Replace normalizers/decoders. */
type Pattern = { String: string; Regex?: undefined } | { Regex: string; String?: undefined };

export type Normalizer =
  | { type: 'BertNormalizer'; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean }
  | { type: 'Lowercase' }
  | { type: 'StripAccents' }
  | { type: 'NFC' } | { type: 'NFD' } | { type: 'NFKC' } | { type: 'NFKD' }
  | { type: 'Nmt' }
  | { type: 'Precompiled'; precompiled_charsmap?: string | null }
  | { type: 'Prepend'; prepend: string }
  | { type: 'Strip'; strip_left?: boolean; strip_right?: boolean }
  | { type: 'Replace'; pattern: Pattern; content: string }
  | { type: 'ByteLevel' }
  | { type: 'Sequence'; normalizers: Normalizer[] };

export type PreTokenizer =
  | { type: 'BertPreTokenizer' }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: 'always' | 'never' | 'first'; split?: boolean; add_prefix_space?: boolean }
  | { type: 'Whitespace' }
  | { type: 'WhitespaceSplit' }
  | { type: 'CharDelimiterSplit'; delimiter: string }
  | { type: 'Punctuation'; behavior?: string }
  | { type: 'Digits'; individual_digits?: boolean }
  | { type: 'UnicodeScripts' }
  | { type: 'Split'; pattern: Pattern; behavior?: string; invert?: boolean }
  | { type: 'Sequence'; pretokenizers: PreTokenizer[] };

/** A token → id table (BPE, WordPiece, WordLevel). */
type VocabObject = Record<string, number>;

export type TokenizerModel =
  | {
    type: 'BPE'; vocab: VocabObject; merges: (string | [string, string])[]; dropout?: number | null; unk_token?: string | null;
    continuing_subword_prefix?: string | null; end_of_word_suffix?: string | null; fuse_unk?: boolean; byte_fallback?: boolean; ignore_merges?: boolean;
  }
  | { type: 'WordPiece'; vocab: VocabObject; unk_token?: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number }
  | { type: 'WordLevel'; vocab: VocabObject; unk_token?: string }
  | { type: 'Unigram'; vocab: [string, number][]; unk_id?: number | null; byte_fallback?: boolean };

/** A special token of a TemplateProcessing: its ids and tokens. */
interface TemplateSpecialToken {
  id: string;
  ids: number[];
  tokens: string[];
}

/** One piece of a TemplateProcessing template. */
export type TemplatePiece = { SpecialToken: { id: string; type_id: number } } | { Sequence: { id: 'A' | 'B'; type_id: number } };

export type PostProcessor =
  | { type: 'TemplateProcessing'; single: TemplatePiece[]; pair: TemplatePiece[]; special_tokens: Record<string, TemplateSpecialToken> }
  | { type: 'BertProcessing'; sep: [string, number]; cls: [string, number] }
  | { type: 'RobertaProcessing'; sep: [string, number]; cls: [string, number]; trim_offsets?: boolean; add_prefix_space?: boolean }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'Sequence'; processors: PostProcessor[] };

export type Decoder =
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'WordPiece'; prefix?: string; cleanup?: boolean }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: string; split?: boolean; add_prefix_space?: boolean }
  | { type: 'BPEDecoder'; suffix?: string }
  | { type: 'CTC'; pad_token?: string; word_delimiter_token?: string; cleanup?: boolean }
  | { type: 'Replace'; pattern: Pattern; content: string }
  | { type: 'Fuse' }
  | { type: 'Strip'; content: string; start: number; stop: number }
  | { type: 'ByteFallback' }
  | { type: 'Sequence'; decoders: Decoder[] };

export interface AddedTokenJson {
  id: number;
  content: string;
  special: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  single_word?: boolean;
}

/** tokenizer.json. */
export interface TokenizerJson {
  added_tokens: AddedTokenJson[];
  normalizer: Normalizer | null;
  pre_tokenizer: PreTokenizer | null;
  post_processor: PostProcessor | null;
  decoder: Decoder | null;
  model: TokenizerModel;
}

/** Any component that may nest others in a Sequence. */
export type Component = Normalizer | PreTokenizer | PostProcessor | Decoder;

/** The components a Sequence holds (empty for any other component). */
function children(cfg: Component): Component[] {
  if ('pretokenizers' in cfg) return cfg.pretokenizers;
  if ('decoders' in cfg) return cfg.decoders;
  if ('processors' in cfg) return cfg.processors;
  if ('normalizers' in cfg) return cfg.normalizers;
  return [];
}

/** Finds a component of `type` in a (possibly Sequence) component. */
export function findComponent<C extends Component, T extends C['type']>(cfg: C | null | undefined, type: T): Extract<C, { type: T }> | null {
  if (!cfg) return null;
  if (cfg.type === type) return cfg as Extract<C, { type: T }>;
  for (const child of children(cfg)) {
    const found = findComponent(child as C, type);
    if (found) return found;
  }
  return null;
}

/** The error for a component type this service does not implement (tokenizer.json may name any). */
export function unsupported(kind: string, cfg: { type: string }): Error {
  return new Error(`${kind} type '${cfg.type}' is not supported`);
}

/** The model section without its vocabulary and merges (TokenizerData keeps those once, in its own form). */
export function modelWithoutVocab(model: TokenizerModel): TokenizerModel {
  return model.type === 'Unigram' ? { ...model, vocab: [] } : model.type === 'BPE' ? { ...model, vocab: {}, merges: [] } : { ...model, vocab: {} };
}
