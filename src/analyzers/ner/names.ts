import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dict as jiebaDict } from '@node-rs/jieba/dict.js';
import { projectRoot } from '../../paths.js';
import type { UPos } from '../types.js';
import { chineseFeatures, chinesePosFeatures, englishFeatures, type ChineseChars, type EnglishToken, type Gazetteer, type Lookup } from './features.js';
import { label, loadModel, unitSink, type SequenceModel } from './sequence-model.js';
import { StringTable } from './string-table.js';

/** Where the trained weights live (with their NOTICE: they are CC BY-SA, the code MIT). */
export const weightsDir = join(projectRoot, 'data', 'ner');

export const MODEL_FILES = { en: 'en-names.bin.gz', zh: 'zh-names.bin.gz', zhPos: 'zh-upos.bin.gz' } as const;

/** English gazetteer: `phrase<TAB>classes` a line (first/last names, places, organisations…). */
export const GAZETTEER_FILE = 'en-gazetteer.txt';

/** English word clusters: `word<TAB>fine<TAB>coarse` a line (k-means of word vectors). */
export const CLUSTERS_FILE = 'en-clusters.txt';

let gazetteer: Gazetteer | null = null;
let clusters: Lookup | null = null;

/** Word → "fine|coarse" cluster ids, read on first use. */
export function englishClusters(): Lookup {
  if (!clusters) {
    const lines = readFileSync(join(weightsDir, CLUSTERS_FILE), 'utf8').split('\n');
    const table = new StringTable(lines.length);
    const ids: string[] = [];
    const index = new Map<string, number>();
    for (const line of lines) {
      const [word, fine, coarse] = line.split('\t');
      if (coarse === undefined) continue;
      const id = `${fine}|${coarse}`;
      let k = index.get(id);
      if (k === undefined) index.set(id, (k = ids.push(id) - 1));
      table.set(word, k);
    }
    clusters = { get: (word) => ids[table.get(word) ?? -1] };
  }
  return clusters;
}

/** The English gazetteer, read on first use. */
export function englishGazetteer(): Gazetteer {
  if (!gazetteer) {
    const lines = readFileSync(join(weightsDir, GAZETTEER_FILE), 'utf8').split('\n');
    const table = new StringTable(lines.length * 2);
    const classes: string[] = [];
    let longest = 1;
    const prefixes = new Set<string>();
    for (const line of lines) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const phrase = line.slice(0, tab);
      const c = line.slice(tab + 1);
      let k = classes.indexOf(c);
      if (k < 0) k = classes.push(c) - 1;
      table.set(phrase, k);
      const words = phrase.split(' ');
      longest = Math.max(longest, words.length);
      for (let n = 1; n < words.length; n++) prefixes.add(words.slice(0, n).join(' '));
    }
    // After every phrase: a prefix that is a phrase itself keeps its classes (set ignores a known key).
    const prefix = classes.push('') - 1;
    for (const p of prefixes) table.set(p, prefix);
    gazetteer = { entries: { get: (phrase) => classes[table.get(phrase) ?? -1] }, longest };
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
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    const kind = l[0];
    if (kind === 'B') first = i;
    else if (kind === 'S' || (kind === 'E' && first >= 0)) {
      out.push({ first: kind === 'S' ? i : first, last: i, type: TYPES[l.slice(2)] ?? l.slice(2) });
      first = -1;
    }
  }
  return out;
}

/** People, places and organisations among English tokens (token index spans). */
export function englishNames(tokens: EnglishToken[]): NameSpan[] {
  if (tokens.length === 0) return [];
  const sink = unitSink(model('en'), tokens.length);
  englishFeatures(tokens, englishGazetteer(), englishClusters(), sink);
  return spansOf(sink.labels());
}

/** A jieba word with its UTF-16 [start, end) in the text. */
export interface TaggedWord {
  word: string;
  tag: string;
  start: number;
  end: number;
}

