import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../errors.js';
import { playgroundAssets, type Asset, type PlaygroundAssets } from './assets.js';

/** The page is revalidated on every visit (it names the current assets); the assets' URLs change with their content. */
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** A playground file's path parameters: `/playground/:version/:file`. */
export interface FileParams {
  version: string;
  file: string;
}

/** The compiled playground, or a 404 (with a note in the log) when the front end was not built. */
function assetsFor(request: FastifyRequest, path: string): PlaygroundAssets {
  const assets = playgroundAssets();
  if (assets) return assets;
  request.log.warn('the playground front end is not compiled (npm run build): its page and files answer 404');
  throw new errors.NOT_FOUND(request.method, path);
}

/** Whether an If-None-Match header (a list of entity tags, or `*`) names this asset. */
function notModified(request: FastifyRequest, asset: Asset): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(',').some((tag) => ['*', asset.etag].includes(tag.trim().replace(/^W\//, '')));
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string): FastifyReply {
  reply.header('cache-control', cacheControl).header('etag', asset.etag);
  if (notModified(request, asset)) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

/** GET /: the playground page. */
export function sendPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(request, reply, assetsFor(request, '/').page, PAGE_CACHE);
}

/** GET /playground/:version/:file: one of the page's files, if `version` is the current one (an old page reloads anyway: its HTML is no-cache). */
export function sendFile(request: FastifyRequest, reply: FastifyReply, { version, file }: FileParams): FastifyReply {
  const path = `/playground/${version}/${file}`;
  const assets = assetsFor(request, path);
  const asset = `/playground/${version}` === assets.base ? assets.files.get(file) : undefined;
  if (!asset) throw new errors.NOT_FOUND(request.method, path);
  return send(request, reply, asset, ASSET_CACHE);
}
