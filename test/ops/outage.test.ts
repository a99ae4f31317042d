import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { freePort, startEmbedded, type EmbeddedNeo4j } from '../../src/db/embedded.js';
import { LATEST_SCHEMA_VERSION, migrate } from '../../src/db/migrations.js';
import { startServer, type RunningServer } from '../../src/http/server.js';

/** A server on its own embedded Neo4j, which the test stops and starts again underneath it. */
let home: string;
let port: number;
let neo4j: EmbeddedNeo4j;
let db: Database;
let server: RunningServer;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'kg-outage-'));
  port = await freePort();
  neo4j = await startEmbedded({ home, port, heap: '256m', pageCacheMb: 32 });
  db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password, maxRetryTimeMs: 1_000 });
  await migrate(db);
  await db.write("CREATE (:Entity:Technology {id: 'tech:outage', name: '測試', classification: 'PUBLIC', classificationLevel: 0, sources: ['t']})");
  server = await startServer({ db, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  await neo4j?.stop();
  await rm(home, { recursive: true, force: true });
});

const base = () => server.url.replace('/graphql', '');
const ask = async () => {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ node(id: "tech:outage") { id } }' }) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('readiness', () => {
  it('is red while the schema migrations are not applied, though the database is reachable', async () => {
    await db.write("MATCH (v:SchemaVersion {id: 'schema'}) SET v.version = $v", { v: LATEST_SCHEMA_VERSION - 1 });
    try {
      const behind = await fetch(`${base()}/readyz`);
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ ready: false, database: 'reachable', schemaVersion: LATEST_SCHEMA_VERSION - 1, expectedSchemaVersion: LATEST_SCHEMA_VERSION });
    } finally {
      await migrate(db);
    }
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: 'reachable', schemaVersion: LATEST_SCHEMA_VERSION, expectedSchemaVersion: LATEST_SCHEMA_VERSION });
  });
});

describe('when Neo4j goes away and comes back', () => {
  it('answers SERVICE_UNAVAILABLE and turns /readyz red while it is away, then recovers by itself', async () => {
    expect((await ask()).body.data.node).toEqual({ id: 'tech:outage' });
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);

    await neo4j.stop();
    const started = Date.now();
    const down = await ask();
    expect(down.status).toBe(200);
    expect(down.body.errors[0]).toMatchObject({ message: 'the database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'UNREACHABLE' } });
    expect(JSON.stringify(down.body)).not.toMatch(/encryption|4\.0|Neo4jError/); // no driver text
    expect(Date.now() - started).toBeLessThan(15_000);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, database: 'unreachable', reason: 'UNREACHABLE', schemaVersion: null, expectedSchemaVersion: LATEST_SCHEMA_VERSION });
    expect((await fetch(`${base()}/healthz`)).status).toBe(200); // the process itself is fine

    neo4j = await startEmbedded({ home, port, heap: '256m', pageCacheMb: 32 });
    const deadline = Date.now() + 30_000;
    let answer = await ask();
    while (!answer.body.data?.node && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      answer = await ask();
    }
    expect(answer.body.data.node).toEqual({ id: 'tech:outage' }); // same server, same driver: no restart
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);
  });
});
