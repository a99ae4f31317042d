import type { IncomingMessage, ServerResponse } from 'node:http';

/** A GraphQL error as the client receives it. */
export interface WireError {
  message: string;
  extensions: { code: string; [key: string]: unknown };
}

/** The media type of the GraphQL over HTTP specification's own responses. */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * Codes of errors in a well-formed request that GraphQL itself reports (parsing, validation,
 * variable coercion, and the server's limits on the document). With `application/json` they are
 * answered 200, as the GraphQL over HTTP specification asks; with `application/graphql-response+json`
 * they keep their 4xx status.
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'DEPTH_LIMIT',
  'COST_LIMIT',
  'ALIAS_LIMIT',
  'DIRECTIVE_LIMIT',
  'TOKEN_LIMIT',
]);

/** Sends a JSON body with a status. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** True when the client's Accept header names `application/graphql-response+json` before `application/json`. */
export function prefersGraphQLResponse(req: IncomingMessage): boolean {
  const accept = (req.headers.accept ?? '').toLowerCase();
  const gql = accept.indexOf(GRAPHQL_RESPONSE_JSON);
  if (gql < 0) return false;
  const json = accept.search(/application\/json(?![\w+-])/);
  return json < 0 || gql < json;
}

/**
 * Sends GraphQL errors raised before execution, in the media type the client asked for. A
 * request error (REQUEST_ERROR_CODES) is a 200 in `application/json` and keeps `status` in
 * `application/graphql-response+json`; other statuses (401, 413, 429) are kept in both.
 */
export function sendGraphQLErrors(req: IncomingMessage, res: ServerResponse, status: number, errors: WireError[]): void {
  const graphqlResponse = prefersGraphQLResponse(req);
  const requestError = errors.every((e) => REQUEST_ERROR_CODES.has(e.extensions.code));
  res.statusCode = requestError && !graphqlResponse ? 200 : status;
  res.setHeader('content-type', `${graphqlResponse ? GRAPHQL_RESPONSE_JSON : 'application/json'}; charset=utf-8`);
  res.end(JSON.stringify({ errors }));
}

/**
 * The status of an Apollo response once the specification's `application/json` rule is applied: a
 * 400 whose errors are all request errors becomes 200; anything else is kept.
 */
export function graphqlStatus(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (parsed.errors ?? []).map((e) => String(e.extensions?.code));
    return codes.length > 0 && codes.every((c) => REQUEST_ERROR_CODES.has(c)) ? 200 : status;
  } catch {
    return status;
  }
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
