// Worker entry when the service runs from TypeScript source (tests, `npm run dev`): Node 20 does not carry
// the main thread's TypeScript loader into worker threads, so register tsx here, then load the real worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./tokenization-worker.ts');
export default worker.default;
