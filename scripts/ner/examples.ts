import type { Jieba } from '@node-rs/jieba';
import { taggedWords } from '../../src/analyzers/chinese.js';
import { englishEngine, readEnglish, taggerTokens } from '../../src/analyzers/english.js';
import { chineseFeatures, chinesePosFeatures, englishFeatures, StringSink } from '../../src/analyzers/ner/features.js';
import { charsOf, chineseNameDictionary, englishClusters, englishGazetteer } from '../../src/analyzers/ner/names.js';
import type { Example } from './perceptron-trainer.js';
import type { NerSentence, UdSentence } from './corpora.js';

/** A gold name as UTF-16 [start, end) in a sentence's text, with its type (PER, LOC, ORG). */
export interface GoldSpan {
  start: number;
  end: number;
  type: string;
}

/** The text of a sentence (tokens joined by `sep`) and its gold names as character spans. */
export function goldSpans(s: NerSentence, sep: string): { text: string; spans: GoldSpan[] } {
  const spans: GoldSpan[] = [];
  let text = '';
  s.tokens.forEach((tok, i) => {
    if (i > 0) text += sep;
    const start = text.length;
    text += tok;
    const l = s.labels[i];
    if (l.startsWith('B-')) spans.push({ start, end: text.length, type: l.slice(2) });
    else if (l.startsWith('I-')) spans[spans.length - 1].end = text.length;
  });
  return { text, spans };
}

/**
 * BIOES labels of the units starting at `starts` (a unit is labelled by where it starts; units crossing
 * a gold boundary are rare).
 */
function unitLabels(starts: number[], spans: GoldSpan[]): string[] {
  const of = starts.map((p) => spans.findIndex((g) => p >= g.start && p < g.end));
  return of.map((k, i) => {
    if (k < 0) return 'O';
    const first = of[i - 1] !== k;
    const last = of[i + 1] !== k;
    const type = spans[k].type;
    return first && last ? `S-${type}` : first ? `B-${type}` : last ? `E-${type}` : `I-${type}`;
  });
}

/** An English sentence as the analyzer tokenizes it (gold tokens joined by spaces, then wink-nlp). */
export function englishExample(s: NerSentence): Example {
  const { text, spans } = goldSpans(s, ' ');
  const { doc, values, starts } = readEnglish(text);
  const pos = doc.tokens().out(englishEngine().its.pos) as string[];
  const tokens = taggerTokens(doc, values, pos);
  const sink = new StringSink(tokens.length);
  englishFeatures(tokens, englishGazetteer(), englishClusters(), sink);
  return { features: sink.features, labels: unitLabels(starts, spans) };
}


/** A Chinese sentence as characters with jieba's words. */
export function chineseExample(jieba: Jieba, s: NerSentence): Example {
  const { text, spans } = goldSpans(s, '');
  const words = taggedWords(jieba, text);
  const chars = charsOf(words);
  const sink = new StringSink(chars.offsets.length);
  chineseFeatures(chars, words, chineseNameDictionary(), sink);
  return { features: sink.features, labels: unitLabels(chars.offsets, spans) };
}

/**
 * A UD sentence for the POS tagger: UD's words, each with jieba's tag where jieba segments the word as
 * UD does, else jieba's tag of the word alone (the tagger later sees jieba's own words).
 */
export function chinesePosExample(jieba: Jieba, s: UdSentence): Example {
  const text = s.words.join('');
  const byStart = new Map(taggedWords(jieba, text).map((w) => [w.start, w]));
  let at = 0;
  const words = s.words.map((word) => {
    const w = byStart.get(at);
    at += word.length;
    const tag = w && w.word === word ? w.tag : (jieba.tag(word, true)[0]?.tag ?? 'x');
    return { word, tag };
  });
  return { features: chinesePosFeatures(words), labels: s.upos };
}
