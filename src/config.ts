import { availableParallelism } from 'node:os';
import type { AuthConfig } from './auth/authenticate.js';
import type { LimitOptions } from './graphql/plugins/use-limits.js';
import { parseCursorKeys } from './data/cursors.js';
import type { MetricsEndpointOptions } from './http/metrics-endpoint.js';
import type { RateLimitOptions } from './http/rate-limit.js';
import type { VariablesLimits } from './http/variables-limit.js';

/**
 * GraphQL requests executing at once by default: twice the cores, at least 4. With the embedded
 * database the API and Neo4j share those cores, and more requests at once only share them thinner
 * (and each holds its answer in memory); against a remote cluster, raise MAX_CONCURRENT_REQUESTS.
 */
const DEFAULT_MAX_CONCURRENT = Math.max(4, 2 * availableParallelism());

/** Runtime configuration, read once from the environment. See the README's configuration table. */
export interface Config {
  /** NODE_ENV=production: no introspection, no field suggestions, masked errors. */
  production: boolean;
  /** NODE_ENV=development: unmasked errors with stack traces. */
  development: boolean;
  auth: AuthConfig;
  limits: LimitOptions;
  /** Bounds on the JSON of `variables`. */
  variablesLimits: VariablesLimits;
  /** Request and failed-authentication limits per client address and subject. */
  rateLimit: RateLimitOptions;
  /** Token and port of /metrics. */
  metricsEndpoint: MetricsEndpointOptions;
  /** Operation names of the deployment's own frontends, used as metric labels. */
  knownOperations: string[];
  /** TRUSTED_DOCUMENTS=only: run nothing but the generated manifest's operations, sent by id. */
  trustedDocuments: 'off' | 'only';
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** GraphQL requests executing at once, and how long one may wait for its turn (src/http/admission.ts). */
  admission: { maxConcurrent: number; maxWaitMs: number };
  /** How long in-flight requests may take to finish on SIGTERM, in milliseconds. */
  shutdownGraceMs: number;
  /** BATCHING=false turns DataLoader batching off (the benchmark's naive variant only). */
  batching: boolean;
  /** COMPILE_SELECTIONS=false resolves nested relationship fields one level at a time (DataLoader) instead of compiling them into one statement. */
  compileSelections: boolean;
  /** Cells of expensive answers (coverage matrices) kept in memory between writes; 0 keeps none. */
  answerCacheCells: number;
  /** HTTP port of the GraphQL server. */
  port: number;
  /** External Neo4j (bolt://, neo4j://, neo4j+s://...). Unset: start the embedded one. */
  neo4jUri: string | undefined;
  neo4jUser: string;
  neo4jPassword: string;
  /** Database name; undefined means the server's default database. */
  neo4jDatabase: string | undefined;
  /** Embedded Neo4j settings (ignored with neo4jUri). */
  embedded: {
    home: string;
    port: number;
    heap: string;
    pageCacheMb: number;
    /** Transaction log rotation size in MiB (16: a lean default; Neo4j's own is 256). */
    txLogRotationMb: number;
    /** Preallocate transaction logs (off by default; on suits a production disk). */
    txLogPreallocate: boolean;
    /** Free space required to start, in MiB; undefined: twice the rotation size + 64. */
    minFreeMb: number | undefined;
    /** How long the embedded Neo4j may take to start, in milliseconds. */
    startTimeoutMs: number;
  };
  /** Timeout applied to every Cypher transaction, in milliseconds. */
  queryTimeoutMs: number;
  /** Timeout of the transactions of startup work (migrations, the seed and example loads), in milliseconds. */
  startupTimeoutMs: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /** Load the seed graph when the database holds no entity. */
  seedWhenEmpty: boolean;
  /** Also load the illustrative dataset (seed/examples), idempotently, at every start. */
  withExamples: boolean;
  /** WARM_UP (default on): run representative requests before /readyz turns green. */
  warmUp: boolean;
  /** CURSOR_KEYS: keys sealing page cursors, newest first; undefined = one generated per process. */
  cursorKeys: Buffer[] | undefined;
}

