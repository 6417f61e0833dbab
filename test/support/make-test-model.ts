/**
 * Generates `tiny-bert`, a small deterministic BERT-architecture encoder (embeddings + LayerNorm, 2
 * layers of 4-head self-attention with the attention-mask bias, GELU feed-forward, post-LayerNorm) as a
 * transformers.js-layout folder: config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx.
 * LayerNorm and GELU are written as PyTorch's ONNX export writes them (the variance with Pow, GELU
 * dividing by √2), which onnxruntime fuses into single kernels at load, as it does for real exported
 * models: other spellings of the same maths stay as separate ops and measured 1.7× slower per input.
 * Weights come from a seeded PRNG, so every run writes byte-identical files. The tokenizer is the
 * project's bert-base-uncased (CACHE_DIR/models/bert-base-uncased), with a 128-token limit. The same
 * encoder with an output head (TEST_HEADS) gives the cross-encoder, classifier and masked-LM test models.
 *
 * Usage: node dist/test/support/make-test-model.js [outDir]   (default CACHE_DIR/test-models/tiny-bert)
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { writeBertBaseUncased } from '../../src/tokenizers/bert-base.js';
import { GraphBuilder, type ValueSpec } from './onnx-graph.js';
import { mulberry32 } from '../../scripts/prng.js';

export const TEST_MODEL = { hidden: 32, heads: 4, layers: 2, intermediate: 64, maxPositions: 128, vocab: 30522, seed: 20261128 };
export type ModelSize = typeof TEST_MODEL;

/**
 * The output head, as transformers' BERT classes: none (BertModel, last_hidden_state), sequence
 * classification (BertForSequenceClassification: tanh pooler on [CLS], then a linear layer to the
 * labels' logits), masked LM (BertForMaskedLM: dense + GELU + LayerNorm, then the word embeddings
 * transposed, tied as BERT ties them, plus a bias, to per-token vocabulary logits).
 */
export type TestHead = { type: 'encoder' } | { type: 'classification'; labels: string[] } | { type: 'masked-lm' };

/** The project's test heads: a cross-encoder (1 label), a 3-label classifier, a SPLADE-style masked LM; each with its own weights. */
export const TEST_HEADS = {
  'tiny-reranker': { size: { ...TEST_MODEL, seed: 20261203 }, head: { type: 'classification', labels: ['LABEL_0'] } },
  'tiny-classifier': { size: { ...TEST_MODEL, seed: 20261204 }, head: { type: 'classification', labels: ['negative', 'neutral', 'positive'] } },
  'tiny-splade': { size: { ...TEST_MODEL, seed: 20261205 }, head: { type: 'masked-lm' } },
} as const satisfies Record<string, { size: ModelSize; head: TestHead }>;

