/**
 * Feature templates of the name taggers. The same functions serve training (scripts/ner) and
 * analysis, so a model always sees the features it was trained on.
 */

/**
 * Receives the features of one unit (token, character) after another. A feature is the concatenation
 * of its parts: analysis hashes the parts in turn and never builds the string (sequence-model.ts).
 */
export interface FeatureSink {
  /** Moves to the next unit, before its first feature. */
  next(): void;
  /**
   * Starts a block of features that depend on `key` alone (a word; three POS tags joined…), up to `end`;
   * `slot` names the block's template group. False when the sink already knows what the block adds up
   * to for this key (analysis keeps that per frequent key): then skip it. An undefined key (a sequence
   * boundary) makes the block uncached.
   */
  begin(slot: number, key: BlockKey | undefined): boolean;
  /**
   * The following features (up to the next `to`, `end` or `next`) go to the unit `offset` (±BLOCK_REACH
   * in a block) from the current one, and outside blocks to the `count` units from there; none outside
   * the sequence.
   */
  to(offset: number, count?: number): void;
  end(): void;
  add(p0: string, p1?: string, p2?: string, p3?: string, p4?: string, p5?: string): void;
}

/** What a block's features depend on: a string, a small integer, or an object that stands for one value (a word's view). */
export type BlockKey = string | number | object;

/** How far from its unit a block's features may go (FeatureSink.to). */
export const BLOCK_REACH = 4;

/** A sink that keeps each unit's features as strings (training). */
export class StringSink implements FeatureSink {
  readonly features: string[][] = [];
  private unit = -1;
  private targets: string[][] = [];

  constructor(private readonly units: number) {}

  next(): void {
    this.unit++;
    this.to(0);
  }

  begin(): boolean {
    return true;
  }

  to(offset: number, count = 1): void {
    this.targets = [];
    for (let u = this.unit + offset; u < this.unit + offset + count; u++) {
      if (u >= 0 && u < this.units) this.targets.push((this.features[u] ??= []));
    }
  }

  end(): void {
    this.to(0);
  }

  add(p0: string, p1 = '', p2 = '', p3 = '', p4 = '', p5 = ''): void {
    const feature = p0 + p1 + p2 + p3 + p4 + p5;
    for (const t of this.targets) t.push(feature);
  }
}

/** One English token as the tagger sees it: its text, wink-nlp's POS, and whether it starts a sentence. */
export interface EnglishToken {
  text: string;
  pos: string;
  sentenceStart: boolean;
}

const SPACE = /\s/u;
/** Feature values are joined with "\n" in the weights file: keep whitespace out of them. */
const clean = (s: string) => (SPACE.test(s) ? s.replace(/\s/gu, '_') : s);

/** The shape class of one character (ASCII decided without a regular expression: this runs per character). */
function shapeClass(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90 ? 'X' : c >= 97 && c <= 122 ? 'x' : c >= 48 && c <= 57 ? 'd' : ch;
  return /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : /\p{L}/u.test(ch) ? 'L' : ch;
}

/** "McDonald's" → "XxXxx'x" (each run of one character class collapsed to one, digits as d). */
function shape(word: string): string {
  let out = '';
  for (const ch of word) {
    const c = shapeClass(ch);
    if (!out.endsWith(c)) out += c;
  }
  return clean(out);
}

/** A read-only string → string map (a Map, or a compact table). */
export interface Lookup {
  get(key: string): string | undefined;
}

/**
 * Lower-case phrases (words joined by one space) → their classes, e.g. "abu dhabi" → "place"; the first
 * words of a longer phrase that are no phrase themselves ("abu") → ''.
 */
export interface Gazetteer {
  entries: Lookup;
  /** Words in the longest phrase. */
  longest: number;
}

const NONE: string[] = [];

/** Adds `feature` to unit `i` of `a`, where units without features share NONE. */
function pushFeature(a: string[][], i: number, feature: string): void {
  if (a[i] === NONE) a[i] = [feature];
  else a[i].push(feature);
}

