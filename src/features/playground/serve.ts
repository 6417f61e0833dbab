import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../errors.js';
import type { Asset, PlaygroundAssets } from './assets.js';

/** The page is revalidated on every visit (it names the current assets); the assets' URLs change with their content. */
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

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
export function sendPage(assets: PlaygroundAssets, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(request, reply, assets.page, PAGE_CACHE);
}

/** GET /playground/:version/:file: one of the page's files, if `version` is the current one (an old page reloads anyway: its HTML is no-cache). */
export function sendFile(assets: PlaygroundAssets, request: FastifyRequest<{ Params: { version: string; file: string } }>, reply: FastifyReply): FastifyReply {
  const { version, file } = request.params;
  const asset = `/playground/${version}` === assets.base ? assets.files.get(file) : undefined;
  if (!asset) throw new errors.NOT_FOUND(request.method, `/playground/${version}/${file}`);
  return send(request, reply, asset, ASSET_CACHE);
}
