import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/http/server.js';
import { EXPLORER_OPERATIONS } from '../../src/ops/operation-names.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
const servers: RunningServer[] = [];
async function serve(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ db, port: 0, ...options });
  servers.push(s);
  return s;
}
afterAll(async () => {
  for (const s of servers) await s.close();
  await db.close();
});

const query = (url: string, q: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
const metricsOf = (url: string, headers: Record<string, string> = {}) => fetch(url.replace('/graphql', '/metrics'), { headers });

describe('/metrics', () => {
  it('labels only known operation names; any other name is "other"', async () => {
    const s = await serve();
    await query(s.url, 'query Health { health { ok } }');
    for (let i = 0; i < 20; i++) await query(s.url, `query Probe${i}Secret { health { ok } }`);
    await query(s.url, '{ health { ok } }');
    const text = await (await metricsOf(s.url)).text();
    expect(text).toMatch(/graphql_requests_total\{operation="Health"\} 1/);
    expect(text).toMatch(/graphql_requests_total\{operation="other"\} 20/);
    expect(text).toMatch(/graphql_requests_total\{operation="anonymous"\} 1/);
    expect(text).not.toMatch(/Probe\d+Secret/);
  });

  it("a deployment's own operation names can be declared", async () => {
    const s = await serve({ knownOperations: ['MyDashboard'] });
    await query(s.url, 'query MyDashboard { health { ok } }');
    expect(await (await metricsOf(s.url)).text()).toMatch(/graphql_requests_total\{operation="MyDashboard"\} 1/);
  });

  it('can require a token', async () => {
    const s = await serve({ metricsEndpoint: { token: 'scrape-token-123' } });
    expect((await metricsOf(s.url)).status).toBe(401);
    expect((await metricsOf(s.url, { authorization: 'Bearer wrong' })).status).toBe(401);
    const ok = await metricsOf(s.url, { authorization: 'Bearer scrape-token-123' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^# HELP/m);
  });

  it('can be closed (production without a token or a port): then nobody gets it, on any port', async () => {
    const s = await serve({ metricsEndpoint: { closed: true } });
    const res = await metricsOf(s.url);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'in production, metrics are served only with METRICS_TOKEN set or on METRICS_PORT' });
    expect(s.metricsUrl).toBeUndefined();
  });

  it('can move to a port of its own on 127.0.0.1, and then is not served on the GraphQL port', async () => {
    const s = await serve({ metricsEndpoint: { port: 0 } });
    expect(s.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await metricsOf(s.url)).status).toBe(404);
    const own = await fetch(s.metricsUrl!);
    expect(own.status).toBe(200);
    expect(await own.text()).toMatch(/graphql_requests_total/);
    expect((await fetch(s.metricsUrl!.replace('/metrics', '/graphql'))).status).toBe(404);
  });

  it("lists every operation of the explorer page as known", async () => {
    const dir = new URL('../../src/explorer/', import.meta.url);
    const sources = await Promise.all(['queries.ts', 'session.ts', 'main.tsx'].map((f) => readFile(new URL(f, dir), 'utf8').catch(() => '')));
    const names = sources.flatMap((source) => [...source.matchAll(/\b(?:query|mutation) (Explorer\w+)/g)].map((m) => m[1]!));
    expect(names.length).toBeGreaterThan(0);
    expect([...new Set(names)].sort()).toEqual([...EXPLORER_OPERATIONS].sort());
  });
});

describe('what an open /metrics shows', () => {
  const SECRET = 'metrics-activity-secret-of-at-least-32-chars';
  const as = (url: string, token: string, q: string, variables: Record<string, unknown> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q, variables }) }).then((r) => r.json() as Promise<any>);
  /** Write transactions so far (every audit record is one). */
  const writes = (text: string) =>
    [...text.matchAll(/^neo4j_transaction_duration_seconds_count\{mode="WRITE"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  afterAll(() => deleteByPrefix(db, 'facility:metrics-activity-'));

  // why production closes an open /metrics (see SECURITY.md): it shows when classified data was read
  it("an anonymous reader of an open /metrics sees that someone's classified read was audited (a write transaction), never what was read", async () => {
    const s = await serve({ authenticate: await createAuthenticator({ jwtSecret: SECRET }) });
    const token = (clearance: 'SECRET' | 'PUBLIC', roles: Array<'reader' | 'editor'>) => mintToken({ secret: SECRET, subject: `metrics-${clearance}`, clearance, roles });
    const created = await as(s.url, await token('SECRET', ['reader', 'editor']), 'mutation($i: FacilityInput!) { createFacility(input: $i) { facility { id } } }', {
      i: { id: 'facility:metrics-activity-lab', name: '度量活動實驗室', classification: 'SECRET', sources: ['test'], kind: 'LAB' },
    });
    expect(created.errors).toBeUndefined();
    const read = (t: string) => as(s.url, t, 'query($id: ID!) { node(id: $id) { id name } }', { id: 'facility:metrics-activity-lab' });

    const before = await (await metricsOf(s.url)).text();
    expect((await read(await token('PUBLIC', ['reader']))).data.node).toBeNull();
    const afterPublic = await (await metricsOf(s.url)).text();
    expect((await read(await token('SECRET', ['reader']))).data.node.name).toBe('度量活動實驗室');
    const afterSecret = await (await metricsOf(s.url)).text();

    // a read that sees nothing classified writes nothing; a classified one writes its audit record
    expect(writes(afterPublic)).toBe(writes(before));
    expect(writes(afterSecret)).toBe(writes(afterPublic) + 1);
    expect(afterSecret).not.toMatch(/metrics-activity|度量活動/);
  });
});