/** `a[i]`, or the marks of the sequence's start and end past its ends. */
function at(a: string[], i: number): string {
  return i < 0 ? '<s>' : i >= a.length ? '</s>' : a[i];
}

const classLists = new Map<string, string[]>();
/** "company,name" → ["company", "name"], split once per distinct list (a few dozen). */
function classesOf(list: string): string[] {
  let c = classLists.get(list);
  if (!c) classLists.set(list, (c = list.split(',')));
  return c;
}

/**
 * Gazetteer phrase features: for each token, each class of the longest phrase starting at it (`B`) or
 * covering it (`I`) (the token alone: WordView.single). One feature per class, so that "apple" (company,
 * name) shares what was learnt about companies and about names.
 */
function gazetteerFeatures(views: WordView[], lower: string[], g: Gazetteer): string[][] {
  // Most tokens have no class: they share one empty array.
  const phrase: string[][] = new Array<string[]>(lower.length).fill(NONE);
  for (let i = 0; i < lower.length; i++) {
    if (views[i].entry === undefined) continue; // the first word of every phrase is in the table
    let words = lower[i];
    let match = 0;
    let classes = '';
    for (let n = 2; n <= g.longest && i + n <= lower.length; n++) {
      words += ` ${lower[i + n - 1]}`;
      const c = g.entries.get(words);
      if (c === undefined) break; // no longer phrase starts this way ('' marks a phrase's beginning)
      if (c) { match = n; classes = c; }
    }
    for (const c of match > 0 ? classesOf(classes) : NONE) {
      pushFeature(phrase, i, `gB=${c}`);
      for (let k = i + 1; k < i + match; k++) pushFeature(phrase, k, `gI=${c}`);
    }
  }
  return phrase;
}

/**
 * What the features use of a word alone: its cleaned lower case, its shape (and the shape's id), its
 * clusters ("fine|coarse"), its gazetteer entry (Gazetteer.entries) and the features of that entry's classes.
 */
interface WordView {
  lower: string;
  shape: string;
  shapeId: number;
  cluster: string;
  entry: string | undefined;
  single: string[];
}

/** Small ids of POS tags and shapes, for numeric block keys (FeatureSink.begin): at most ID_LIMIT. */
const ids = new Map<string, number>();
const ID_LIMIT = 1023;

/** The id of `s`, -1 past the limit. */
function idOf(s: string): number {
  let k = ids.get(s);
  if (k === undefined) {
    if (ids.size >= ID_LIMIT) return -1;
    ids.set(s, (k = ids.size));
  }
  return k;
}

/** One number for ids (a, b, c) when all three exist (below 2^30: it stays a small integer, as does -1 - it). */
function tripleKey(a: number | undefined, b: number, c: number | undefined): number | undefined {
  return a === undefined || c === undefined || a < 0 || b < 0 || c < 0 ? undefined : (a * 1024 + b) * 1024 + c;
}

/** Views of frequent words, per gazetteer and cluster table: at most this many each. */
const VIEWS_KEPT = 16384;
const wordViews = new WeakMap<Gazetteer, WeakMap<Lookup, Map<string, WordView>>>();

/** The views kept for `gazetteer` and `clusters`. */
function viewsKept(gazetteer: Gazetteer, clusters: Lookup): Map<string, WordView> {
  let byClusters = wordViews.get(gazetteer);
  if (!byClusters) wordViews.set(gazetteer, (byClusters = new WeakMap()));
  let kept = byClusters.get(clusters);
  if (!kept) byClusters.set(clusters, (kept = new Map()));
  return kept;
}

