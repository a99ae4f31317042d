import type { Config } from '../config.js';
import { Database } from './database.js';
import { startEmbedded, type EmbeddedNeo4j } from './embedded.js';
import { describeConnectFailure } from './failure.js';
import { EmbeddedSupervisor, type SupervisorLog } from './supervisor.js';

/** The process's database: the driver, and the embedded server when one was started for it. */
export interface Connection {
  db: Database;
  /** Set when no NEO4J_URI was given and an embedded Neo4j runs for this process. */
  embedded: EmbeddedNeo4j | null;
  /** Set by `connect(..., { supervise: true })` for the embedded Neo4j: restarts it when it dies. */
  supervisor: EmbeddedSupervisor | null;
  /** Closes the driver, then stops the embedded server (if any). */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Progress lines (plain text). */
  log?: (line: string) => void;
  /**
   * Keep the embedded Neo4j running (restart it when its JVM dies or its database panics), logging
   * to this logger. For long-running processes (the API); a one-shot CLI just fails instead.
   */
  supervise?: SupervisorLog;
}

/**
 * Connects to NEO4J_URI when set (any Neo4j 5 server, Aura, or a cluster through neo4j://);
 * otherwise starts the embedded Neo4j (waiting up to 20 s for a previous run's JVM to release the
 * store) and connects to it over bolt:// with its password.
 */
export async function connect(config: Config, options: ConnectOptions | ((line: string) => void) = {}): Promise<Connection> {
  const { log = () => {}, supervise } = typeof options === 'function' ? { log: options } : options;
  let embedded: EmbeddedNeo4j | null = null;
  let supervisor: EmbeddedSupervisor | null = null;
  let db: Database | undefined;
  let uri = config.neo4jUri;
  if (!uri) {
    log(`Starting embedded Neo4j in ${config.embedded.home} ...`);
    const embeddedOptions = { ...config.embedded, lockWaitMs: 20_000, log };
    if (supervise) {
      supervisor = new EmbeddedSupervisor({ ...embeddedOptions, logger: supervise, onAvailability: (reason) => db?.setOutage(reason) });
      embedded = await supervisor.start();
    } else {
      embedded = await startEmbedded(embeddedOptions);
    }
    uri = embedded.uri;
    log(`Embedded Neo4j ready at ${uri}`);
  }
  db = new Database({
    uri,
    user: embedded?.user ?? config.neo4jUser,
    password: embedded?.password ?? config.neo4jPassword,
    database: config.neo4jDatabase,
    queryTimeoutMs: config.queryTimeoutMs,
  });
  const stopEmbedded = () => (supervisor ? supervisor.stop() : embedded?.stop());
  // an embedded JVM that has just said it is ready can still be too starved (a loaded machine) to
  // answer the first connection within the driver's 2 s: give it a minute before giving up
  const pingUntil = Date.now() + (embedded ? 60_000 : 0);
  for (;;) {
    try {
      await db.ping();
      break;
    } catch (err) {
      if (Date.now() < pingUntil) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      await db.close();
      await stopEmbedded();
      throw new Error(`Cannot reach Neo4j at ${uri}: ${describeConnectFailure(err)}`);
    }
  }
  const connected = db;
  return {
    db: connected,
    get embedded() {
      return supervisor ? supervisor.embedded : embedded;
    },
    supervisor,
    async close() {
      // bounded: a driver waiting on a dead server must not hold the process
      await Promise.race([connected.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await stopEmbedded();
    },
  };
}