function buildGraph(size: ModelSize, head: TestHead): Uint8Array {
  const { hidden: H, heads, layers, intermediate: I, maxPositions, vocab, seed } = size;
  const rand = mulberry32(seed);
  const g = new GraphBuilder();
  const weights = (name: string, dims: number[], scale: number) => g.float(name, dims, Float32Array.from({ length: dims.reduce((a, b) => a * b) }, () => (rand() * 2 - 1) * scale));
  const constant = (name: string, value: number) => g.float(name, [], [value]);
  const eps = constant('eps', 1e-12);
  const two = constant('two', 2);
  const layerNorm = (x: string, prefix: string) => {
    const mean = g.op('ReduceMean', [x], { axes: [-1], keepdims: 1 });
    const d = g.op('Sub', [x, mean]);
    const variance = g.op('ReduceMean', [g.op('Pow', [d, two])], { axes: [-1], keepdims: 1 });
    const normed = g.op('Div', [d, g.op('Sqrt', [g.op('Add', [variance, eps])])]);
    const gamma = g.float(`${prefix}.gamma`, [H], Float32Array.from({ length: H }, () => 0.8 + rand() * 0.4));
    return g.op('Add', [g.op('Mul', [normed, gamma]), weights(`${prefix}.beta`, [H], 0.1)]);
  };
  const dense = (x: string, prefix: string, inDim: number, outDim: number) =>
    g.op('Add', [g.op('MatMul', [x, weights(`${prefix}.weight`, [inDim, outDim], Math.sqrt(3 / inDim))]), weights(`${prefix}.bias`, [outDim], 0.1)]);

  // Embeddings: word + position (0..S-1) + token type, then LayerNorm.
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64('one_index', [], [1])], { axis: 0 });
  const positions = g.op('Range', [g.int64('zero', [], [0]), seqLen, g.int64('step', [], [1])]);
  const word = g.op('Gather', [weights('embeddings.word', [vocab, H], 1), 'input_ids'], { axis: 0 });
  const position = g.op('Gather', [weights('embeddings.position', [maxPositions, H], 0.5), positions], { axis: 0 });
  const type = g.op('Gather', [weights('embeddings.token_type', [2, H], 0.5), 'token_type_ids'], { axis: 0 });
  let x = layerNorm(g.op('Add', [g.op('Add', [word, position]), type]), 'embeddings.norm');

  // Attention bias: 0 where attention_mask is 1, -10000 where it is 0, shaped [B, 1, 1, S].
  const maskFloat = g.op('Cast', ['attention_mask'], { to: 1 });
  const bias = g.op('Mul', [g.op('Sub', [constant('one', 1), maskFloat]), constant('neg', -10000)]);
  const maskBias = g.op('Unsqueeze', [bias, g.int64('mask_axes', [2], [1, 2])]);
  const headDim = H / heads;
  const splitShape = g.int64('split_shape', [4], [0, 0, heads, headDim]);
  const mergeShape = g.int64('merge_shape', [3], [0, 0, H]);
  const scale = constant('scale', 1 / Math.sqrt(headDim));
  const sqrtTwo = constant('sqrt_two', Math.SQRT2);
  const half = constant('half', 0.5);
  const gelu = (x: string, prefix: string) => g.op('Mul', [g.op('Mul', [x, g.op('Add', [g.op('Erf', [g.op('Div', [x, sqrtTwo])]), constant(`${prefix}.gelu_one`, 1)])]), half]);

  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    const split = (name: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [dense(x, `${p}.${name}`, H, H), splitShape])], { perm });
    const q = split('query', [0, 2, 1, 3]);
    const k = split('key', [0, 2, 3, 1]);
    const v = split('value', [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), scale]), maskBias]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), mergeShape]);
    x = layerNorm(g.op('Add', [dense(context, `${p}.attention_output`, H, H), x]), `${p}.attention_norm`);
    const up = dense(x, `${p}.intermediate`, H, I);
    x = layerNorm(g.op('Add', [dense(gelu(up, p), `${p}.output`, I, H), x]), `${p}.output_norm`);
  }

  const dims = ['batch_size', 'sequence_length'];
  let output: ValueSpec;
  if (head.type === 'classification') {
    const cls = g.op('Gather', [x, g.int64('cls_index', [], [0])], { axis: 1 });
    const pooled = g.op('Tanh', [dense(cls, 'pooler', H, H)]);
    g.op('Identity', [dense(pooled, 'classifier', H, head.labels.length)], {}, 'logits');
    output = { name: 'logits', type: 'float', dims: ['batch_size', head.labels.length] };
  } else if (head.type === 'masked-lm') {
    const t = layerNorm(gelu(dense(x, 'lm.transform', H, H), 'lm'), 'lm.norm');
    const decoder = g.op('Transpose', ['embeddings.word'], { perm: [1, 0] });
    // A negative bias keeps most logits below zero, so SPLADE weights are sparse, as a trained model's are.
    const bias = g.float('lm.bias', [vocab], Float32Array.from({ length: vocab }, () => -12 + rand() * 2));
    g.op('Add', [g.op('MatMul', [t, decoder]), bias], {}, 'logits');
    output = { name: 'logits', type: 'float', dims: [...dims, vocab] };
  } else {
    g.op('Identity', [x], {}, 'last_hidden_state');
    output = { name: 'last_hidden_state', type: 'float', dims: [...dims, H] };
  }
  return g.encode(
    ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, type: 'int64' as const, dims })),
    [output],
    'tokenserve make-test-model',
  );
}

/**
 * Writes the model folder to `outDir` (idempotent: identical bytes on every run); `size` varies the
 * shape (benchmarks), `head` the output (TEST_HEADS).
 */
export function makeTestModel(outDir: string, cacheDir: string, size: ModelSize = TEST_MODEL, head: TestHead = { type: 'encoder' }): void {
  const tokenizerDir = join(cacheDir, 'models', 'bert-base-uncased');
  if (!existsSync(join(tokenizerDir, 'tokenizer.json'))) writeBertBaseUncased(tokenizerDir);
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  copyFileSync(join(tokenizerDir, 'tokenizer.json'), join(outDir, 'tokenizer.json'));
  const tokenizerConfig = JSON.parse(readFileSync(join(tokenizerDir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(outDir, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, model_max_length: size.maxPositions }, null, 2));
  const { hidden, heads, layers, intermediate, maxPositions, vocab } = size;
  const headConfig = head.type === 'classification'
    ? {
      architectures: ['BertForSequenceClassification'],
      id2label: Object.fromEntries(head.labels.map((l, i) => [String(i), l])), label2id: Object.fromEntries(head.labels.map((l, i) => [l, i])),
    }
    : { architectures: [head.type === 'masked-lm' ? 'BertForMaskedLM' : 'BertModel'] };
  writeFileSync(join(outDir, 'config.json'), JSON.stringify({
    model_type: 'bert', ...headConfig, hidden_size: hidden, num_attention_heads: heads, num_hidden_layers: layers,
    intermediate_size: intermediate, max_position_embeddings: maxPositions, vocab_size: vocab, type_vocab_size: 2,
    hidden_act: 'gelu', layer_norm_eps: 1e-12, pad_token_id: 0,
  }, null, 2));
  writeFileSync(join(outDir, 'onnx', 'model.onnx'), buildGraph(size, head));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfig();
  const out = process.argv[2] ?? join(config.CACHE_DIR, 'test-models', 'tiny-bert');
  const started = performance.now();
  makeTestModel(out, config.CACHE_DIR);
  console.log(`wrote ${out} in ${Math.round(performance.now() - started)} ms`);
  // The head models beside it (or beside the folder named): tiny-reranker, tiny-classifier, tiny-splade.
  for (const [name, { size, head }] of Object.entries(TEST_HEADS)) {
    makeTestModel(join(out, '..', name), config.CACHE_DIR, size, head);
    console.log(`wrote ${join(out, '..', name)}`);
  }
}
