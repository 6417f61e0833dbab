import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { chineseNames, chinesePos, type TaggedWord } from './ner/names.js';
import { classify, posOfType } from './token-type.js';
import type { AnalysisFlags, RawToken } from './types.js';

const engines = new Map<string, Jieba>();

/**
 * jieba with its default dictionary plus, when given, a user dictionary (jieba's format: one
 * `word [frequency] [tag]` per line). One instance per dictionary file, shared by every analyzer.
 */
export function chineseEngine(userDict: string): Jieba {
  let jieba = engines.get(userDict);
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    if (userDict !== '') jieba.loadDict(readFileSync(userDict));
    engines.set(userDict, jieba);
  }
  return jieba;
}

/** jieba's time words are DATE entities; people, places and organisations come from the name tagger. */
const DATE_TAG = 't';

/** jieba's words of `text` with their tags and UTF-16 offsets (empty and unfound words left out). */
export function taggedWords(jieba: Jieba, text: string): TaggedWord[] {
  const out: TaggedWord[] = [];
  let cursor = 0;
  for (const { word, tag } of jieba.tag(text, true)) {
    const start = text.indexOf(word, cursor);
    if (start < 0 || word.length === 0) continue;
    cursor = start + word.length;
    out.push({ word, tag, start, end: cursor });
  }
  return out;
}

/**
 * Chinese dictionary segmentation (jieba with HMM for unknown words). jieba's `tag` is always used, so
 * the segmentation is the same whether POS is asked for or not; with entities, a word is also cut where
 * a name found by the character tagger starts or ends inside it. POS comes from a tagger over jieba's
 * words and tags. Offsets are relative to `text`.
 */
export function segmentChinese(jieba: Jieba, text: string, flags: AnalysisFlags, nextEntityId: () => number): RawToken[] {
  const words = taggedWords(jieba, text);
  const wantEntities = flags.entities || flags.mergeEntities;
  const names = wantEntities || flags.pos ? chineseNames(words) : [];
  const pos = flags.pos ? chinesePos(words) : null;
  // Words are cut at names' ends only when entities are asked for: POS alone keeps jieba's segmentation.
  const cuts = new Set(wantEntities ? names.flatMap((n) => [n.start, n.end]) : []);
  const out: RawToken[] = [];
  words.forEach(({ word, tag, start, end }, k) => {
    let from = start;
    for (let at = start + 1; at <= end; at++) {
      if (at < end && !cuts.has(at)) continue;
      const piece = from === start && at === end ? word : text.slice(from, at);
      const type = classify(piece);
      const token: RawToken = { start: from, end: at, type };
      if (pos) {
        token.pos = type === 'word' ? pos[k] : posOfType(type);
        token.tag = tag;
      }
      if (tag === DATE_TAG && wantEntities && from === start && at === end) Object.assign(token, { entity: 'DATE', entityId: nextEntityId() });
      out.push(token);
      from = at;
    }
  });
  // Names and tokens are both in text order; with entities every name starts and ends at token
  // boundaries, with POS alone the tokens wholly inside a name are PROPN.
  let k = 0;
  for (const name of names) {
    while (k < out.length && out[k].start < name.start) k++;
    const id = wantEntities ? nextEntityId() : undefined;
    for (; k < out.length && out[k].end <= name.end; k++) {
      const t = out[k];
      if (pos && t.type === 'word') t.pos = 'PROPN';
      if (id !== undefined) Object.assign(t, { entity: name.type, entityId: id });
    }
  }
  return out;
}
