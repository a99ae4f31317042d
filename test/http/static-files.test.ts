import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../src/http/static-files.js';

/** The explorer's file server on a folder laid out like the Vite build (with .br and .gz copies). */
let root: string;
let server: Server;
let base: string;
const SCRIPT = 'console.log("explorer");'.repeat(50);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kg-static-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(root, 'assets/app.js'), SCRIPT);
  await writeFile(join(root, 'assets/app.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(join(root, 'assets/app.js.gz'), gzipSync(SCRIPT));
  await writeFile(join(root, 'assets/plain.css'), 'body{}');
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    void serveStatic({ prefix: '/explorer', root }, req, res, path).then((served) => served || res.writeHead(418).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/explorer`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

/** Raw response (fetch would decode the body; here the bytes on the wire matter). */
async function get(path: string, acceptEncoding?: string, method = 'GET') {
  const res = await fetch(`${base}${path}`, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
  return { status: res.status, headers: res.headers, text: method === 'HEAD' ? '' : await res.text() };
}

describe('static files', () => {
  it('sends the brotli copy when the browser accepts it, gzip when only gzip, the file itself otherwise', async () => {
    const br = await get('/assets/app.js', 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.text).toBe(SCRIPT); // decoded by fetch: the copy holds the same bytes
    expect(Number(br.headers.get('content-length'))).toBe(brotliCompressSync(SCRIPT).length);
    expect(br.headers.get('vary')).toBe('accept-encoding');
    expect((await get('/assets/app.js', 'gzip')).headers.get('content-encoding')).toBe('gzip');
    expect((await get('/assets/app.js', 'br;q=0, gzip')).headers.get('content-encoding')).toBe('gzip');
    const identity = await get('/assets/app.js', 'identity');
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(Number(identity.headers.get('content-length'))).toBe(SCRIPT.length);
  });

  it('sends a file without compressed copies as it is, with its type and caching', async () => {
    const css = await get('/assets/plain.css', 'br, gzip');
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect((await get('/', 'br')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers HEAD without a body, refuses other methods, and never leaves its folder', async () => {
    const head = await get('/assets/app.js', 'br', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBe('br');
    expect((await get('/assets/app.js', 'br', 'POST')).status).toBe(405);
    expect((await get('/assets/%2e%2e%2f%2e%2e%2fpackage.json')).status).toBe(404);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });
});
