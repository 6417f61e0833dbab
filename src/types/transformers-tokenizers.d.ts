// transformers.js ships types for its entry point only; we import the tokenizers module directly so that
// starting a tokenizer-only service does not load onnxruntime, a large part of cold start (docs/MEASUREMENTS.md).
declare module '@xenova/transformers/src/tokenizers.js' {
  export * from '@xenova/transformers/types/tokenizers.js';
}

// transformers.js' file resolution (local folder, cache, or the Hub when allowed), for the model file
// the inference process loads (src/embeddings/onnx-model.ts).
declare module '@xenova/transformers/src/utils/hub.js' {
  export function getModelFile(
    pathOrRepoId: string, filename: string, fatal?: boolean, options?: { quantized?: boolean; local_files_only?: boolean },
  ): Promise<Uint8Array>;
}
