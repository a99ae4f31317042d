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
import { useIdempotencyKey } from '../graphql/plugins/use-idempotency-key.js';
import { useLimits, type LimitOptions } from '../graphql/plugins/use-limits.js';
import { useObservability } from '../graphql/plugins/use-observability.js';
import { resolvers } from '../graphql/resolvers/index.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { silentLogger, type Logger } from '../ops/logger.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { knownOperationNames } from '../ops/operation-names.js';
import type { Tracing } from '../ops/tracing.js';
import type { WarmUpExecutor, WarmUpReport } from '../ops/warm-up.js';
import { graphqlStatus, readBody, requestIdOf, send, sendGraphQLErrors } from './respond.js';
import { serveStatic } from './static-files.js';
import { exceedsTokenLimit } from './token-limit.js';
import { checkVariables, type VariablesLimits } from './variables-limit.js';
import { resolveTrusted, type TrustedDocumentsOptions } from './trusted-documents.js';
import { createRateLimiter, type RateLimited, type RateLimitOptions } from './rate-limit.js';
import { metricsHandler, startMetricsServer, type MetricsEndpointOptions, type MetricsServer } from './metrics-endpoint.js';

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
  /** Bounds on the JSON of `variables`, checked before GraphQL sees them (depth 20, 5,000 values). */
  variablesLimits?: VariablesLimits;
  /** Trusted documents (off by default: any operation; manifest ids accepted too). */
  trustedDocuments?: TrustedDocumentsOptions;
  /** Request and failed-authentication limits per client (off when absent; `npm start` turns them on). */
  rateLimit?: RateLimitOptions;
  /** Metrics to record into (created when absent); served at /metrics. */
  metrics?: Metrics;
  /** Operation names of a deployment's own frontends, used as metric labels (beside the shipped client's and the explorer's). */
  knownOperations?: string[];
  /** A token for /metrics, or a port of its own (then not served on the GraphQL port). */
  metricsEndpoint?: MetricsEndpointOptions;
  logger?: Logger;
  /**
   * OpenTelemetry tracing (see src/ops/tracing.ts; absent when no OTLP endpoint is configured): a span
   * per GraphQL request and per Cypher transaction of this server's database.
   */
  tracing?: Tracing;
  /** Requests slower than this are logged at warn level (default 1,000 ms). */
  slowRequestMs?: number;
  /** How long in-flight requests may take to finish once shutdown starts, in milliseconds. */
  shutdownGraceMs?: number;
  /**
   * On shutdown, how long no new request must have arrived (and none be in flight) before idle
   * connections are closed: a busy event loop may not yet have read requests already sent.
   */
  shutdownSettleMs?: number;
  /** Batch lookups with DataLoader (default); `false` only for the benchmark's naive variant. */
  batching?: boolean;
  /** Compile nested relationship fields into one statement per root field (default); see src/data/compiler.ts. */
  compile?: boolean;
  /**
   * The embedded database's supervisor status, for /healthz: once it has failed to restart the
   * database several times in a row, the process is not healthy (a restart of it may help).
   */
  liveness?: () => { failed: boolean; reason: string | null } | null;
  /**
   * Run once the server listens, before /readyz turns green (see src/ops/warm-up.ts): it is given
   * an executor that runs a request in this server as an anonymous PUBLIC caller. None by default.
   */
  warmUp?: (execute: WarmUpExecutor) => Promise<WarmUpReport>;
}

