import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dict as jiebaDict } from '@node-rs/jieba/dict.js';
import { projectRoot } from '../../paths.js';
import type { UPos } from '../types.js';
import { chineseFeatures, chinesePosFeatures, englishFeatures, type ChineseChar, type EnglishToken, type Gazetteer } from './features.js';
import { label, loadModel, type SequenceModel } from './sequence-model.js';

/** Where the trained weights live (with their NOTICE: they are CC BY-SA, the code MIT). */
export const weightsDir = join(projectRoot, 'data', 'ner');

export const MODEL_FILES = { en: 'en-names.bin.gz', zh: 'zh-names.bin.gz', zhPos: 'zh-upos.bin.gz' } as const;

/** English gazetteer: `phrase<TAB>classes` a line (first/last names, places, organisations…). */
export const GAZETTEER_FILE = 'en-gazetteer.txt';

/** English word clusters: `word<TAB>fine<TAB>coarse` a line (k-means of word vectors). */
export const CLUSTERS_FILE = 'en-clusters.txt';

let gazetteer: Gazetteer | null = null;
let clusters: Map<string, string> | null = null;

/** Word → "fine|coarse" cluster ids, read on first use. */
export function englishClusters(): Map<string, string> {
  if (!clusters) {
    clusters = new Map();
    for (const line of readFileSync(join(weightsDir, CLUSTERS_FILE), 'utf8').split('\n')) {
      const [word, fine, coarse] = line.split('\t');
      if (coarse !== undefined) clusters.set(word, `${fine}|${coarse}`);
    }
  }
  return clusters;
}

/** The English gazetteer, read on first use. */
export function englishGazetteer(): Gazetteer {
  if (!gazetteer) {
    const entries = new Map<string, string>();
    let longest = 1;
    for (const line of readFileSync(join(weightsDir, GAZETTEER_FILE), 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const phrase = line.slice(0, tab);
      entries.set(phrase, line.slice(tab + 1));
      longest = Math.max(longest, phrase.split(' ').length);
    }
    gazetteer = { entries, longest };
  }
  return gazetteer;
}

const models = new Map<string, SequenceModel>();

/** A model of `weightsDir`, read on first use (each is a few MB) and kept for the process. */
export function model(which: keyof typeof MODEL_FILES): SequenceModel {
  let m = models.get(which);
  if (!m) {
    m = loadModel(join(weightsDir, MODEL_FILES[which]));
    models.set(which, m);
  }
  return m;
}

const TYPES: Record<string, string> = { PER: 'PERSON', LOC: 'LOCATION', ORG: 'ORGANIZATION' };

/** A name found by a tagger: units [first, last] (tokens or characters) and its entity type. */
export interface NameSpan {
  first: number;
  last: number;
  type: string;
}

/** The spans of a BIOES label sequence (B-X … E-X, or S-X alone). */
export function spansOf(labels: string[]): NameSpan[] {
  const out: NameSpan[] = [];
  let first = -1;
  labels.forEach((l, i) => {
    const kind = l[0];
    if (kind === 'B') first = i;
    else if (kind === 'S' || (kind === 'E' && first >= 0)) {
      out.push({ first: kind === 'S' ? i : first, last: i, type: TYPES[l.slice(2)] ?? l.slice(2) });
      first = -1;
    }
  });
  return out;
}

/** People, places and organisations among English tokens (token index spans). */
export function englishNames(tokens: EnglishToken[]): NameSpan[] {
  return tokens.length === 0 ? [] : spansOf(label(model('en'), englishFeatures(tokens, englishGazetteer(), englishClusters())));
}

/** A jieba word with its UTF-16 [start, end) in the text. */
export interface TaggedWord {
  word: string;
  tag: string;
  start: number;
  end: number;
}

/** The characters of a text segmented by jieba, each with its word, for the character tagger. */
export function charsOf(words: TaggedWord[]): { chars: ChineseChar[]; offsets: number[] } {
  const chars: ChineseChar[] = [];
  const offsets: number[] = [];
  words.forEach((w, k) => {
    const cs = [...w.word];
    let at = w.start;
    cs.forEach((char, j) => {
      const place = cs.length === 1 ? 'S' : j === 0 ? 'B' : j === cs.length - 1 ? 'E' : 'M';
      chars.push({ char, word: w.word, tag: w.tag, place, wordIndex: k });
      offsets.push(at);
      at += char.length;
    });
  });
  return { chars, offsets };
}

/** jieba's dictionary tags of names: people, places, organisations, other proper nouns. */
const NAME_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz']);
let chineseNameDict: Map<string, string> | null = null;

/** The names of jieba's default dictionary (word → tag), read from it on first use. */
export function chineseNameDictionary(): Map<string, string> {
  if (!chineseNameDict) {
    chineseNameDict = new Map();
    for (const line of Buffer.from(jiebaDict).toString('utf8').split('\n')) {
      const [word, , tag] = line.split(' ');
      if (tag && NAME_TAGS.has(tag)) chineseNameDict.set(word, tag);
    }
  }
  return chineseNameDict;
}

/** People, places and organisations in a Chinese text, as UTF-16 [start, end) spans. */
export function chineseNames(words: TaggedWord[]): { start: number; end: number; type: string }[] {
  const { chars, offsets } = charsOf(words);
  if (chars.length === 0) return [];
  const spans = spansOf(label(model('zh'), chineseFeatures(chars, words, chineseNameDictionary())));
  return spans.map((s) => ({ start: offsets[s.first], end: offsets[s.last] + chars[s.last].char.length, type: s.type }));
}

/** Universal POS of each jieba word, by a tagger trained on UD Chinese-GSDSimp. */
export function chinesePos(words: { word: string; tag: string }[]): UPos[] {
  return words.length === 0 ? [] : (label(model('zhPos'), chinesePosFeatures(words)) as UPos[]);
}
