import type { AuthConfig } from './auth/authenticate.js';
import type { LimitOptions } from './graphql/plugins/use-limits.js';

/** Runtime configuration, read once from the environment. See the README's configuration table. */
export interface Config {
  /** NODE_ENV=production: no introspection, no field suggestions, masked errors. */
  production: boolean;
  /** NODE_ENV=development: unmasked errors with stack traces. */
  development: boolean;
  auth: AuthConfig;
  limits: LimitOptions;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** How long in-flight requests may take to finish on SIGTERM, in milliseconds. */
  shutdownGraceMs: number;
  /** BATCHING=false turns DataLoader batching off (the benchmark's naive variant only). */
  batching: boolean;
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
  /** Interface the HTTP server binds to. */
  host: string;
  /** Load the seed graph when the database holds no entity. */
  seedWhenEmpty: boolean;
  /** Also load the illustrative dataset (seed/examples), idempotently, at every start. */
  withExamples: boolean;
}

/** Builds the configuration from environment variables; throws with the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const production = env.NODE_ENV === 'production';
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
    },
    limits: {
      maxDepth: int(env, 'MAX_DEPTH', 12),
      maxCost: int(env, 'MAX_COST', 20_000),
      maxAliases: int(env, 'MAX_ALIASES', 15),
      maxTokens: int(env, 'MAX_TOKENS', 4_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', 20),
      blockFieldSuggestions: production,
    },
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 100_000),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000),
    batching: env.BATCHING !== 'false',
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
    seedWhenEmpty: env.SEED !== 'false',
    host: env.HOST ?? '127.0.0.1',
    withExamples: argv.includes('--with-examples') || env.EXAMPLES === 'true',
  };
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}
