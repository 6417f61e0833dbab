import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { jiebaToUpos } from './pos-map.js';
import { classify } from './token-type.js';
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

/** jieba's tags that name entities (person, place, organisation, time words). */
const ENTITY_TAGS: Record<string, string> = {
  nr: 'PERSON', nrfg: 'PERSON', nrt: 'PERSON', ns: 'LOCATION', nt: 'ORGANIZATION', t: 'DATE',
};

/**
 * Chinese dictionary segmentation (jieba with HMM for unknown words). jieba's `tag` is always used, so
 * the segmentation is the same whether POS is asked for or not. Offsets are relative to `text`.
 */
export function segmentChinese(jieba: Jieba, text: string, flags: AnalysisFlags, nextEntityId: () => number): RawToken[] {
  const out: RawToken[] = [];
  let cursor = 0;
  for (const { word, tag } of jieba.tag(text, true)) {
    const start = text.indexOf(word, cursor);
    if (start < 0 || word.length === 0) continue;
    cursor = start + word.length;
    const type = classify(word);
    const token: RawToken = { start, end: cursor, type };
    if (flags.pos) {
      token.pos = jiebaToUpos(tag, type);
      token.tag = tag;
    }
    const entity = ENTITY_TAGS[tag];
    if (entity && (flags.entities || flags.mergeEntities)) Object.assign(token, { entity, entityId: nextEntityId() });
    out.push(token);
  }
  return out;
}
