import type { TokenizerFiles } from './load.js';
import { modelWithoutVocab, type TokenizerJson } from './tokenizer-json.js';
import type { TokenLookup } from './token-index.js';

/**
 * BPE merge ranks by pair of token ids: `keys` (left * 2^20 + right) sorted ascending, `ranks[i]` the
 * rank of `keys[i]`. Sorted typed arrays load from the prepared cache with no building at all; lookups
 * go through a binary search (bpe-merges.ts caches its results).
 */
export interface PairTable {
  keys: Float64Array;
  ranks: Int32Array;
  /** Number of merges (ranks are below it). */
  mergeCount: number;
}

/** Token ids must fit in 20 bits for the pair keys (Gemma 3 has 262,145). */
export const PAIR_SHIFT = 2 ** 20;

/**
 * What the service needs from a tokenizer folder once its files are parsed: the configuration without
 * the large vocabulary and merge sections, and those sections in the forms the encoders use.
 */
export interface TokenizerData {
  /** tokenizer.json with `model.vocab` and `model.merges` replaced by empty values. */
  json: TokenizerJson;
  config: Record<string, unknown>;
  /** id → token (added tokens included); ids no token has are holes. */
  vocab: (string | undefined)[];
  /** token → id (added tokens included). */
  tokenToId: TokenLookup;
  /** BPE models: merge rank by id pair; null for other models. */
  pairs: PairTable | null;
  /** Unigram models: the model's own pieces and their scores (id order); null for other models. */
  unigram?: UnigramPieces | null;
}

/** A Unigram model's vocabulary: pieces (added tokens not among them) and log-probability scores. */
export interface UnigramPieces {
  pieces: string[];
  scores: Float64Array;
}

/**
 * Derives the data from parsed files, with the vocabulary both ways exactly as transformers.js builds it
 * (model vocab in object order, a later token with the same id taking the slot, then added tokens on top),
 * so ids, tokens and /vocab listings stay what they were when transformers.js built them; a Unigram model's
 * list of [piece, score] in id order. Null for a vocabulary of neither form: transformers.js serves those.
 */
export function dataFromFiles(files: TokenizerFiles): TokenizerData | null {
  const model = files.json.model;
  const unigram = model.type === 'Unigram' ? unigramPieces(model.vocab) : null;
  if (!unigram && (!model.vocab || typeof model.vocab !== 'object' || Array.isArray(model.vocab))) return null;
  // A Unigram vocabulary is a list of [piece, score]; a repeated piece maps to its last id (as the reference's map).
  const tokenToId = unigram ? new Map(unigram.pieces.map((p, id) => [p, id])) : new Map(Object.entries(model.vocab as Record<string, number>));
  const vocab: (string | undefined)[] = unigram ? [...unigram.pieces] : new Array(tokenToId.size);
  if (!unigram) for (const [token, id] of tokenToId) vocab[id] = token;
  for (const added of files.json.added_tokens ?? []) {
    tokenToId.set(added.content, added.id);
    vocab[added.id] = added.content;
  }
  const pairs = model.type === 'BPE' && Array.isArray(model.merges) ? pairTable(model.merges, vocab, tokenToId) : null;
  return { json: { ...files.json, model: modelWithoutVocab(model) }, config: files.config, vocab, tokenToId, pairs, unigram };
}

/** A Unigram vocabulary's pieces and scores, or null when it is not a list of [piece, score]. */
function unigramPieces(vocab: unknown): UnigramPieces | null {
  if (!Array.isArray(vocab)) return null;
  const pieces: string[] = [];
  const scores = new Float64Array(vocab.length);
  for (const [id, entry] of vocab.entries()) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') return null;
    pieces.push(entry[0]);
    scores[id] = entry[1];
  }
  return { pieces, scores };
}

/**
 * The pair table of `merges` ("left right" strings or [left, right] pairs). A pair of ids has the rank of
 * the merge that reads `${vocab[left]} ${vocab[right]}`, the last one when a merge repeats (what a Map of
 * the joined strings gives, as transformers.js and Hugging Face build it). Null when ids do not fit.
 */
function pairTable(merges: unknown[], vocab: readonly (string | undefined)[], tokenToId: TokenLookup): PairTable | null {
  if (vocab.length >= PAIR_SHIFT) return null;
  // Ids holding a token: tokenToId's id, plus (rarely) other slots holding the same string.
  const others = new Map<string, number[]>();
  vocab.forEach((token, id) => {
    if (token !== undefined && tokenToId.get(token) !== id) others.set(token, [...(others.get(token) ?? []), id]);
  });
  const idsOf = (token: string): number[] => {
    const id = tokenToId.get(token);
    const main = id !== undefined && vocab[id] === token ? [id] : [];
    const more = others.get(token);
    return more ? [...main, ...more] : main;
  };
  // Pair key → rank; a later merge of the same string overwrites (the last one wins).
  const rankOf = new Map<number, number>();
  merges.forEach((m, rank) => {
    const joined = Array.isArray(m) ? m.join(' ') : String(m);
    // A token may itself hold a space: every split whose two sides are tokens is that pair.
    for (let at = joined.indexOf(' '); at >= 0; at = joined.indexOf(' ', at + 1)) {
      const lefts = idsOf(joined.slice(0, at));
      if (lefts.length === 0) continue;
      for (const r of idsOf(joined.slice(at + 1))) for (const l of lefts) rankOf.set(l * PAIR_SHIFT + r, rank);
    }
  });
  const keys = Float64Array.from(rankOf.keys()).sort();
  return { keys, ranks: Int32Array.from(keys, (k) => rankOf.get(k)!), mergeCount: merges.length };
}

/** The rank of the pair (left, right), or -1. */
export function pairRank(table: PairTable, left: number, right: number): number {
  const key = left * PAIR_SHIFT + right;
  const { keys } = table;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return table.ranks[mid];
  }
  return -1;
}
