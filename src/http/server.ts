import { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Authenticate } from '../auth/authenticate.js';
import { readiness } from '../data/health.js';
import { ANONYMOUS } from '../data/viewer.js';
import type { Database } from '../db/database.js';
import { createContext, type Context } from '../graphql/context.js';
import { formatError } from '../graphql/errors.js';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { auditFields, useAudit } from '../graphql/plugins/use-audit.js';
import { useIdempotencyKey } from '../graphql/plugins/use-idempotency-key.js';
import { useLimits, type LimitOptions } from '../graphql/plugins/use-limits.js';
import { useObservability } from '../graphql/plugins/use-observability.js';
import { resolvers } from '../graphql/resolvers/index.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { silentLogger, type Logger } from '../ops/logger.js';
import { createMetrics, watchAdmission, type Metrics } from '../ops/metrics.js';
import { knownOperationNames } from '../ops/operation-names.js';
import type { Tracing } from '../ops/tracing.js';
import type { WarmUpExecutor, WarmUpReport } from '../ops/warm-up.js';
import { requestIdOf, send } from './respond.js';
import { trackConnections } from './drain.js';
import { graphqlHandler } from './graphql-request.js';
import { createAdmission, type AdmissionOptions } from './admission.js';
import { serveStatic } from './static-files.js';
import type { VariablesLimits } from './variables-limit.js';
import type { TrustedDocumentsOptions } from './trusted-documents.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { AnswerCache } from '../data/answer-cache.js';
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
  /** GraphQL requests executing at once and the longest wait for a turn (unbounded when absent). */
  admission?: AdmissionOptions;
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
   * Cells of coverage answers kept in memory until the graph changes (src/data/answer-cache.ts);
   * 0 keeps none. Default 200,000 (a few tens of MiB at most).
   */
  answerCacheCells?: number;
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
 * (database reachable, migrations applied), /metrics (Prometheus) and the explorer. Routing is
 * done here; a GraphQL request's own path is in graphql-request.ts, the shutdown in drain.ts.
 */
export async function startServer({
  db,
  port = 4000,
  host = '127.0.0.1',
  maxBodyBytes = 100_000,
  admission: admissionOptions,
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
  answerCacheCells = 200_000,
  liveness = () => null,
  warmUp,
}: ServerOptions): Promise<RunningServer> {
  let warming = warmUp !== undefined;
  const httpServer = createServer();
  // before the listener below, so that a response during a shutdown is marked to close its connection
  const connections = trackConnections(httpServer, { graceMs: shutdownGraceMs, settleMs: shutdownSettleMs });
  if (tracing) db.trace(tracing);
  const limiter = rateLimit ? createRateLimiter(rateLimit) : null;
  const serveMetrics = metricsHandler(metrics, metricsEndpoint.token, metricsEndpoint.closed);
  const metricsServer: MetricsServer | null = metricsEndpoint.port !== undefined ? await startMetricsServer(metrics, metricsEndpoint) : null;
  const armor = useLimits({ blockFieldSuggestions: production, ...limits });
  const typeDefs = loadTypeDefs();
  const apollo = new ApolloServer<Context>({
    typeDefs,
    // the audit gathers on the fields that return objects or aggregates (see useAudit below)
    resolvers: auditFields(resolvers, typeDefs),
    // this process owns SIGTERM/SIGINT (src/main.ts): Apollo's own handler would stop the server in
    // parallel with the drain below and reset connections whose requests were being served
    stopOnTerminationSignals: false,
    plugins: [
      // no cache hints are declared: its hook on every field of every response only cost time
      // (graphql-request.ts sends `cache-control: no-store` on every answer instead)
      ApolloServerPluginCacheControlDisabled(),
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
  const admission = admissionOptions ? createAdmission(admissionOptions) : null;
  if (admission) watchAdmission(metrics, admission);
  const answers = answerCacheCells > 0 ? new AnswerCache(answerCacheCells) : null;
  const graphql = graphqlHandler({ apollo, db, authenticate, limiter, admission, metrics, logger, maxBodyBytes, trustedDocuments, maxTokens: limits.maxTokens ?? 4_000, variablesLimits, batching, compile, answers });

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdOf(req) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    if (connections.refusing && !req.url?.startsWith('/readyz') && !req.url?.startsWith('/healthz')) {
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
      if (connections.draining) return send(res, 503, { ready: false, draining: true });
      if (warming) return send(res, 503, { ready: false, warming: true });
      const r = await readiness(db);
      return send(res, r.ready ? 200 : 503, r);
    }
    if (url.pathname === '/metrics' && !metricsServer) return serveMetrics(req, res);
    if (await serveStatic({ prefix: '/explorer', root: EXPLORER_DIR }, req, res, url.pathname)) return;
    if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is served at /graphql, the explorer at /explorer/' });
    return graphql(req, res, requestId, url);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const actual = (httpServer.address() as AddressInfo).port;
  const warmed = warmUp
    ? warmUp(async ({ query, variables }) => {
        const answer = await apollo.executeOperation({ query, variables }, { contextValue: createContext(db, ANONYMOUS, { requestId: 'warm-up', batching, compile, answers, internal: true }) });
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
  return {
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${actual}/graphql`,
    port: actual,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    warmed,
    close: () =>
      connections.drain(async () => {
        await apollo.stop();
        await metricsServer?.close();
      }),
  };
}
