/**
 * Trains a tokenizer from text files and writes it as a model folder that the service loads at its next
 * start: `npm run train -- --input corpus.txt [--input more.txt] --name my-tok --algorithm wordpiece
 * [--vocab-size 8000] [--special-tokens "[PAD],[UNK],[CLS],[SEP],[MASK]"] [--lowercase|--no-lowercase]
 * [--model-dir DIR] [--overwrite]`. Same trainer and output as POST /train, without its size and time limits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { writeModelFolder } from '../src/features/vocab/model-folder.js';
import { trainTokenizer } from '../src/features/vocab/trainer.js';
import { trainOptions } from '../src/features/vocab/training.js';
import type { Algorithm, TrainOptions } from '../src/features/vocab/trained-json.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string', multiple: true },
    name: { type: 'string' },
    algorithm: { type: 'string', default: 'wordpiece' },
    'vocab-size': { type: 'string', default: '8000' },
    'special-tokens': { type: 'string' },
    lowercase: { type: 'boolean' },
    'no-lowercase': { type: 'boolean' },
    'model-dir': { type: 'string' },
    overwrite: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`train: ${message}`);
  process.exit(2);
}

const inputs = values.input ?? [];
if (inputs.length === 0) fail('--input <file> is required (repeat it for several files)');
for (const file of inputs) if (!existsSync(file)) fail(`no such file: ${file}`);
if (!values.name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.name)) fail('--name must be 1-64 of A-Z a-z 0-9 . _ - (it becomes the model name)');
if (!['wordpiece', 'bpe', 'unigram'].includes(values.algorithm)) fail('--algorithm must be wordpiece, bpe or unigram');
const vocabSize = Number(values['vocab-size']);
if (!Number.isInteger(vocabSize) || vocabSize < 2) fail('--vocab-size must be an integer ≥ 2');
const modelDir = values['model-dir'] ?? loadConfig().MODEL_DIR;
if (existsSync(join(modelDir, values.name)) && !values.overwrite) fail(`${join(modelDir, values.name)} exists; pass --overwrite to replace it`);

const lowercase = values.lowercase ? true : values['no-lowercase'] ? false : undefined;
let options: TrainOptions;
try {
  options = trainOptions(values.algorithm as Algorithm, vocabSize, values['special-tokens']?.split(',').map((s) => s.trim()).filter(Boolean), lowercase);
} catch (err) {
  fail((err as Error).message);
}
const started = performance.now();
const json = trainTokenizer(inputs, options);
const dir = await writeModelFolder(modelDir, values.name, json, options);
const size = Object.keys((json.model as { vocab: object }).vocab).length;
console.log(`trained ${values.algorithm} '${values.name}' (${size} tokens) in ${Math.round(performance.now() - started)} ms → ${dir}`);
