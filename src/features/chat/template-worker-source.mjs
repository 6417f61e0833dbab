// The template worker when the service runs from TypeScript source (tests, `npm run dev`): Node 20 does
// not carry the main thread's TypeScript loader into worker threads, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./template-worker.ts');
