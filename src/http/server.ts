import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db/database.js';
import { createContext, type Context } from '../graphql/context.js';
import { resolvers } from '../graphql/resolvers/index.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { formatError } from '../graphql/errors.js';
import { ANONYMOUS, type Viewer } from '../data/viewer.js';
import type { Authenticate } from '../auth/authenticate.js';
import { ApiError } from '../errors.js';
import { useAudit } from '../graphql/plugins/use-audit.js';
import { useLimits, type LimitOptions } from '../graphql/plugins/use-limits.js';
import { exceedsTokenLimit } from './token-limit.js';

/** Options of the HTTP server. */
export interface ServerOptions {
  db: Database;
  /** TCP port; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Who is calling; anonymous PUBLIC readers by default. Throw an UNAUTHENTICATED ApiError to refuse. */
  authenticate?: Authenticate;
  /** Development mode: unmasked errors with stack traces. */
  development?: boolean;
  /** Production mode: no introspection, no field suggestions. */
  production?: boolean;
  limits?: LimitOptions;
}

/** A running GraphQL server. */
export interface RunningServer {
  /** e.g. `http://localhost:4000/graphql` */
  url: string;
  port: number;
  /** Stops accepting requests, lets those in flight finish, then resolves. */
  close(): Promise<void>;
}

/**
 * Serves GraphQL at /graphql (Apollo Server over node:http) and /healthz. Apollo's own HTTP
 * handling (content negotiation, CSRF prevention, batching rules) is used through
 * `executeHTTPGraphQLRequest`; only body reading and routing are done here.
 */
export async function startServer({
  db,
  port = 4000,
  host = '127.0.0.1',
  maxBodyBytes = 100_000,
  authenticate = async () => ANONYMOUS,
  development = false,
  production = false,
  limits = {},
}: ServerOptions): Promise<RunningServer> {
  const httpServer = createServer();
  const armor = useLimits({ blockFieldSuggestions: production, ...limits });
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ...armor.plugins, useAudit()],
    validationRules: armor.validationRules,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development),
  });
  await apollo.start();

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
      process.stderr.write(`request failed: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return send(res, 200, { ok: true });
    if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is served at /graphql' });

    let viewer: Viewer;
    try {
      viewer = await authenticate(req);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, { errors: [{ message: err.message, extensions: { code: err.code } }] });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      // the rest of the body is left unread, so this connection cannot carry another request
      res.setHeader('connection', 'close');
      return send(res, 413, { errors: [{ message: `request body exceeds ${maxBodyBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let parsed: unknown = body;
    if (headers.get('content-type')?.startsWith('application/json') && body.length > 0) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    const query = (parsed as { query?: unknown } | null)?.query ?? url.searchParams.get('query');
    const maxTokens = limits.maxTokens ?? 4_000;
    if (typeof query === 'string' && exceedsTokenLimit(query, maxTokens)) {
      return send(res, 400, { errors: [{ message: `the query has more than ${maxTokens} tokens`, extensions: { code: 'TOKEN_LIMIT' } }] });
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parsed === '' ? undefined : parsed,
    };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => createContext(db, viewer) });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${actual}/graphql`,
    port: actual,
    close: () => apollo.stop(),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Reads the body as UTF-8; null when it exceeds `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