/** A running GraphQL server. */
export interface RunningServer {
  /** e.g. `http://localhost:4000/graphql` */
  url: string;
  port: number;
  /** The separate metrics listener's URL, when `metricsEndpoint.port` is set. */
  metricsUrl?: string;
  /** Settles when the warm-up has run (null without one); /readyz is red until then. */
  warmed: Promise<WarmUpReport | null>;
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
  variablesLimits = { maxDepth: 20, maxValues: 5_000 },
  rateLimit,
  trustedDocuments = { mode: 'off' },
  metrics = createMetrics(db),
  metricsEndpoint = {},
  knownOperations = [],
  logger = silentLogger,
  tracing,
  slowRequestMs = 1_000,
  shutdownGraceMs = 10_000,
  shutdownSettleMs = 500,
  batching = true,
  compile = true,
  liveness = () => null,
  warmUp,
}: ServerOptions): Promise<RunningServer> {
  let draining = false;
  let warming = warmUp !== undefined;
  /** Set late in a shutdown: new requests are answered 503 without being run. */
  let refusing = false;
  let inFlight = 0;
  let lastArrival = 0;
  const httpServer = createServer();
  if (tracing) db.trace(tracing);
  const limiter = rateLimit ? createRateLimiter(rateLimit) : null;
  const serveMetrics = metricsHandler(metrics, metricsEndpoint.token, metricsEndpoint.closed);
  const metricsServer: MetricsServer | null = metricsEndpoint.port !== undefined ? await startMetricsServer(metrics, metricsEndpoint) : null;
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
      useIdempotencyKey(),
      useObservability({ metrics, logger, slowMs: slowRequestMs, knownOperations: knownOperationNames(knownOperations) }),
      ...(tracing ? [tracing.plugin()] : []),
    ],
    validationRules: armor.validationRules,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: development,
    formatError: formatError({ development, hideSuggestions: production }),
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
    // GraphQL requests only: probes, metrics scrapes and page assets would bury them
    const traced = tracing && (req.url === '/graphql' || req.url?.startsWith('/graphql?'));
    (traced ? tracing.request(req, res, requestId, () => handle(req, res, requestId)) : handle(req, res, requestId)).catch((err: unknown) => {
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
      if (warming) return send(res, 503, { ready: false, warming: true });
      const r = await readiness(db);
      return send(res, r.ready ? 200 : 503, r);
    }
    if (url.pathname === '/metrics' && !metricsServer) return serveMetrics(req, res);
    if (await serveStatic({ prefix: '/explorer', root: EXPLORER_DIR }, req, res, url.pathname)) return;
    if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is served at /graphql, the explorer at /explorer/' });

    const address = limiter?.addressOf(req) ?? '';
    const tooMany = ({ retryAfterSeconds, message }: RateLimited) => {
      metrics.errors.inc({ code: 'RATE_LIMITED' });
      logger.warn({ requestId, errors: ['RATE_LIMITED'] }, 'request refused by the rate limit');
      res.setHeader('retry-after', String(retryAfterSeconds));
      return sendGraphQLErrors(req, res, 429, [{ message, extensions: { code: 'RATE_LIMITED' } }]);
    };
    const credentials = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    const blocked = limiter && credentials ? await limiter.checkBlocked(address) : null;
    if (blocked) return tooMany(blocked);
    let viewer: Viewer;
    try {
      viewer = await authenticate(req);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const limited = limiter ? await limiter.failedAuthentication(address) : null;
      if (limited) return tooMany(limited);
      metrics.errors.inc({ code: err.code });
      logger.warn({ requestId, errors: [err.code] }, 'authentication refused');
      res.setHeader('www-authenticate', 'Bearer');
      return sendGraphQLErrors(req, res, 401, [{ message: err.message, extensions: { code: err.code } }]);
    }
    const limited = limiter ? await limiter.request(address, viewer.subject) : null;
    if (limited) return tooMany(limited);
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
    // trusted operations travel by POST; GETs carry no document id here
    const trusted = resolveTrusted(req.method === 'POST' ? parsed : { query: url.searchParams.get('query') }, trustedDocuments);
    if ('errors' in trusted) return sendGraphQLErrors(req, res, 400, trusted.errors);
    if (req.method === 'POST') parsed = trusted.body;
    const query = (parsed as { query?: unknown } | null)?.query ?? url.searchParams.get('query');
    const maxTokens = limits.maxTokens ?? 4_000;
    if (typeof query === 'string' && exceedsTokenLimit(query, maxTokens)) {
      return sendGraphQLErrors(req, res, 400, [{ message: `the query has more than ${maxTokens} tokens`, extensions: { code: 'TOKEN_LIMIT' } }]);
    }
    const violation = checkVariables(variablesOf(parsed, url), variablesLimits);
    if (violation) {
      return sendGraphQLErrors(req, res, 400, [{ message: violation.message, extensions: { code: 'BAD_USER_INPUT', argumentName: violation.variable } }]);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parsed === '' ? undefined : parsed,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(db, viewer, { requestId, batching, compile, onBatch: (field, size) => metrics.batchSize.observe({ field }, size) }),
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.statusCode = graphqlStatus(res.statusCode, response.headers.get('content-type'), response.body.string);
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** The request's variables: the body's, or a GET's `variables` parameter (unparsable JSON is left to Apollo). */
  function variablesOf(parsed: unknown, url: URL): unknown {
    const fromBody = (parsed as { variables?: unknown } | null)?.variables;
    if (fromBody !== undefined) return fromBody;
    const param = url.searchParams.get('variables');
    if (param === null) return undefined;
    try {
      return JSON.parse(param);
    } catch {
      return undefined;
    }
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const actual = (httpServer.address() as AddressInfo).port;
  const warmed = warmUp
    ? warmUp(async ({ query, variables }) => {
        const answer = await apollo.executeOperation({ query, variables }, { contextValue: createContext(db, ANONYMOUS, { requestId: 'warm-up', batching, compile, internal: true }) });
        return answer.body.kind === 'single' ? answer.body.singleResult : {};
      })
        .catch((err: unknown) => {
          logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'warm-up failed; serving cold');
          return null;
        })
        .finally(() => {
        warming = false;
      })
    : Promise.resolve(null);
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
    await metricsServer?.close();
  }
  return {
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${actual}/graphql`,
    port: actual,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    warmed,
    async close() {
      closing ??= drain();
      return closing;
    },
  };
}
