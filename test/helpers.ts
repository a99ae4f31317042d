import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, inject } from 'vitest';
import { Database } from '../src/db/database.js';
import { startEmbedded, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';

/** A driver on the run's database (see global-setup.ts). Close it in afterAll. */
export function testDatabase(): Database {
  return new Database({
    uri: inject('neo4jUri'),
    user: process.env.NEO4J_USER,
    password: process.env.NEO4J_PASSWORD,
    database: process.env.NEO4J_DATABASE,
    // QUERY_TIMEOUT_MS as for the app; else 120 s: a loaded machine can take longer than the
    // production default (30 s) to load the seed graph
    queryTimeoutMs: process.env.QUERY_TIMEOUT_MS ? Number(process.env.QUERY_TIMEOUT_MS) : 120_000,
  });
}

/** Deletes every entity whose id starts with `prefix` (a test file's own namespace). */
export async function deleteByPrefix(db: Database, prefix: string): Promise<void> {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix });
}

/**
 * A database of the test file's own, for tests that empty it or fill it with random or synthetic
 * data: an embedded Neo4j in a temporary directory, migrated, stopped and removed after the file.
 */
export function usePrivateDatabase(): { db: Database; uri: string } {
  const handle = { db: undefined as unknown as Database, uri: '' };
  let neo4j: EmbeddedNeo4j | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'kg-private-'));
    // the run's password, so that processes started with NEO4J_URI pointing here inherit the right one
    neo4j = await startEmbedded({ home, heap: '512m', pageCacheMb: 64, password: process.env.NEO4J_PASSWORD, startTimeoutMs: 540_000 });
    handle.uri = neo4j.uri;
    handle.db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
    await migrate(handle.db);
  }, 600_000);
  afterAll(async () => {
    await handle.db?.close();
    await neo4j?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });
  return handle;
}

/** Deletes every node but the schema version, in bounded transactions. */
export async function wipe(db: Database): Promise<void> {
  for (;;) {
    const [row] = await db.write('MATCH (n) WHERE NOT n:SchemaVersion WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n');
    if ((row!.n as number) === 0) return;
  }
}

/** Every entity (labels, properties) and relationship (type, ends, properties), in a canonical order. */
export async function snapshot(db: Database): Promise<string> {
  const nodes = await db.read('MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id');
  for (const n of nodes) (n.labels as string[]).sort();
  const rels = await db.read('MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b');
  return JSON.stringify({ nodes, rels });
}

/**
 * `count` private databases (see usePrivateDatabase), started side by side: for tests that compare
 * what the API answers on two graphs.
 */
export function usePrivateDatabases(count: number): Array<{ db: Database; uri: string }> {
  const handles = Array.from({ length: count }, () => ({ db: undefined as unknown as Database, uri: '' }));
  const started: Array<{ neo4j?: EmbeddedNeo4j; home?: string }> = handles.map(() => ({}));
  beforeAll(async () => {
    await Promise.all(
      handles.map(async (handle, i) => {
        const s = started[i]!;
        s.home = await mkdtemp(path.join(tmpdir(), 'kg-private-'));
        s.neo4j = await startEmbedded({ home: s.home, heap: '512m', pageCacheMb: 64, startTimeoutMs: 540_000, txTimeoutSeconds: 300 });
        handle.uri = s.neo4j.uri;
        // generous timeouts: a comparison run must not fail because a shared machine is slow
        handle.db = new Database({ uri: s.neo4j.uri, user: s.neo4j.user, password: s.neo4j.password, queryTimeoutMs: 300_000 });
        await migrate(handle.db);
      }),
    );
  }, 600_000);
  afterAll(async () => {
    await Promise.all(
      handles.map(async (handle, i) => {
        const s = started[i]!;
        await handle.db?.close();
        await s.neo4j?.stop();
        if (s.home) await rm(s.home, { recursive: true, force: true });
      }),
    );
  });
  return handles;
}

/** A destination for a JSON logger that parses each line it is given into `lines`. */
export function logSink(): { lines: Array<Record<string, any>>; sink: Writable } {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, sink };
}
