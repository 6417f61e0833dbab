import { posOfType } from './token-type.js';
import type { TokenType, UPos } from './types.js';

/**
 * jieba's tag set (ICTCLAS-style, first letter = class) → Universal POS. Classifiers (q) are NOUN and
 * localizers (f) ADP, as in the Universal Dependencies Chinese treebanks.
 */
const BY_TAG: Record<string, UPos> = {
  a: 'ADJ', ad: 'ADV', ag: 'ADJ', an: 'ADJ', b: 'ADJ', c: 'CCONJ', d: 'ADV', df: 'ADV', dg: 'ADV',
  e: 'INTJ', f: 'ADP', g: 'X', h: 'X', i: 'X', j: 'PROPN', k: 'X', l: 'X', m: 'NUM', mg: 'NUM', mq: 'NUM',
  n: 'NOUN', ng: 'NOUN', nr: 'PROPN', nrfg: 'PROPN', nrt: 'PROPN', ns: 'PROPN', nt: 'PROPN', nz: 'PROPN',
  o: 'INTJ', p: 'ADP', q: 'NOUN', r: 'PRON', rg: 'PRON', rr: 'PRON', rz: 'PRON', s: 'NOUN', t: 'NOUN',
  tg: 'NOUN', u: 'PART', ud: 'PART', ug: 'PART', uj: 'PART', ul: 'PART', uv: 'PART', uz: 'PART',
  v: 'VERB', vd: 'VERB', vg: 'VERB', vi: 'VERB', vn: 'VERB', vq: 'VERB', y: 'PART', z: 'ADJ', zg: 'ADJ',
};

/** The Universal POS of a jieba tag; `x` (unknown, punctuation, symbols) and `eng` are decided by token type. */
export function jiebaToUpos(tag: string, type: TokenType): UPos {
  if (tag === 'x' || tag === 'eng' || !(tag in BY_TAG)) return posOfType(type);
  return BY_TAG[tag];
}