/**
 * Builds the configuration from environment variables; throws with the variable at fault. With
 * NODE_ENV=production, a server that accepts bearer tokens must check their issuer and audience.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const production = env.NODE_ENV === 'production';
  const tokens = Boolean(env.JWT_SECRET || env.JWT_PUBLIC_KEY_FILE || env.JWT_JWKS_FILE);
  if (production && tokens && (!env.JWT_ISSUER || !env.JWT_AUDIENCE)) {
    throw new Error('NODE_ENV=production accepts bearer tokens only with JWT_ISSUER and JWT_AUDIENCE set (the expected iss and aud)');
  }
  const metricsPort = env.METRICS_PORT ? int(env, 'METRICS_PORT', 0) : undefined;
  return {
    production,
    development: env.NODE_ENV === 'development',
    auth: {
      jwtSecret: env.JWT_SECRET || undefined,
      jwtPublicKeyFile: env.JWT_PUBLIC_KEY_FILE || undefined,
      jwtAlgorithm: env.JWT_ALGORITHM === 'ES256' ? 'ES256' : 'RS256',
      jwksFile: env.JWT_JWKS_FILE || undefined,
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      apiKeysFile: env.API_KEYS_FILE || undefined,
      maxLifetimeSeconds: int(env, 'JWT_MAX_LIFETIME_S', 86_400),
      clockSkewSeconds: int(env, 'JWT_CLOCK_SKEW_S', 30),
    },
    limits: {
      maxDepth: int(env, 'MAX_DEPTH', 12),
      maxCost: int(env, 'MAX_COST', 20_000),
      maxAliases: int(env, 'MAX_ALIASES', 15),
      maxTokens: int(env, 'MAX_TOKENS', 4_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', 20),
      maxFilterLeaves: int(env, 'MAX_FILTER_LEAVES', 10),
      blockFieldSuggestions: production,
    },
    variablesLimits: { maxDepth: int(env, 'MAX_VARIABLES_DEPTH', 20), maxValues: int(env, 'MAX_VARIABLES_VALUES', 5_000) },
    rateLimit: {
      perAddress: int(env, 'RATE_LIMIT_PER_ADDRESS', 1_200),
      perSubject: int(env, 'RATE_LIMIT_PER_SUBJECT', 1_200),
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_S', 60),
      authFailures: int(env, 'RATE_LIMIT_AUTH_FAILURES', 10),
      authBlockSeconds: int(env, 'RATE_LIMIT_AUTH_BLOCK_S', 300),
      trustedProxies: int(env, 'TRUSTED_PROXIES', 0),
    },
    // in production, an open /metrics would show an anonymous scraper when classified data was read
    metricsEndpoint: {
      token: env.METRICS_TOKEN || undefined,
      ...(metricsPort !== undefined ? { port: metricsPort } : {}),
      closed: production && !env.METRICS_TOKEN && metricsPort === undefined,
    },
    trustedDocuments: oneOf(env, 'TRUSTED_DOCUMENTS', ['off', 'only'] as const, 'off'),
    knownOperations: (env.KNOWN_OPERATIONS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 100_000),
    admission: { maxConcurrent: int(env, 'MAX_CONCURRENT_REQUESTS', DEFAULT_MAX_CONCURRENT), maxWaitMs: int(env, 'QUEUE_WAIT_MS', 5_000) },
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000),
    batching: env.BATCHING !== 'false',
    compileSelections: env.COMPILE_SELECTIONS !== 'false',
    answerCacheCells: int(env, 'ANSWER_CACHE_CELLS', 200_000),
    port: int(env, 'PORT', 4000),
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUser: env.NEO4J_USER ?? 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD ?? '',
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    embedded: {
      home: env.NEO4J_HOME_DIR ?? 'data/neo4j',
      port: int(env, 'NEO4J_EMBEDDED_PORT', 0),
      heap: env.NEO4J_HEAP ?? '512m',
      pageCacheMb: int(env, 'NEO4J_PAGECACHE_MB', 128),
      txLogRotationMb: int(env, 'NEO4J_TX_LOG_ROTATION_MB', 16),
      txLogPreallocate: env.NEO4J_TX_LOG_PREALLOCATE === 'true',
      minFreeMb: env.NEO4J_MIN_FREE_MB ? int(env, 'NEO4J_MIN_FREE_MB', 0) : undefined,
      startTimeoutMs: int(env, 'NEO4J_START_TIMEOUT_MS', 120_000),
    },
    queryTimeoutMs: int(env, 'QUERY_TIMEOUT_MS', 30_000),
    startupTimeoutMs: int(env, 'STARTUP_TIMEOUT_MS', 600_000),
    seedWhenEmpty: env.SEED !== 'false',
    host: env.HOST ?? '127.0.0.1',
    withExamples: argv.includes('--with-examples') || env.EXAMPLES === 'true',
    warmUp: env.WARM_UP !== 'false',
    cursorKeys: parseCursorKeys(env.CURSOR_KEYS),
  };
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], dflt: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}
