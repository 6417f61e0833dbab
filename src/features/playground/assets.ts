import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { projectRoot } from '../../paths.js';

/** One file of the page, held in memory with what its answer needs. */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The playground: its HTML page and the files it loads, under a path that changes with their content. */
export interface PlaygroundAssets {
  /** `/playground/<content hash>`: the assets' URL prefix, so a new build is a new URL and old ones can be cached forever. */
  base: string;
  page: Asset;
  files: Map<string, Asset>;
}

/** Hand-written files (web/public) and the compiled front end (dist/web, from web/*.ts by `npm run build`). */
const publicDir = join(projectRoot, 'web', 'public');
const compiledDir = join(projectRoot, 'dist', 'web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const asset = (body: Buffer, name: string): Asset => ({
  body, type: TYPES[extname(name)], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

/**
 * Reads the playground's files: a few tens of kilobytes, served from memory. Only the files listed
 * here are served (no path from a request reaches the file system). Null when the front end has not
 * been compiled (`npm run build`), so the API still starts from a bare checkout.
 */
function loadPlaygroundAssets(): PlaygroundAssets | null {
  if (!existsSync(join(compiledDir, 'main.js'))) return null;
  const names = (dir: string, ext: string[]) => readdirSync(dir).filter((n) => ext.includes(extname(n))).sort();
  const files = new Map<string, Asset>();
  for (const name of names(publicDir, ['.css', '.svg'])) files.set(name, asset(readFileSync(join(publicDir, name)), name));
  for (const name of names(compiledDir, ['.js'])) files.set(name, asset(readFileSync(join(compiledDir, name)), name));
  const hash = createHash('sha256');
  for (const [name, file] of files) hash.update(name).update(file.etag);
  const base = `/playground/${hash.digest('base64url').slice(0, 12)}`;
  const html = readFileSync(join(publicDir, 'index.html'), 'utf8').replaceAll('%BASE%', base);
  return { base, page: asset(Buffer.from(html), 'index.html'), files };
}

let loaded: PlaygroundAssets | null | undefined;

/** The playground's files, read at the first request for one of them (and kept). */
export function playgroundAssets(): PlaygroundAssets | null {
  if (loaded === undefined) loaded = loadPlaygroundAssets();
  return loaded;
}
