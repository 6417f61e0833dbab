import type { FastifyInstance } from 'fastify';
import { loadPlaygroundAssets } from '../src/features/playground/assets.js';
import { sendFile, sendPage } from '../src/features/playground/serve.js';

/** The playground page at GET / and its files (web/): HTML, not API, so kept out of the OpenAPI document. */
export default async function route(app: FastifyInstance): Promise<void> {
  const assets = loadPlaygroundAssets();
  if (!assets) {
    app.log.warn('the playground front end is not compiled (npm run build): GET / answers 404');
    return;
  }
  app.get('/', { schema: { hide: true } }, (request, reply) => sendPage(assets, request, reply));
  app.get<{ Params: { version: string; file: string } }>('/playground/:version/:file', { schema: { hide: true } },
    (request, reply) => sendFile(assets, request, reply));
}
