import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthDocument, NodeDocument } from '../../src/generated/operations.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
let server: RunningServer;
let client: GraphQLClient;

beforeAll(async () => {
  await db.write(
    `CREATE (:Entity:District {id: 'district:httptest-daxing', name: '大興', nameEn: 'Daxing', classification: 'PUBLIC',
             classificationLevel: 0, sources: ['京政發〔2013〕19號 §二(一)1(2)']})`,
  );
  server = await startServer({ db, port: 0 });
  client = new GraphQLClient(server.url);
});

afterAll(async () => {
  await server?.close();
  await deleteByPrefix(db, 'district:httptest-');
  await db.close();
});

describe('GraphQL over HTTP', () => {
  it('answers the health query with the real Neo4j version and size', async () => {
    const { health } = await client.request(HealthDocument);
    expect(health.ok).toBe(true);
    expect(health.neo4jVersion).toMatch(/^5\.26\.\d+$/);
    expect(health.neo4jEdition).toBe('community');
    expect(health.nodeCount).toBeGreaterThanOrEqual(1);
    expect(health.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('fetches a node by id with its concrete type and shared fields', async () => {
    const { node } = await client.request(NodeDocument, { id: 'district:httptest-daxing' });
    expect(node).toEqual({
      __typename: 'District',
      id: 'district:httptest-daxing',
      name: '大興',
      nameEn: 'Daxing',
      aliases: [],
      classification: 'PUBLIC',
      sources: ['京政發〔2013〕19號 §二(一)1(2)'],
    });
  });

  it('returns null for an id that does not exist', async () => {
    const { node } = await client.request(NodeDocument, { id: 'district:httptest-nowhere' });
    expect(node).toBeNull();
  });

  it('rejects an oversized body with 413 rather than reading it all', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ health { ok } } #${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('serves /healthz for load balancers', async () => {
    const res = await fetch(server.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers /healthz 503 with the reason once the embedded database's supervisor has given it up as failed", async () => {
    const status = { failed: false, reason: null as string | null };
    const supervised = await startServer({ db, port: 0, liveness: () => status });
    const healthz = supervised.url.replace('/graphql', '/healthz');
    try {
      expect((await fetch(healthz)).status).toBe(200);
      Object.assign(status, { failed: true, reason: 'DISK_FULL' });
      const res = await fetch(healthz);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, database: 'failed', reason: 'DISK_FULL' });
    } finally {
      await supervised.close();
    }
  });
});
