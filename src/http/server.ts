import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Authenticate } from '../auth/authenticate.js';
import { readiness } from '../data/health.js';
import { ANONYMOUS, type Viewer } from '../data/viewer.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { createContext, type Context } from '../graphql/context.js';
import { formatError } from '../graphql/errors.js';
import { useAudit } from '../graphql/plugins/use-audit.js';
import { useIdempotencyKey } from '../graphql/plugins/use-idempotency-key.js';
import { useLimits, type LimitOptions } from '../graphql/plugins/use-limits.js';
import { useObservability } from '../graphql/plugins/use-observability.js';
import { resolvers } from '../graphql/resolvers/index.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { silentLogger, type Logger } from '../ops/logger.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { readBody, requestIdOf, send } from './respond.js';
import { serveStatic } from './static-files.js';
import { exceedsTokenLimit } from './token-limit.js';

/** Options of the HTTP server. */
/** The explorer page, as built by `npm run build:explorer` (Vite) from src/explorer. */
const EXPLORER_DIR = fileURLToPath(new URL('../../dist/explorer', import.meta.url));

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
  /** Metrics to record into (created when absent); served at /metrics. */
  metrics?: Metrics;
  logger?: Logger;
  /** How long in-flight requests may take to finish once shutdown starts, in milliseconds. */
  shutdownGraceMs?: number;
  /**
   * On shutdown, how long no new request must have arrived (and none be in flight) before idle
   * connections are closed: a busy event loop may not yet have read requests already sent.
   */
  shutdownSettleMs?: number;
  /** Batch lookups with DataLoader (default); `false` only for the benchmark's naive variant. */
  batching?: boolean;
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
 * Serves GraphQL at /graphql (Apollo Server over node:http), /healthz (process up), /readyz
 * (database reachable, migrations applied) and /metrics (Prometheus). Apollo's own HTTP
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
  metrics = createMetrics(db),
  logger = silentLogger,
  shutdownGraceMs = 10_000,
  shutdownSettleMs = 500,
  batching = true,
}: ServerOptions): Promise<RunningServer> {
  let draining = false;
  let inFlight = 0;
  let lastArrival = 0;
  const httpServer = createServer();
  const armor = useLimits({ blockFieldSuggestions: production, ...limits });
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: shutdownGraceMs }),
      ...armor.plugins,
      useAudit(),
      useIdempotencyKey(),
      useObservability({ metrics, logger }),
    ],
    validationRules: armor.validationRules,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development),
  });
  await apollo.start();

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    lastArrival = Date.now();
    res.once('close', () => inFlight--);
    // while draining, keep-alive connections close after their current response
    if (draining) res.setHeader('connection', 'close');
    const requestId = requestIdOf(req) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    handle(req, res, requestId).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
      logger.error({ requestId, err: err instanceof Error ? err.message : String(err) }, 'request failed outside GraphQL');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return send(res, 200, { ok: true });
    if (url.pathname === '/readyz') {
      if (draining) return send(res, 503, { ready: false, draining: true });
      const r = await readiness(db);
      return send(res, r.ready ? 200 : 503, r);
    }
    if (url.pathname === '/metrics') {
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
      return;
    }
    if (await serveStatic({ prefix: '/explorer', root: EXPLORER_DIR }, req, res, url.pathname)) return;
    if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is served at /graphql, the explorer at /explorer/' });

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
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(db, viewer, { requestId, batching, onBatch: (field, size) => metrics.batchSize.observe({ field }, size) }),
    });
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
    async close() {
      // 1. /readyz turns red, so load balancers stop sending. 2. Wait until nothing is in flight and
      // nothing new has arrived for the settle window, polling in short steps so the event loop reads
      // requests already sent (closing earlier would drop them: Node's server.close() also closes
      // sockets whose request it has not read yet). 3. Apollo's drain: no new connections, idle
      // sockets closed, then stop. The whole wait is bounded by the grace period.
      draining = true;
      const deadline = Date.now() + shutdownGraceMs;
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastArrival < shutdownSettleMs)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await apollo.stop();
    },
  };
}
