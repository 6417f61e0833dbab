/**
 * Trains the name taggers (English, Chinese) and the Chinese POS tagger, and writes their weights to
 * data/ner/ (npm run train:ner). Reproducible: fixed data, fixed seeds, no clock. Needs the Universal NER
 * and UD files (NER_DATA_DIR, see scripts/ner/corpora.ts) and the committed GUM-derived files.
 * `--only en|zh|pos` trains one model.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chineseEngine } from '../../src/analyzers/chinese.js';
import { MODEL_FILES, spansOf, weightsDir } from '../../src/analyzers/ner/names.js';
import { encodeModel, label, type SequenceModel } from '../../src/analyzers/ner/sequence-model.js';
import { chineseData, chinesePosData, englishData, type NerSentence } from './corpora.js';
import { chineseExample, chinesePosExample, englishExample } from './examples.js';
import { trainPerceptron, type Example } from './perceptron-trainer.js';
import { writeClusters } from './clusters.js';
import { writeGazetteer } from './gazetteer.js';
import { EntityScore } from './score.js';

const NER_LABELS = ['O', ...['PER', 'LOC', 'ORG'].flatMap((t) => ['B', 'I', 'E', 'S'].map((k) => `${k}-${t}`))];
const UPOS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X'];

/** Held-out F1 of a name model on prepared examples (spans compared on the tagger's units). */
function nameF1(model: SequenceModel, examples: Example[]): number {
  const score = new EntityScore();
  const spans = (labels: string[]) => spansOf(labels).map((s) => ({ start: s.first, end: s.last, type: s.type }));
  for (const ex of examples) score.add(spans(ex.labels), spans(label(model, ex.features)));
  return score.prf().f1;
}

function accuracy(model: SequenceModel, examples: Example[]): number {
  let right = 0;
  let all = 0;
  for (const ex of examples) {
    const pred = label(model, ex.features);
    pred.forEach((p, i) => { right += p === ex.labels[i] ? 1 : 0; all++; });
  }
  return right / all;
}

function save(which: keyof typeof MODEL_FILES, model: SequenceModel): void {
  const path = join(weightsDir, MODEL_FILES[which]);
  const bytes = encodeModel(model);
  writeFileSync(path, bytes);
  console.log(`${path}: ${model.features.size} features, ${(bytes.length / 1e6).toFixed(2)} MB`);
}

function train(name: string, trainSet: Example[], heldOut: Example[], labels: string[], epochs: number, minCount: number, metric: (m: SequenceModel, e: Example[]) => number) {
  console.log(`${name}: ${trainSet.length} training sequences, ${heldOut.length} held out`);
  return trainPerceptron(trainSet, labels, {
    epochs, minCount, seed: 20,
    onEpoch: (epoch, model) => console.log(`  epoch ${epoch}: held-out ${metric(model(), heldOut).toFixed(4)}`),
  });
}

/**
 * English training sentences plus an upper-case copy of one in ten: news headlines are often all
 * capitals. (Lower-case copies were tried too: they made the tagger see names in ordinary lower-case
 * words, and scored lower on GUM dev.)
 */
function withCaseCopies(sentences: NerSentence[]): NerSentence[] {
  const copies = sentences.filter((_, i) => i % 10 === 0).map((s) => ({ ...s, tokens: s.tokens.map((t) => t.toUpperCase()) }));
  return [...sentences, ...copies];
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const jieba = chineseEngine('');
if (!only || only === 'en') {
  writeGazetteer();
  if (!process.argv.includes('--keep-clusters')) writeClusters();
  const d = englishData();
  const model = train('English names', withCaseCopies(d.train).map(englishExample), d.heldOut.map(englishExample), NER_LABELS, 12, 1, nameF1);
  console.log(`  GUM dev F1 ${nameF1(model, d.heldOutGum.map(englishExample)).toFixed(4)}`);
  save('en', model);
}
if (!only || only === 'zh') {
  const d = chineseData();
  const ex = (s: (typeof d.train)[number]) => chineseExample(jieba, s);
  save('zh', train('Chinese names', d.train.map(ex), d.heldOut.map(ex), NER_LABELS, 12, 2, nameF1));
}
if (!only || only === 'pos') {
  const d = chinesePosData();
  const ex = (s: (typeof d.train)[number]) => chinesePosExample(jieba, s);
  save('zhPos', train('Chinese UPOS', d.train.map(ex), d.heldOut.map(ex), UPOS, 12, 1, accuracy));
}
