import { ENTITY_LABEL } from '../ontology.js';
import type { Database } from '../db/database.js';
import { outageOf, type OutageReason } from '../db/failure.js';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../db/migrations.js';

/** What `health` reports. */
export interface HealthRow {
  ok: boolean;
  neo4jVersion: string;
  neo4jEdition: string;
  nodeCount: number;
  schemaVersion: number;
}

/**
 * Asks the database for its version and size: the number of entities the caller may see, as every
 * other count (all of them would tell a low-cleared caller how many are hidden, and when one is
 * added). Throws when the database cannot be reached.
 */
export async function readHealth(db: Database, clearance: number): Promise<HealthRow> {
  const [components] = await db.read(
    `CALL dbms.components() YIELD name, versions, edition
     WHERE name = 'Neo4j Kernel'
     RETURN versions[0] AS version, edition`,
  );
  // the count store's total less the hidden nodes (found through the classification index), as in visibleTotal
  const [counts] = await db.read(
    `CALL () { MATCH (n:${ENTITY_LABEL}) RETURN count(n) AS all }
     CALL () { MATCH (h:${ENTITY_LABEL}) WHERE h.classificationLevel > $clearance RETURN count(h) AS hidden }
     RETURN all - hidden AS nodeCount`,
    { clearance },
  );
  return {
    ok: true,
    neo4jVersion: String(components?.version ?? 'unknown'),
    neo4jEdition: String(components?.edition ?? 'unknown'),
    nodeCount: counts!.nodeCount as number,
    schemaVersion: await schemaVersion(db),
  };
}

/** Whether the service can take traffic: database reachable and migrations applied. */
export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  /** Why the database cannot serve, when it cannot: UNREACHABLE, RESTARTING, DISK_FULL, DATABASE_FAILED. */
  reason?: OutageReason;
  schemaVersion: number | null;
  expectedSchemaVersion: number;
}

/** Checks readiness within `budgetMs` (an unreachable database counts as not ready, quickly). */
export async function readiness(db: Database, budgetMs = 3_000): Promise<Readiness> {
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, budgetMs, null).unref());
  let reason: OutageReason | undefined;
  const version = await Promise.race([
    schemaVersion(db).catch((err: unknown) => {
      reason = outageOf(err) ?? 'UNREACHABLE';
      return null;
    }),
    timeout,
  ]);
  if (version === null) reason ??= db.outage() ?? 'UNREACHABLE';
  return {
    ready: version !== null && version >= LATEST_SCHEMA_VERSION,
    database: version === null ? 'unreachable' : 'reachable',
    ...(reason ? { reason } : {}),
    schemaVersion: version,
    expectedSchemaVersion: LATEST_SCHEMA_VERSION,
  };
}
