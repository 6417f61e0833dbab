/** Worker thread entry (built service): install the module hooks, then load the worker itself. */
import { register } from 'node:module';
import { noOnnxRuntimeHooks } from './no-onnxruntime.js';

register(noOnnxRuntimeHooks);
const worker = await import('./tokenization-worker.js');
export default worker.default;