/** The view of the word `text` (from `kept`, the views of `gazetteer` and `clusters`). */
function wordView(text: string, kept: Map<string, WordView>, gazetteer: Gazetteer, clusters: Lookup): WordView {
  let v = kept.get(text);
  if (!v) {
    const lower = clean(text.toLowerCase());
    const sh = shape(text);
    const entry = gazetteer.entries.get(lower);
    const single = entry ? classesOf(entry).map((c) => `g1=${c}`) : NONE;
    v = { lower, shape: sh, shapeId: idOf(sh), cluster: clusters.get(lower) ?? '-|-', entry, single };
    if (kept.size >= VIEWS_KEPT) kept.clear();
    kept.set(text, v);
  }
  return v;
}

/** Blocks of the English features (FeatureSink.begin): each depends on its keys alone. */
const EN_WORD = 0;
const EN_POS = 1;
const EN_SHAPES = 2;

/**
 * The features of each English token: word, shape, affixes, POS, gazetteer classes, word clusters and
 * those of its neighbours, in blocks by what they depend on (FeatureSink.begin).
 */
export function englishFeatures(tokens: EnglishToken[], gazetteer: Gazetteer, clusters: Lookup, f: FeatureSink): void {
  const views: WordView[] = [];
  const lower: string[] = [];
  const shapes: string[] = [];
  const shapeIds: number[] = [];
  const cl: string[] = [];
  const pos: string[] = [];
  const posIds: number[] = [];
  const kept = viewsKept(gazetteer, clusters);
  for (const t of tokens) {
    const v = wordView(t.text, kept, gazetteer, clusters);
    views.push(v);
    lower.push(v.lower);
    shapes.push(v.shape);
    shapeIds.push(v.shapeId);
    cl.push(v.cluster);
    pos.push(t.pos);
    posIds.push(idOf(t.pos));
  }
  const phrase = gazetteerFeatures(views, lower, gazetteer);
  const last = tokens.length - 1;
  for (let i = 0; i <= last; i++) {
    const t = tokens[i];
    const w = lower[i];
    const s = shapes[i];
    f.next();
    // The word's own features, and those its neighbours see of it (as w-1, w+1…).
    if (f.begin(EN_WORD, views[i])) {
      f.add('b'); f.add('w=', w); f.add('s=', s); f.add('p3=', w.slice(0, 3));
      f.add('x2=', w.slice(-2)); f.add('x3=', w.slice(-3)); f.add('x4=', w.slice(-4));
      if (t.text !== w && t.text.length > 1) f.add('W=', clean(t.text));
      const single = views[i].single;
      for (const g of single) { f.add(g); f.add(g, '|', s); }
      const bar = cl[i].indexOf('|');
      const fine = cl[i].slice(0, bar);
      f.add('k=', fine); f.add('kc=', cl[i].slice(bar + 1)); f.add('k|s=', fine, '|', s);
      f.to(1);
      f.add('w-1=', w); f.add('k-1=', cl[i]);
      for (const g of single) f.add('-1:', g);
      f.to(-1);
      f.add('w+1=', w); f.add('k+1=', cl[i]);
      for (const g of single) f.add('+1:', g);
      f.to(2);
      f.add('w-2=', w);
      f.to(-2);
      f.add('w+2=', w);
      f.end();
    }
    if (i === 0) { f.add('w-1=<s>'); f.add('k-1=<s>'); }
    if (i < 2) f.add('w-2=<s>');
    if (i === last) { f.add('w+1=</s>'); f.add('k+1=</s>'); }
    if (i > last - 2) f.add('w+2=</s>');
    f.add('w-1|s=', at(lower, i - 1), '|', s); f.add('s|w+1=', s, '|', at(lower, i + 1));
    if (f.begin(EN_POS, tripleKey(posIds[i - 1], posIds[i], posIds[i + 1]))) {
      f.add('p=', pos[i]); f.add('p-1=', at(pos, i - 1)); f.add('p+1=', at(pos, i + 1));
      f.add('p-1|p=', at(pos, i - 1), '|', pos[i]); f.add('p|p+1=', pos[i], '|', at(pos, i + 1));
      f.end();
    }
    // The shapes around the token and whether it starts a sentence (the sign of the key).
    const shapesKey = tripleKey(shapeIds[i - 1], shapeIds[i], shapeIds[i + 1]);
    if (f.begin(EN_SHAPES, shapesKey !== undefined && t.sentenceStart ? -1 - shapesKey : shapesKey)) {
      f.add('s-1|s=', at(shapes, i - 1), '|', s); f.add('s|s+1=', s, '|', at(shapes, i + 1));
      f.add('s-1|s|s+1=', at(shapes, i - 1), '|', s, '|', at(shapes, i + 1));
      f.add('first|s=', t.sentenceStart ? 'true' : 'false', '|', s);
      f.end();
    }
    for (const g of phrase[i]) { f.add(g); f.add(g, '|', s); }
    for (const g of phrase[i - 1] ?? NONE) f.add('-1:', g);
    for (const g of phrase[i + 1] ?? NONE) f.add('+1:', g);
  }
}

