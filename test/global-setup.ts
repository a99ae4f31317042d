import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Database } from '../src/db/database.js';
import { startEmbedded, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

let embedded: EmbeddedNeo4j | undefined;
let home: string | undefined;

/**
 * One database for the whole run: NEO4J_URI when set, otherwise an embedded Neo4j in a temporary
 * directory (its credentials put in NEO4J_USER / NEO4J_PASSWORD), migrated once. Test files keep their data apart by id prefix.
 */
export async function setup(project: TestProject): Promise<void> {
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    home = await mkdtemp(path.join(tmpdir(), 'kg-test-neo4j-'));
    embedded = await startEmbedded({ home, heap: '1g', pageCacheMb: 256, startTimeoutMs: 540_000 });
    uri = embedded.uri;
    // test workers and the processes they start inherit these (the embedded Neo4j requires a password)
    process.env.NEO4J_USER = embedded.user;
    process.env.NEO4J_PASSWORD = embedded.password;
  }
  const db = new Database({ uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE, queryTimeoutMs: 300_000 });
  await migrate(db);
  await db.close();
  project.provide('neo4jUri', uri);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (home) await rm(home, { recursive: true, force: true });
}
