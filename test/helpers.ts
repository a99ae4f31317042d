import { inject } from 'vitest';
import { Database } from '../src/db/database.js';

/** A driver on the run's database (see global-setup.ts). Close it in afterAll. */
export function testDatabase(): Database {
  return new Database({
    uri: inject('neo4jUri'),
    user: process.env.NEO4J_USER,
    password: process.env.NEO4J_PASSWORD,
    database: process.env.NEO4J_DATABASE,
  });
}

/** Deletes every entity whose id starts with `prefix` (a test file's own namespace). */
export async function deleteByPrefix(db: Database, prefix: string): Promise<void> {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix });
}