/** The characters of a text segmented by jieba, each with its word, for the character tagger. */
export function charsOf(words: TaggedWord[]): ChineseChars {
  const chars: string[] = [];
  const wordIndex: number[] = [];
  const offsets: number[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    for (let at = w.start; at < w.end;) {
      const code = w.word.codePointAt(at - w.start)!;
      const ch = String.fromCodePoint(code);
      chars.push(ch);
      wordIndex.push(k);
      offsets.push(at);
      at += ch.length;
    }
  }
  return { chars, wordIndex, offsets };
}

/** Lines of jieba's dictionary (`word frequency tag`) tagged as names: people, places, organisations, other proper nouns. */
const NAME_TAGS = ['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz'];
const NAME_LINE = new RegExp(`^(\\S+) \\d+ (${NAME_TAGS.join('|')})$`, 'gmu');
/** A character starting this many of jieba's people's names is a surname; in this many transliterated names, a transliteration character. */
const SURNAME_MIN = 50;
const TRANSLIT_MIN = 20;

/** jieba's dictionary names (word → tag) and character roles in them (character → "sur", "tr" or "sur,tr"). */
export interface ChineseNameDictionary {
  names: Lookup;
  roles: Lookup;
}

let chineseNameDict: ChineseNameDictionary | null = null;

/** The names of jieba's default dictionary, read from it on first use. */
export function chineseNameDictionary(): ChineseNameDictionary {
  if (!chineseNameDict) {
    const text = Buffer.from(jiebaDict).toString('utf8');
    // Matching the name lines only keeps the other 240,000 lines from ever becoming strings; the passes
    // keep no list of the names either (the peak of memory is what stays resident).
    let names = 0;
    const surnames = new Map<string, number>();
    const translit = new Map<string, number>();
    const count = (m: Map<string, number>, c: string) => m.set(c, (m.get(c) ?? 0) + 1);
    for (const m of text.matchAll(NAME_LINE)) {
      const chars = [...m[1]];
      names++;
      if (m[2] === 'nr' && chars.length <= 3) count(surnames, chars[0]);
      if (m[2] === 'nrt' || m[2] === 'nrfg') for (const c of chars) count(translit, c);
    }
    const roles = new Map<string, string>();
    for (const [c, n] of surnames) if (n >= SURNAME_MIN) roles.set(c, 'sur');
    for (const [c, n] of translit) if (n >= TRANSLIT_MIN) roles.set(c, roles.has(c) ? 'sur,tr' : 'tr');
    const values = [...NAME_TAGS, ''];
    const table = new StringTable(names);
    for (const m of text.matchAll(NAME_LINE)) table.set(m[1], NAME_TAGS.indexOf(m[2]));
    // A name's beginnings that are no name themselves map to '' (the tagger stops looking at unknown
    // ones); set after every name, as a known key keeps its value.
    for (const m of text.matchAll(NAME_LINE)) {
      for (let n = 1; n < m[1].length; n++) table.set(m[1].slice(0, n), values.length - 1);
    }
    chineseNameDict = { names: { get: (word) => values[table.get(word) ?? -1] }, roles };
  }
  return chineseNameDict;
}

/** People, places and organisations in a Chinese text, as UTF-16 [start, end) spans. */
export function chineseNames(words: TaggedWord[]): { start: number; end: number; type: string }[] {
  const chars = charsOf(words);
  const { offsets } = chars;
  if (offsets.length === 0) return [];
  const sink = unitSink(model('zh'), offsets.length);
  chineseFeatures(chars, words, chineseNameDictionary(), sink);
  const out: { start: number; end: number; type: string }[] = [];
  for (const s of spansOf(sink.labels())) out.push({ start: offsets[s.first], end: offsets[s.last] + chars.chars[s.last].length, type: s.type });
  return out;
}

/** Universal POS of each jieba word, by a tagger trained on UD Chinese-GSDSimp. */
export function chinesePos(words: { word: string; tag: string }[]): UPos[] {
  return words.length === 0 ? [] : (label(model('zhPos'), chinesePosFeatures(words)) as UPos[]);
}
