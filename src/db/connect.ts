import type { Config } from '../config.js';
import { Database } from './database.js';
import { startEmbedded, type EmbeddedNeo4j } from './embedded.js';

/** The process's database: the driver, and the embedded server when one was started for it. */
export interface Connection {
  db: Database;
  /** Set when no NEO4J_URI was given and an embedded Neo4j runs for this process. */
  embedded: EmbeddedNeo4j | null;
  /** Closes the driver, then stops the embedded server (if any). */
  close(): Promise<void>;
}

/**
 * Connects to NEO4J_URI when set (any Neo4j 5 server, Aura, or a cluster through neo4j://);
 * otherwise starts the embedded Neo4j and connects to it over bolt://.
 */
export async function connect(config: Config, log: (line: string) => void = () => {}): Promise<Connection> {
  let embedded: EmbeddedNeo4j | null = null;
  let uri = config.neo4jUri;
  if (!uri) {
    log(`Starting embedded Neo4j in ${config.embedded.home} ...`);
    embedded = await startEmbedded({ ...config.embedded, lockWaitMs: 20_000, log });
    uri = embedded.uri;
    log(`Embedded Neo4j ready at ${uri}`);
  }
  const db = new Database({
    uri,
    user: embedded?.user ?? config.neo4jUser,
    password: embedded?.password ?? config.neo4jPassword,
    database: config.neo4jDatabase,
    queryTimeoutMs: config.queryTimeoutMs,
  });
  try {
    await db.ping();
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw new Error(`Cannot reach Neo4j at ${uri}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
