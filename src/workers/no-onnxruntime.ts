/**
 * Module hooks for the tokenization worker threads: `onnxruntime-node` / `onnxruntime-web` resolve to an
 * empty stand-in. transformers.js' tokenizers module imports them (through its Tensor class) although
 * tokenizing never runs a model; in a worker thread the native binding is not only dead weight (memory,
 * start-up) but unsafe: a thread terminated with it loaded corrupted the process heap (glibc abort,
 * reproduced on Node 20 and 22), so a dying worker could take the whole service down.
 */
const stub = 'class Stub {} export default { Tensor: Stub, InferenceSession: Stub, env: { wasm: {} } };';

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'onnxruntime-node' || specifier === 'onnxruntime-web') {
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(stub)}), shortCircuit: true };
  }
  return next(specifier, context);
}`;

/** A URL for `module.register()`. */
export const noOnnxRuntimeHooks = `data:text/javascript,${encodeURIComponent(hooks)}`;
