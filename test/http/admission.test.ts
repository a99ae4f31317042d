import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { viewerFromClaims } from '../../src/auth/authenticate.js';
import { createAdmission } from '../../src/http/admission.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('admission gate', () => {
  it('lets maxConcurrent requests run, queues the rest and admits them first come first served', async () => {
    const gate = createAdmission({ maxConcurrent: 2, maxWaitMs: 10_000 });
    const a = await gate.enter();
    const b = await gate.enter();
    const order: string[] = [];
    const c = gate.enter().then((end) => (order.push('c'), end));
    const d = gate.enter().then((end) => (order.push('d'), end));
    await tick();
    expect([gate.running, gate.waiting, order]).toEqual([2, 2, []]);
    a!();
    a!(); // ending a turn twice frees one place, not two
    await tick();
    expect([gate.running, gate.waiting, order]).toEqual([2, 1, ['c']]);
    b!();
    await tick();
    expect(order).toEqual(['c', 'd']);
    (await c)!();
    (await d)!();
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('refuses a request that waited maxWaitMs, and the line goes on without it', async () => {
    const gate = createAdmission({ maxConcurrent: 1, maxWaitMs: 20 });
    const first = await gate.enter();
    const refused = await gate.enter();
    expect(refused).toBeNull();
    expect(gate.waiting).toBe(0);
    const next = gate.enter();
    first!();
    expect(await next).toBeTypeOf('function');
    expect(gate.running).toBe(1);
  });

  it('rejects options that would admit nothing', () => {
    expect(() => createAdmission({ maxConcurrent: 0, maxWaitMs: 1 })).toThrow(/maxConcurrent must be an integer >= 1, got 0/);
    expect(() => createAdmission({ maxConcurrent: 1, maxWaitMs: Number.NaN })).toThrow(/maxWaitMs must be >= 0/);
  });
});

describe('admission gate in front of /graphql', () => {
  const db = testDatabase();
  let server: RunningServer;
  const driver = neo4j.driver(inject('neo4jUri'), neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
  const post = (query: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

  beforeAll(async () => {
    await db.write(
      `CREATE (:Entity:Facility {id: 'facility:admit-lock', name: '鎖', classification: 'PUBLIC', classificationLevel: 0,
               sources: ['test'], kind: 'TEST_PLATFORM', access: 'OPEN'})`,
    );
    const editor = viewerFromClaims({ sub: 'admission-test', clearance: 'PUBLIC', roles: ['reader', 'editor'] });
    server = await startServer({ db, port: 0, admission: { maxConcurrent: 1, maxWaitMs: 300 }, authenticate: async () => editor });
  });
  afterAll(async () => {
    await server?.close();
    await driver.close();
    await deleteByPrefix(db, 'facility:admit-');
    await db.close();
  });

  it('holds a request beyond maxConcurrent in line and refuses it after maxWaitMs: 503, BUSY, Retry-After, nothing done', async () => {
    // a transaction of the test holds the facility's write lock, so the update below keeps the only turn
    const session = driver.session();
    const tx = session.beginTransaction();
    await tx.run("MATCH (f:Facility {id: 'facility:admit-lock'}) SET f.name = '鎖住'");
    const held = post(`mutation { updateFacility(id: "facility:admit-lock", patch: {name: "更新"}) { facility { name } } }`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = await post('{ health { ok } }');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      errors: [{ message: 'the server is busy; nothing was done, try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'BUSY' } }],
    });
    await tx.rollback();
    await session.close();
    const updated = await held;
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ data: { updateFacility: { facility: { name: '更新' } } } });
    // the turn was given back
    expect((await post('{ health { ok } }')).status).toBe(200);
  });
});