/** Blocks of the Chinese features (FeatureSink.begin). */
const ZH_CHAR = 0;
const ZH_PAIR = 1;
const ZH_WORD = 2;
const ZH_ROLES = 3;

/** The characters of a Chinese text segmented by jieba, in parallel arrays (no object per character). */
export interface ChineseChars {
  /** Each character (one code point). */
  chars: string[];
  /** Index of the jieba word holding each character. */
  wordIndex: number[];
  /** Each character's UTF-16 offset in the text. */
  offsets: number[];
}

function charClass(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return 'H';
  if (code < 128) {
    if (code >= 48 && code <= 57) return 'D';
    if ((code | 32) >= 97 && (code | 32) <= 122) return 'L';
    return code === 32 || (code >= 9 && code <= 13) ? 'S' : 'P';
  }
  if (/\p{Script=Han}/u.test(c)) return 'H';
  if (/\p{N}/u.test(c)) return 'D';
  if (/\p{L}/u.test(c)) return 'L';
  if (/\s/u.test(c)) return 'S';
  return 'P';
}

/** A word's length as a feature value (5 for 5 or more). */
const LENGTHS = ['0', '1', '2', '3', '4', '5'];

/** Longest dictionary name looked for, in characters. */
const LONGEST_NAME = 6;

/** jieba's dictionary names (word → tag) and character roles in them (character → "sur", "tr" or "sur,tr"). */
interface ChineseDictionary {
  names: Lookup;
  roles: Lookup;
}

/**
 * What a dictionary says of single characters, looked up once per character code: for code c, 0 when not
 * looked up yet, else (role index + 1) << 1 | (1 when a name starts with c); `roles` lists the role values.
 */
interface CharFacts {
  facts: Uint8Array;
  roles: string[];
}

const charFacts = new WeakMap<ChineseDictionary, CharFacts>();
/** Role indices that fit a fact's 7 bits and the roles block's key (below 2^15): dictionaries have a handful of roles. */
const ROLES_KEPT = 30;
/** Role "indices" of the sequence's start and end in the roles block's key. */
const ROLE_START = 30;
const ROLE_END = 31;

/** The fact (CharFacts) of the cleaned character `ch`. */
function charFact(ch: string, d: ChineseDictionary, cf: CharFacts): number {
  const single = ch.length === 1;
  if (single && cf.facts[ch.charCodeAt(0)] !== 0) return cf.facts[ch.charCodeAt(0)];
  const role = d.roles.get(ch) ?? '-';
  let r = cf.roles.indexOf(role);
  if (r < 0) r = cf.roles.push(role) - 1;
  const fact = ((r + 1) << 1) | (d.names.get(ch) === undefined ? 0 : 1);
  if (single && r < ROLES_KEPT) cf.facts[ch.charCodeAt(0)] = fact;
  return fact;
}

/**
 * Dictionary features: which of jieba's dictionary names (people, places, organisations…) start, end or
 * lie across each character, whatever jieba's segmentation chose. `names` maps the beginnings of names
 * that are no name themselves to ''; `facts` says which characters begin a name.
 */
