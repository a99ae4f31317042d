import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Authenticate } from '../auth/authenticate.js';
import { readiness } from '../data/health.js';
import { ANONYMOUS, type Viewer } from '../data/viewer.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { createContext, type Context } from '../graphql/context.js';
import { formatError } from '../graphql/errors.js';
import { useAudit } from '../graphql/plugins/use-audit.js';
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
  /**
   * The embedded database's supervisor status, for /healthz: once it has failed to restart the
   * database several times in a row, the process is not healthy (a restart of it may help).
   */
  liveness?: () => { failed: boolean; reason: string | null } | null;
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
  liveness = () => null,
}: ServerOptions): Promise<RunningServer> {
  let draining = false;
  /** Set late in a shutdown: new requests are answered 503 without being run. */
  let refusing = false;
  let inFlight = 0;
  let lastArrival = 0;
  const httpServer = createServer();
  const armor = useLimits({ blockFieldSuggestions: production, ...limits });
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers,
    // this process owns SIGTERM/SIGINT (src/main.ts): Apollo's own handler would stop the server in
    // parallel with the drain below and reset connections whose requests were being served
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      useAudit(),
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

  /** Open connections, and those of them serving a request right now. */
  const sockets = new Set<Socket>();
  const busy = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    lastArrival = Date.now();
    socket.once('close', () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  });
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    lastArrival = Date.now();
    busy.add(req.socket);
    res.once('close', () => {
      inFlight--;
      busy.delete(req.socket);
    });
    // while draining, keep-alive connections close after their current response
    if (draining) res.setHeader('connection', 'close');
    const requestId = requestIdOf(req) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    if (refusing && !req.url?.startsWith('/readyz') && !req.url?.startsWith('/healthz')) {
      // late in a shutdown: refused before anything runs, so the client knows nothing was done
      res.setHeader('retry-after', '1');
      return send(res, 503, { errors: [{ message: 'the server is shutting down; nothing was done, try again', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'SHUTTING_DOWN' } }] });
    }
    handle(req, res, requestId).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
      logger.error({ requestId, err: err instanceof Error ? err.message : String(err) }, 'request failed outside GraphQL');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      const status = liveness();
      if (status?.failed) return send(res, 503, { ok: false, database: 'failed', reason: status.reason });
      return send(res, 200, { ok: true });
    }
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
  let closing: Promise<void> | undefined;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

  /**
   * The shutdown, in this order: (1) /readyz turns red and every response closes its connection;
   * requests keep being served until nothing has arrived for the settle window (at most half the
   * grace period), so those a load balancer sent before it saw the red light are served; (2) if
   * clients keep coming, new requests are answered 503 SERVICE_UNAVAILABLE (reason SHUTTING_DOWN)
   * without being run, until they stop (at most a quarter of the grace period); (3) the listener
   * closes: new connections are refused, which a client can tell from a failure (closing it while
   * clients still connect would reset the connections in its queue); (4) requests already accepted
   * finish, and connections idle for the settle window are closed (Node's own server.close() would
   * also close connections whose request it has not read yet); (5) Apollo stops. Requests being
   * served may use the whole grace period.
   */
  async function drain(): Promise<void> {
    draining = true;
    const deadline = Date.now() + shutdownGraceMs;
    const listenUntil = Date.now() + shutdownGraceMs / 2;
    const quiet = () => Date.now() - lastArrival >= shutdownSettleMs;
    while (Date.now() < listenUntil && (inFlight > 0 || !quiet())) await pause();
    refusing = true;
    const refuseUntil = Date.now() + shutdownGraceMs / 4;
    while (Date.now() < refuseUntil && !quiet()) await pause();
    // right after the poll phase has accepted what the kernel queued: closing a listener resets the
    // connections still in its queue, so the window between the last accept and the close is kept short
    await new Promise((resolve) => setImmediate(resolve));
    const listenerClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
    let idleSince = Date.now();
    while (Date.now() < deadline && sockets.size > 0) {
      if (busy.size > 0 || inFlight > 0) idleSince = Date.now();
      else if (Date.now() - idleSince >= shutdownSettleMs) break;
      await pause();
    }
    for (const socket of sockets) socket.destroy();
    await listenerClosed;
    await apollo.stop();
  }
  return {
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${actual}/graphql`,
    port: actual,
    async close() {
      closing ??= drain();
      return closing;
    },
  };
}
