import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../src/paths.js';

/**
 * The annotated corpora behind the name taggers and the Chinese POS tagger, and which part of each is
 * held out for evaluation. `NER_DATA_DIR` (default: the shared data folder beside the project, see
 * data/ner/SOURCE.md) holds Universal NER and UD files; the GUM-derived files are committed in data/corpora.
 */
export function dataDir(): string {
  const candidates = [process.env.NER_DATA_DIR, resolve(projectRoot, '../shared/data'), resolve(projectRoot, '../../shared/data')];
  const dir = candidates.find((d): d is string => d !== undefined && existsSync(join(d, 'uner')));
  if (!dir) throw new Error('Universal NER / UD data not found: set NER_DATA_DIR to the folder holding uner/ and ud/');
  return dir;
}

/** A sentence of gold tokens with IOB2 labels (PER, LOC, ORG; other types are O), and its document. */
export interface NerSentence {
  doc: string;
  tokens: string[];
  labels: string[];
}

const KEPT = new Set(['PER', 'LOC', 'ORG']);

/** Reads IOB2 in UNER's CoNLL-U-like columns (id, token, label) or two columns (token, label). */
export function readIob(path: string): NerSentence[] {
  const out: NerSentence[] = [];
  let doc = '';
  let cur: NerSentence = { doc, tokens: [], labels: [] };
  let docCount = 0;
  const flush = () => {
    if (cur.tokens.length) out.push(cur);
    cur = { doc, tokens: [], labels: [] };
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^# newdoc id = (.*)$/.exec(line);
    if (m) {
      flush();
      doc = m[1].trim() || `doc-${docCount}`;
      docCount++;
      cur.doc = doc;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line.trim() === '') { flush(); continue; }
    const cols = line.split('\t');
    const [token, tag] = /^\d+$/.test(cols[0]) && cols.length >= 3 ? [cols[1], cols[2]] : [cols[0], cols[1]];
    const type = tag.slice(2);
    cur.tokens.push(token);
    cur.labels.push(tag !== 'O' && KEPT.has(type) ? tag : 'O');
  }
  flush();
  // An I- whose B- was dropped (OTH) or missing becomes B-.
  for (const s of out) s.labels = s.labels.map((l, i) => (l.startsWith('I-') && s.labels[i - 1]?.slice(2) !== l.slice(2) ? `B-${l.slice(2)}` : l));
  return out;
}

/** A UD sentence: word forms and UPOS (multiword-token ranges and empty nodes left out). */
export interface UdSentence {
  text: string;
  words: string[];
  upos: string[];
}

export function readConllu(path: string): UdSentence[] {
  const out: UdSentence[] = [];
  let cur: UdSentence = { text: '', words: [], upos: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('# text = ')) cur.text = line.slice(9);
    else if (line.trim() === '') {
      if (cur.words.length) out.push(cur);
      cur = { text: '', words: [], upos: [] };
    } else if (!line.startsWith('#')) {
      const cols = line.split('\t');
      if (/^\d+$/.test(cols[0])) {
        cur.words.push(cols[1]);
        cur.upos.push(cols[3]);
      }
    }
  }
  if (cur.words.length) out.push(cur);
  return out;
}

/** Split of a corpus into the part trained on and the part held out for evaluation. */
export interface Split<T> {
  train: T[];
  heldOut: T[];
}

/** English: GUM train documents and three of every four UNER EWT dev documents; held out: the fourth, and GUM dev. */
export function englishData(): Split<NerSentence> & { heldOutGum: NerSentence[] } {
  const ewt = readIob(join(dataDir(), 'uner/en_ewt-ud-dev.iob2'));
  const docs = [...new Set(ewt.map((s) => s.doc))];
  const held = new Set(docs.filter((_, i) => i % 4 === 3));
  const gum = readIob(join(projectRoot, 'data/corpora/gum-en-train.iob2'));
  return {
    train: [...gum, ...ewt.filter((s) => !held.has(s.doc))],
    heldOut: ewt.filter((s) => held.has(s.doc)),
    heldOutGum: readIob(join(projectRoot, 'data/corpora/gum-en-dev.iob2')),
  };
}

/** Sentences of the Chinese-GSDSimp dev file held out (the second half; UNER and UD list them in the same order). */
const zhHeldOut = (i: number) => i >= 250;

/** Chinese names: UNER GSDSimp train and the first half of dev; held out: the second half of dev. */
export function chineseData(): Split<NerSentence> {
  const dev = readIob(join(dataDir(), 'uner/zh_gsdsimp-ud-dev.iob2'));
  return {
    train: [...readIob(join(dataDir(), 'uner/zh_gsdsimp-ud-train.iob2')), ...dev.filter((_, i) => !zhHeldOut(i))],
    heldOut: dev.filter((_, i) => zhHeldOut(i)),
  };
}

/** Chinese UPOS: UD GSDSimp dev, split as for names. */
export function chinesePosData(): Split<UdSentence> {
  const dev = readConllu(join(dataDir(), 'ud/zh_gsdsimp-ud-dev.conllu'));
  return { train: dev.filter((_, i) => !zhHeldOut(i)), heldOut: dev.filter((_, i) => zhHeldOut(i)) };
}