function nameDictionaryFeatures(c: string[], facts: number[], names: Lookup): string[][] {
  // Most characters are in no name: they share one empty array.
  const out: string[][] = new Array<string[]>(c.length).fill(NONE);
  for (let i = 0; i < c.length; i++) {
    if ((facts[i] & 1) === 0) continue; // no name starts with this character
    let s = c[i];
    for (let n = 2; n <= LONGEST_NAME && i + n <= c.length; n++) {
      s += c[i + n - 1];
      const tag = names.get(s);
      if (tag === undefined) break; // nor with these characters ('' marks a name's beginning)
      if (!tag) continue;
      pushFeature(out, i, `dB=${tag}|${n}`);
      pushFeature(out, i + n - 1, `dE=${tag}|${n}`);
      for (let k = i + 1; k < i + n - 1; k++) pushFeature(out, k, `dI=${tag}`);
    }
  }
  return out;
}

/** The place of character `i` in its word: B(egin), M(iddle), E(nd) or S(ingle). */
function placeOf(wordIndex: number[], i: number): string {
  const k = wordIndex[i];
  const first = i === 0 || wordIndex[i - 1] !== k;
  const last = i === wordIndex.length - 1 || wordIndex[i + 1] !== k;
  return first ? (last ? 'S' : 'B') : last ? 'E' : 'M';
}

/**
 * The features of each character: characters around it, the jieba words and tags around it, the
 * dictionary names around it, and whether it and its neighbours are surnames or transliteration
 * characters in jieba's dictionary.
 */
