import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Where the explorer is served and from which folder (the Vite build's output). */
export interface StaticOptions {
  /** URL prefix without a trailing slash, e.g. `/explorer`. */
  prefix: string;
  /** Absolute folder holding index.html and assets/. */
  root: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Precompressed copies the build writes beside each text asset, best first. */
const ENCODINGS: Array<{ name: string; ext: string }> = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
];

/** The encodings the client accepts (`q=0` refuses one). */
function accepted(header: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);

/** The page may only load its own files and talk to this server. */
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

/**
 * Serves a built single-page app under `prefix`: GET/HEAD only, no path outside `root`, hashed
 * assets cached for good, index.html never; the brotli or gzip copy written by the build when the
 * client accepts it. Returns false when the URL is not under `prefix`.
 */
export async function serveStatic({ prefix, root }: StaticOptions, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return false;
  if (pathname === prefix) {
    res.writeHead(301, { location: `${prefix}/` }).end();
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname.slice(prefix.length + 1)) || 'index.html');
  } catch {
    res.writeHead(400).end();
    return true;
  }
  const file = join(root, relative);
  if (relative.startsWith('..') || !file.startsWith(root + sep) || relative.includes('\0')) {
    res.writeHead(404).end();
    return true;
  }
  const found = await isFile(file);
  if (!found) {
    const built = await stat(join(root, 'index.html')).then(() => true, () => false);
    res.writeHead(built ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(built ? 'not found' : 'the explorer is not built: run `npm run build:explorer`');
    return true;
  }
  // the smallest precompressed copy the client accepts, else the file itself
  const accepts = accepted(req.headers['accept-encoding']);
  let body = file;
  let encoding: string | undefined;
  for (const e of ENCODINGS) {
    if (accepts.has(e.name) && (await isFile(file + e.ext))) {
      body = file + e.ext;
      encoding = e.name;
      break;
    }
  }
  const content = await readFile(body);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': content.length,
    ...(encoding ? { 'content-encoding': encoding } : {}),
    vary: 'accept-encoding',
    'cache-control': relative.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : content);
  return true;
}
