import { sendFile, sendPage, type FileParams } from '../src/features/playground/serve.js';
import { route, type RouteSpec } from './table.js';

/** The playground page at GET / and its files (web/): for browsers, not API routes, so kept out of the OpenAPI document. */
export const playgroundRoutes: RouteSpec[] = [
  route({
    method: 'GET', url: '/', tag: 'Service', hide: true, ownDeadline: true,
    summary: 'The playground page',
    description: 'An HTML page: type text, see it cut into tokens by the models the service serves, compare them.',
    handler: (request, reply) => sendPage(request, reply),
  }),
  route<unknown, unknown, FileParams>({
    method: 'GET', url: '/playground/:version/:file', tag: 'Service', hide: true, ownDeadline: true,
    summary: 'A file of the playground page',
    description: 'Its script modules, style sheet and icon, under a version that changes with their content (cached for good).',
    handler: (request, reply) => sendFile(request, reply, request.params),
  }),
];
