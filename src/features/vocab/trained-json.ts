/**
 * Turns the tokenizer.json written by the `tokenizers` default trainers into the one we serve: special
 * tokens first (ids 0..k-1, as added tokens), the vocabulary cut to the requested size, and the
 * post-processor and decoder of the algorithm. The binding's trainers have fixed targets (30,000 for
 * BPE/WordPiece, 8,000 for Unigram); a smaller size is obtained by cutting, which for BPE and WordPiece
 * is exactly what a smaller target gives (merges are learned greedily in order, so the first merges are
 * the same), and for Unigram keeps every single character and the most probable pieces.
 */
export type Algorithm = 'wordpiece' | 'bpe' | 'unigram';

export interface TrainOptions {
  algorithm: Algorithm;
  vocabSize: number;
  specialTokens: string[];
  lowercase: boolean;
}

type Json = Record<string, unknown>;
type Model = { vocab: Record<string, number> | [string, number][]; merges?: [string, string][]; [k: string]: unknown };

/** The special token that stands for unknown input (`[UNK]`, `<unk>`…), if any. */
export function unknownToken(specials: string[]): string | undefined {
  return specials.find((s) => /unk/i.test(s));
}

function byId(vocab: Record<string, number>): string[] {
  return Object.entries(vocab).sort((a, b) => a[1] - b[1]).map(([t]) => t);
}

function addedTokens(specials: string[]): Json[] {
  return specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
}

/** `[CLS] $A [SEP]` (and the pair form) when the specials have a CLS-like and a SEP-like token. */
function bertTemplate(specials: string[]): Json | null {
  const cls = specials.find((s) => /cls/i.test(s));
  const sep = specials.find((s) => /sep/i.test(s));
  if (!cls || !sep) return null;
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const seq = (id: 'A' | 'B', type_id: number) => ({ Sequence: { id, type_id } });
  return {
    type: 'TemplateProcessing',
    single: [special(cls), seq('A', 0), special(sep)],
    pair: [special(cls), seq('A', 0), special(sep), seq('B', 1), { SpecialToken: { id: sep, type_id: 1 } }],
    special_tokens: Object.fromEntries([cls, sep].map((t) => [t, { id: t, ids: [specials.indexOf(t)], tokens: [t] }])),
  };
}

/** Specials first, then `rest` in order, cut so that the whole vocabulary has at most `size` entries. */
function withSpecials(specials: string[], rest: string[], size: number): Record<string, number> {
  const taken = new Set(specials);
  const vocab: Record<string, number> = {};
  specials.forEach((t, i) => (vocab[t] = i));
  let id = specials.length;
  for (const t of rest) {
    if (id >= size) break;
    if (taken.has(t)) continue;
    taken.add(t);
    vocab[t] = id++;
  }
  return vocab;
}

/** The served tokenizer.json from the trainer's output (see the file comment). */
export function finalizeTrained(trained: Json, o: TrainOptions, byteAlphabet: string[]): Json {
  const model = trained.model as Model;
  const out: Json = { ...trained, added_tokens: addedTokens(o.specialTokens), truncation: null, padding: null };
  if (o.algorithm === 'wordpiece') {
    const vocab = withSpecials(o.specialTokens, byId(model.vocab as Record<string, number>), o.vocabSize);
    out.model = { ...model, unk_token: unknownToken(o.specialTokens), vocab };
    out.post_processor = bertTemplate(o.specialTokens);
    out.decoder = { type: 'WordPiece', prefix: '##', cleanup: true };
  } else if (o.algorithm === 'bpe') {
    // Every byte stays encodable: the full byte-level alphabet precedes the learned merges.
    const merges = model.merges ?? [];
    const vocab = withSpecials(o.specialTokens, [...byteAlphabet.slice().sort(), ...merges.map(([a, b]) => a + b)], o.vocabSize);
    out.model = { ...model, vocab, merges: merges.filter(([a, b]) => a in vocab && b in vocab && a + b in vocab) };
    out.post_processor = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
    out.decoder = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  } else {
    const pieces = model.vocab as [string, number][];
    const single = (p: string) => [...p.replace(/^▁/, '')].length <= 1;
    const room = o.vocabSize - o.specialTokens.length - pieces.filter(([p]) => single(p)).length;
    let multi = 0;
    const kept = pieces.filter(([p]) => !o.specialTokens.includes(p) && (single(p) || multi++ < room));
    out.model = {
      ...model,
      vocab: [...o.specialTokens.map((t) => [t, 0] as [string, number]), ...kept],
      unk_id: o.specialTokens.indexOf(unknownToken(o.specialTokens)!),
    };
    // `add_prefix_space` is the older spelling of prepend_scheme 'always', still read by transformers.js 2.
    const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true, add_prefix_space: true };
    out.pre_tokenizer = metaspace;
    out.decoder = metaspace;
  }
  return out;
}

/** tokenizer_config.json: the class and the special-token roles, as Hugging Face writes them. */
export function tokenizerConfig(o: TrainOptions): Json {
  const role = (re: RegExp) => o.specialTokens.find((s) => re.test(s));
  const config: Json = { tokenizer_class: 'PreTrainedTokenizerFast', clean_up_tokenization_spaces: false, model_max_length: 512 };
  const roles: [string, RegExp][] = [['unk_token', /unk/i], ['pad_token', /pad/i], ['cls_token', /cls/i], ['sep_token', /sep/i],
    ['mask_token', /mask/i], ['bos_token', /^<s>$|bos|begin/i], ['eos_token', /^<\/s>$|eos|endoftext/i]];
  for (const [key, re] of roles) {
    const t = role(re);
    if (t) config[key] = t;
  }
  if (o.algorithm === 'wordpiece') config.do_lower_case = o.lowercase;
  return config;
}