export function chineseFeatures(chars: ChineseChars, words: { word: string; tag: string }[], dictionary: ChineseDictionary, f: FeatureSink): void {
  let cf = charFacts.get(dictionary);
  if (!cf) charFacts.set(dictionary, (cf = { facts: new Uint8Array(65536), roles: [] }));
  const { wordIndex } = chars;
  const c: string[] = [];
  const facts: number[] = [];
  const roleIds: number[] = [];
  const roles: string[] = [];
  const places: string[] = [];
  for (let i = 0; i < chars.chars.length; i++) {
    const ch = clean(chars.chars[i]);
    const fact = charFact(ch, dictionary, cf);
    c.push(ch);
    facts.push(fact);
    roleIds.push((fact >> 1) - 1);
    roles.push(cf.roles[(fact >> 1) - 1]);
    places.push(placeOf(wordIndex, i));
  }
  // Role indices all fit the roles block's key (a handful of roles: always, in practice).
  const rolesKeyed = cf.roles.length <= ROLES_KEPT;
  const cleanWords: string[] = [];
  const tags: string[] = [];
  for (const w of words) {
    cleanWords.push(clean(w.word));
    tags.push(w.tag);
  }
  const dict = nameDictionaryFeatures(c, facts, dictionary.names);
  const last = c.length - 1;
  for (let i = 0; i <= last; i++) {
    const k = wordIndex[i];
    const p = places[i];
    const { word, tag } = words[k];
    f.next();
    // The character's own features and those its neighbours see of it (keyed by its code when it is one
    // UTF-16 unit: no string to hash); then those of the pair it starts (keyed by both codes).
    if (f.begin(ZH_CHAR, c[i].length === 1 ? c[i].charCodeAt(0) : c[i])) {
      f.add('b'); f.add('c=', c[i]);
      f.to(1); f.add('c-1=', c[i]);
      f.to(-1); f.add('c+1=', c[i]);
      f.end();
    }
    if (i < last && f.begin(ZH_PAIR, c[i].length === 1 && c[i + 1].length === 1 ? (c[i].charCodeAt(0) << 16) | c[i + 1].charCodeAt(0) : c[i] + c[i + 1])) {
      f.add('cc+1=', c[i], c[i + 1]);
      f.to(1); f.add('c-1c=', c[i], c[i + 1]);
      f.to(2); f.add('c-2c-1=', c[i], c[i + 1]);
      f.to(-1); f.add('c+1c+2=', c[i], c[i + 1]);
      f.end();
    }
    if (i === 0) { f.add('c-1=<s>'); f.add('c-1c=', '<s>', c[i]); f.add('c-2c-1=<s><s>'); }
    if (i === 1) f.add('c-2c-1=', '<s>', c[0]);
    if (i === last) { f.add('c+1=</s>'); f.add('cc+1=', c[i], '</s>'); f.add('c+1c+2=</s></s>'); }
    if (i === last - 1) f.add('c+1c+2=', c[last], '</s>');
    // At a word's first character: the features of each of its characters that depend on the word and its tag alone.
    if (p === 'B' || p === 'S') {
      let n = 1;
      while (i + n <= last && wordIndex[i + n] === k) n++;
      if (f.begin(ZH_WORD, n <= BLOCK_REACH + 1 ? `${word} ${tag}` : undefined)) {
        const wl = LENGTHS[Math.min(word.length, 5)];
        for (let j = 0; j < n; j++) {
          const yp = places[i + j];
          f.to(j);
          f.add('w=', cleanWords[k], '|', yp); f.add('t=', tag, '|', yp); f.add('tl=', tag, '|', wl, '|', yp);
          f.add('c|t=', c[i + j], '|', tag, '|', yp); f.add('r=', roles[i + j], '|', yp);
        }
        f.end();
      }
      // Features of the word among its neighbours, the same for each of its characters.
      f.to(0, n);
      f.add('w-1=', at(cleanWords, k - 1)); f.add('w+1=', at(cleanWords, k + 1));
      f.add('t-1|t|t+1=', at(tags, k - 1), '|', tag, '|', at(tags, k + 1)); f.add('w-1|w=', at(cleanWords, k - 1), '|', cleanWords[k]);
      f.to(0);
    }
    f.add('c-1cc+1=', at(c, i - 1), c[i], at(c, i + 1)); f.add('w|w+1=', cleanWords[k], '|', at(cleanWords, k + 1), '|', p);
    // The roles around the character: a few values each, so a small numeric key.
    const r0 = i > 0 ? roleIds[i - 1] : ROLE_START;
    const r2 = i < last ? roleIds[i + 1] : ROLE_END;
    if (f.begin(ZH_ROLES, rolesKeyed ? (r0 * 32 + roleIds[i]) * 32 + r2 : undefined)) {
      f.add('r-1|r|r+1=', at(roles, i - 1), '|', roles[i], '|', at(roles, i + 1));
      f.end();
    }
    for (const d of dict[i]) f.add(d);
  }
}

/** One word of a Chinese text for the POS tagger: its text and jieba's tag. */
export function chinesePosFeatures(words: { word: string; tag: string }[]): string[][] {
  const w = words.map((x) => clean(x.word));
  const at = (i: number) => (i < 0 ? '<s>' : i >= w.length ? '</s>' : w[i]);
  const tag = (i: number) => (i < 0 ? '<s>' : i >= w.length ? '</s>' : words[i].tag);
  return words.map((x, i) => {
    const chars = [...w[i]];
    return [
      'b', `w=${w[i]}`, `t=${x.tag}`, `f=${chars[0]}`, `l=${chars[chars.length - 1]}`, `n=${Math.min(chars.length, 4)}`,
      `k=${charClass(chars[0] ?? '')}`, `w-1=${at(i - 1)}`, `w+1=${at(i + 1)}`, `t-1=${tag(i - 1)}`, `t+1=${tag(i + 1)}`,
      `t-1|t=${tag(i - 1)}|${x.tag}`, `t|t+1=${x.tag}|${tag(i + 1)}`, `w|t+1=${w[i]}|${tag(i + 1)}`, `w-1|w=${at(i - 1)}|${w[i]}`,
    ];
  });
}
