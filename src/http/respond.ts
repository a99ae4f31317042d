import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends a JSON body with a status. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Reads the body as UTF-8; null when it exceeds `limit` bytes (the rest is left unread). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The caller's x-request-id when it is a sane token, else null. */
export function requestIdOf(req: IncomingMessage): string | null {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && /^[\w.:-]{1,100}$/.test(h) ? h : null;
}
