import { createAuthenticator } from './auth/authenticate.js';
import { loadConfig } from './config.js';
import { setCursorKeys } from './data/cursors.js';
import { loadRequests } from './data/access-requests.js';
import { readDatasetDir } from './data/files.js';
import { isEmpty, load } from './data/loader.js';
import { connect } from './db/connect.js';
import { migrate } from './db/migrations.js';
import { startServer, type RunningServer } from './http/server.js';
import { loadManifest } from './http/trusted-documents.js';
import { startBanner } from './ops/banner.js';
import { createLogger, logFormat } from './ops/logger.js';
import { createMetrics } from './ops/metrics.js';
import { otlpTracesUrl, startTracing } from './ops/tracing.js';
import { warmUp } from './ops/warm-up.js';
import { EXAMPLE_REQUESTS_FILE, EXAMPLES_DIR, SEED_DIR } from './seed.js';

// OpenTelemetry only when an OTLP endpoint is configured; its trace and span ids then go in every log line
const tracing = await startTracing();
const logger = createLogger(tracing ? { mixin: () => tracing.logFields() } : {});

/**
 * `npm start`: connect to (or start) Neo4j, migrate, seed an empty database, serve GraphQL.
 * SIGTERM/SIGINT: stop accepting requests, let those in flight finish (SHUTDOWN_GRACE_MS), close the
 * driver, stop the embedded database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.cursorKeys) setCursorKeys(config.cursorKeys);
  else logger.warn('CURSOR_KEYS is not set: page cursors are sealed with a key generated for this process (they stop working at restart and across processes)');
  const conn = await connect(config, { log: (msg) => logger.info(msg), supervise: logger });
  let server: RunningServer | undefined;
  let stopping = false;
  // the only termination-signal handler of the process (Apollo's own is turned off in startServer)
  const stop = async (signal: string) => {
    // Ctrl-C reaches this process twice (from the terminal and forwarded by npm): one stop is enough
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    await server?.close().catch((err: unknown) => logger.error({ err: String(err) }, 'error while draining'));
    await conn.close();
    await tracing?.shutdown().catch((err: unknown) => logger.warn({ err: String(err) }, 'could not send the last spans'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // startup work gets its own, longer timeout: on a loaded machine the seed load could outlast
  // QUERY_TIMEOUT_MS, and the server then never started
  await conn.db.withTimeout(config.startupTimeoutMs, async () => {
    const { from, to } = await migrate(conn.db, { log: (msg) => logger.info(msg) });
    logger.info({ from, to }, from === to ? 'schema up to date' : 'schema migrated');
    if (config.seedWhenEmpty && (await isEmpty(conn.db))) {
      const s = await load(conn.db, await readDatasetDir(SEED_DIR));
      logger.info({ nodes: s.nodes, relationships: s.relationships }, 'seed graph loaded');
    }
    if (config.withExamples) {
      const s = await load(conn.db, await readDatasetDir(EXAMPLES_DIR));
      const requests = await loadRequests(conn.db, EXAMPLE_REQUESTS_FILE);
      logger.info({ nodes: s.nodes, relationships: s.relationships, created: s.created, updated: s.updated, requests }, 'illustrative examples loaded');
    }
  });
  server = await startServer({
    db: conn.db,
    port: config.port,
    host: config.host,
    authenticate: await createAuthenticator(config.auth),
    development: config.development,
    production: config.production,
    limits: config.limits,
    variablesLimits: config.variablesLimits,
    rateLimit: config.rateLimit,
    metricsEndpoint: config.metricsEndpoint,
    knownOperations: config.knownOperations,
    trustedDocuments: config.trustedDocuments === 'only' ? { mode: 'only', manifest: loadManifest() } : { mode: 'off', manifest: loadManifest() },
    maxBodyBytes: config.maxBodyBytes,
    admission: config.admission,
    metrics: createMetrics(conn.db),
    logger,
    tracing,
    shutdownGraceMs: config.shutdownGraceMs,
    batching: config.batching,
    compile: config.compileSelections,
    answerCacheCells: config.answerCacheCells,
    liveness: () => conn.supervisor?.status ?? null,
    ...(config.warmUp ? { warmUp: (execute) => warmUp(execute) } : {}),
  });
  void server.warmed.then((r) => r && logger.info(r, 'warmed up: /readyz is green'));
  if (tracing) logger.info({ endpoint: otlpTracesUrl() }, 'tracing: spans sent by OTLP/HTTP');
  const banner = startBanner(server.url);
  // on a terminal the banner's lines are printed as they are (the example can be pasted); in JSON
  // logs they are fields
  if (logFormat() === 'pretty') logger.info(banner.message);
  else logger.info({ ...banner.fields, ...(server.metricsUrl ? { metrics: server.metricsUrl } : {}) }, `GraphQL ready at ${server.url}`);
  if (server.metricsUrl && logFormat() === 'pretty') logger.info(`metrics at ${server.metricsUrl}`);
}

main().catch((err: unknown) => {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'could not start');
  process.exit(1);
});
