// transformers.js ships types for its entry point only; we import the tokenizers module directly so that
// starting a tokenizer-only service does not load onnxruntime (about 1 s of cold start).
declare module '@xenova/transformers/src/tokenizers.js' {
  export * from '@xenova/transformers/types/tokenizers.js';
}
