/**
 * Derives named-entity training data (IOB2: PER, LOC, ORG) from a checkout of the GUM corpus
 * (github.com/amir-zeldes/gum): its train documents of the genres whose text licence allows shipping a
 * model (news, interviews, academic, bio, voyage). GUM annotates every mention (pronouns and common
 * nouns too); a name is taken as a run of proper-noun tokens (XPOS NNP/NNPS: UD tags "United" in
 * "United States" VERB; "of", "the", "&", "de"… may join them), titles such as "President" left
 * out, typed by the innermost mention holding the whole run when it is a person, place or organization.
 *
 * Usage: tsx scripts/ner/gum-to-iob.ts <gum dep/ folder> <splits.md> train|dev > data/corpora/gum-en-<split>.iob2
 * (dev documents are for evaluation only; test documents are never read).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const GENRES = /^GUM_(news|interview|academic|bio|voyage)_/;
const TYPES: Record<string, string> = { person: 'PER', place: 'LOC', organization: 'ORG' };
const TITLES = new Set(['mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'president', 'senator', 'sen.', 'governor',
  'gov.', 'prime', 'minister', 'chancellor', 'pope', 'general', 'gen.', 'rep.', 'sir', 'lord', 'lady', 'professor',
  'prof.', 'judge', 'justice', 'mayor', 'secretary', 'chairman', 'ceo', 'captain', 'capt.', 'coach', 'queen', 'king',
  'prince', 'princess', 'vice', 'chief', 'emperor', 'empress', 'bishop', 'archbishop', 'rev.', 'reverend', 'father',
  'director', 'chairwoman', 'chair', 'spokesman', 'spokeswoman', 'founder', 'editor', 'senior', 'deputy', 'head']);
const JOINERS = new Set(['of', 'the', '&', 'de', 'van', 'von', 'der', 'du', 'la', 'le', 'for', 'on']);

const [depDir, splitsFile, split] = process.argv.slice(2);
const wanted = new Set<string>();
let section = '';
for (const line of readFileSync(splitsFile, 'utf8').split('\n')) {
  if (line.startsWith('## ')) section = line.slice(3).trim();
  const m = /^\s*\*\s*(\S+)/.exec(line);
  if (m && section === split) wanted.add(m[1]);
}

interface Tok { form: string; xpos: string; mentions: number[] }

function sentences(conllu: string): { id: string; toks: Tok[] }[] {
  const out: { id: string; toks: Tok[] }[] = [];
  const open: { id: number; type: string }[] = [];
  const types = new Map<number, string>();
  let toks: Tok[] = [];
  let id = '';
  let uid = 0; // mention ids restart per document; numbering them globally keeps nesting apart
  const local = new Map<string, number>();
  for (const line of conllu.split('\n')) {
    if (line.startsWith('# sent_id = ')) id = line.slice(12).trim();
    if (line.trim() === '') {
      if (toks.length) out.push({ id, toks });
      toks = [];
      continue;
    }
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (!/^\d+$/.test(cols[0])) continue; // multiword ranges and empty nodes
    const misc = cols[9];
    const entity = /(?:^|\|)Entity=([^|]*)/.exec(misc)?.[1] ?? '';
    // Openings "(id-type-…" and closings "id)"; a mention closing on the same token is "(id-type-…)".
    const closings: number[] = [];
    let i = 0;
    while (i < entity.length) {
      if (entity[i] === '(') {
        const m = /^\((\d+)-([a-z]+)[^()]*/.exec(entity.slice(i))!;
        const g = ++uid;
        local.set(m[1], g);
        types.set(g, m[2]);
        open.push({ id: g, type: m[2] });
        i += m[0].length;
        if (entity[i] === ')') {
          closings.push(g);
          i++;
        }
      } else {
        const m = /^(\d+)\)/.exec(entity.slice(i));
        if (!m) { i++; continue; }
        closings.push(local.get(m[1]) ?? -1);
        i += m[0].length;
      }
    }
    toks.push({ form: cols[1], xpos: cols[4], mentions: open.map((o) => o.id) });
    for (const c of closings) {
      const k = open.map((o) => o.id).lastIndexOf(c);
      if (k >= 0) open.splice(k, 1);
    }
  }
  if (toks.length) out.push({ id, toks });
  mentionTypes = types;
  return out;
}

let mentionTypes = new Map<number, string>();
const isName = (t: Tok) => t.xpos === 'NNP' || t.xpos === 'NNPS';

/**
 * The label type of the innermost mention holding all of tokens [from, to): none when that mention is
 * not a person, place or organization (e.g. "July" in a time, "World War II" in an event).
 */
function runType(toks: Tok[], from: number, to: number): string | undefined {
  const first = toks[from].mentions;
  for (let k = first.length - 1; k >= 0; k--) {
    const id = first[k];
    let all = true;
    for (let j = from + 1; j < to && all; j++) all = toks[j].mentions.includes(id);
    if (all) return TYPES[mentionTypes.get(id) ?? ''];
  }
  return undefined;
}

function labels(toks: Tok[]): string[] {
  const out = toks.map(() => 'O');
  let i = 0;
  while (i < toks.length) {
    if (!isName(toks[i]) || TITLES.has(toks[i].form.toLowerCase())) { i++; continue; }
    let end = i + 1;
    // Extend over names, allowing joiners followed by more names; a title starts a new name.
    for (let j = i + 1; j < toks.length; j++) {
      if (isName(toks[j]) && !TITLES.has(toks[j].form.toLowerCase())) end = j + 1;
      else if (!JOINERS.has(toks[j].form.toLowerCase())) break;
    }
    const type = runType(toks, i, end);
    if (type) for (let j = i; j < end; j++) out[j] = (j === i ? 'B-' : 'I-') + type;
    i = end;
  }
  return out;
}

const files = readdirSync(depDir).filter((f) => GENRES.test(f) && wanted.has(f.replace(/\.conllu$/, ''))).sort();
const lines: string[] = [];
for (const f of files) {
  lines.push(`# newdoc id = ${f.replace(/\.conllu$/, '')}`);
  for (const s of sentences(readFileSync(join(depDir, f), 'utf8'))) {
    const ls = labels(s.toks);
    s.toks.forEach((t, k) => lines.push(`${t.form}\t${ls[k]}`));
    lines.push('');
  }
}
process.stdout.write(lines.join('\n') + '\n');
