/**
 * The scale-out path (README, "Scaling past one machine"): the API on a routing driver
 * (`NEO4J_URI=neo4j://…`), against the run's Neo4j, a server started apart from the API
 * (global-setup.ts, or the one NEO4J_URI names). A standalone Neo4j answers the driver's ROUTE
 * request with itself as router, reader and writer, so the routed path is taken end to end: the
 * routing table, sessions by access mode, and the server holding each transaction to its mode.
 * Evidence comes from the driver's own Bolt log and from watching (not replacing) its sessions.
 *
 * `NEO4J_URI=neo4j://host:port npm test` runs the whole suite on that path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'neo4j-driver';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { Database } from '../../src/db/database.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { SEED_DIR } from '../../src/seed.js';
import { EDITOR, post, TEST_SECRET } from '../graphql/harness.js';

const runUri = inject('neo4jUri');
const routedUri = runUri.replace(/^bolt(\+s|\+ssc)?:/, (_m, tls: string | undefined) => `neo4j${tls ?? ''}:`);
const address = new URL(routedUri.replace(/^neo4j(\+s|\+ssc)?:/, 'http:')).host;

/** The driver's log lines (info: routing tables; debug: every Bolt message sent and received). */
const log: string[] = [];
const db = new Database({
  uri: routedUri,
  user: process.env.NEO4J_USER,
  password: process.env.NEO4J_PASSWORD,
  database: process.env.NEO4J_DATABASE,
  queryTimeoutMs: process.env.QUERY_TIMEOUT_MS ? Number(process.env.QUERY_TIMEOUT_MS) : 120_000,
  logging: { level: 'debug', logger: (_level, message) => void log.push(message) },
});
let server: RunningServer;

const operation = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../src/client/operations', `${name}.graphql`), 'utf8');
/** The access mode of every transaction begun (Bolt BEGIN) among `lines`: 'r' for read, 'w' for write. */
const begins = (lines: string[]) =>
  lines.filter((l) => / C: BEGIN /.test(l)).map((l) => (JSON.parse(l.slice(l.indexOf('{'))).mode === 'r' ? 'r' : 'w'));
/** The statements sent (Bolt RUN) among `lines`; an auto-commit one carries its access mode itself. */
const runs = (lines: string[]) => lines.filter((l) => / C: RUN /.test(l));

/** Watches the driver's sessions while `work` runs: which transaction functions were used, and the Bolt log. */
async function watch(work: () => Promise<void>) {
  const executeRead = vi.spyOn(Session.prototype, 'executeRead');
  const executeWrite = vi.spyOn(Session.prototype, 'executeWrite');
  const beginTransaction = vi.spyOn(Session.prototype, 'beginTransaction');
  const autoCommit = vi.spyOn(Session.prototype, 'run');
  const from = log.length;
  await work();
  const lines = log.slice(from);
  return {
    reads: executeRead.mock.calls.length,
    writes: executeWrite.mock.calls.length,
    explicit: beginTransaction.mock.calls.length,
    autoCommit: autoCommit.mock.calls.length,
    begins: begins(lines),
    lines,
  };
}

beforeAll(async () => {
  await load(db, await readDatasetDir(SEED_DIR));
  server = await startServer({ db, port: 0, authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }) });
}, 300_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: 'facility:routing-' }).catch(() => {});
  await server?.close();
  await db.close();
});

describe('the API on a routing driver (neo4j://)', () => {
  it('asks the server for a routing table and finds it as router, reader and writer', () => {
    expect(routedUri).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
    expect(log.some((l) => / C: ROUTE /.test(l))).toBe(true);
    const table = log.filter((l) => l.startsWith('Updated routing table')).at(-1);
    expect(table).toContain(`routers=[${address}]`);
    expect(table).toContain(`readers=[${address}]`);
    expect(table).toContain(`writers=[${address}]`);
  });

  it('answers the shipped client queries with read-mode statements only (auto-commit RUN in read mode, no BEGIN)', async () => {
    const seen = await watch(async () => {
      for (const [name, variables] of [
        ['health', {}],
        ['node', { id: 'doc:jingzhengfa-2013-19' }],
        ['signature', { district: 'district:daxing', technology: 'tech:satellite-applications' }],
      ] as const) {
        const res = await post(server.url, operation(name), variables);
        expect(res.body.errors, name).toBeUndefined();
        expect(res.body.data, name).toBeTruthy();
      }
    });
    expect(seen.autoCommit).toBeGreaterThanOrEqual(3);
    expect(seen.reads + seen.writes + seen.explicit).toBe(0);
    expect(seen.begins).toEqual([]);
    const statements = runs(seen.lines);
    expect(statements.length).toBe(seen.autoCommit);
    for (const line of statements) expect(line).toMatch(/"mode":"r"/);
  });

  it('runs a mutation in a write transaction (executeWrite, BEGIN in write mode) that the routed reads then see', async () => {
    const seen = await watch(async () => {
      const res = await post(
        server.url,
        `mutation($input: FacilityInput!) { createFacility(input: $input) { facility { id name } } }`,
        { input: { id: 'facility:routing-lab', name: '路由測試實驗室', kind: 'KEY_LAB', access: 'OPEN', sources: ['routing test'] } },
        EDITOR,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.createFacility.facility).toEqual({ id: 'facility:routing-lab', name: '路由測試實驗室' });
    });
    expect(seen.writes).toBeGreaterThanOrEqual(1);
    expect(seen.explicit).toBe(0);
    expect(seen.begins).toContain('w');
    expect(seen.begins.filter((m) => m === 'w')).toHaveLength(seen.writes);

    // the write's bookmark is not shared with later sessions, but on one server the routed read sees it
    const read = await post(server.url, `{ node(id: "facility:routing-lab") { id name } }`);
    expect(read.body.data.node).toEqual({ id: 'facility:routing-lab', name: '路由測試實驗室' });
  });

  it('is held to read mode by the server: a write sent through `read` is refused and changes nothing', async () => {
    const err = await db.read(`CREATE (n:Entity {id: 'facility:routing-forbidden'}) RETURN n.id AS id`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Neo.ClientError.Statement.AccessMode' });
    expect(await db.read(`MATCH (n:Entity {id: 'facility:routing-forbidden'}) RETURN n.id AS id`)).toEqual([]);
  });
});
