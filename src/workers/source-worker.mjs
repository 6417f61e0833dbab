// Worker entry when the service runs from TypeScript source (tests, `npm run dev`): Node 20 does not carry
// the main thread's TypeScript loader into worker threads, so register tsx here, then the same module
// hooks as the built entry (worker-entry.ts), then load the real worker.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
const { noOnnxRuntimeHooks } = await import('./no-onnxruntime.ts');
register(noOnnxRuntimeHooks);
const worker = await import('./tokenization-worker.ts');
export default worker.default;
